// Renders the app icons (apps/web/public/icons/*.png) from brygga.svg with Debian's Chromium.
// Run by hand when the SVG changes: node scripts/make-pwa-icons.mjs. The PNGs are committed.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const dir = new URL('../apps/web/public/icons/', import.meta.url);
const svg = readFileSync(new URL('brygga.svg', dir), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
for (const [name, size] of [
  ['icon-192.png', 192],
  ['icon-512.png', 512],
  ['apple-touch-icon.png', 180],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
  await page.screenshot({ path: new URL(name, dir).pathname, omitBackground: true });
  await page.close();
}
await browser.close();
