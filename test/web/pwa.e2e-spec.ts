import type { Browser } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { DEVICES, launchBrowser, logIn, newContext, screenshot } from './browser';

/**
 * The installable app (docs/web-client.md) on a phone: the service worker registers, and a reload
 * without coverage shows the app shell with the Swedish offline banner instead of the browser's
 * error page. The worker's caches hold the shell only, never an api answer.
 */
const PHONE = DEVICES.find((d) => d.name === 'mobil')!;

describe('installable app (PWA)', () => {
  let api: TestApi;
  let browser: Browser;
  let nurse: TestUser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const unit = await api.unit('hemtjanst', 'Hemtjänst Gotland Syd');
    nurse = await api.user(unit, 'utforare', 'Hedvig');
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('serves the worker and the manifest with headers that let the browser install and update them', async () => {
    const sw = await fetch(`${api.baseUrl}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    // A worker cached for long would keep an old version alive: the browser must always ask.
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const csp = sw.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/worker-src 'none'/);
    const manifest = await fetch(`${api.baseUrl}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    const body = (await manifest.json()) as { name: string; lang: string; icons: { src: string }[] };
    expect(body).toMatchObject({ name: 'Brygga – trygg hemgång', lang: 'sv' });
    for (const icon of body.icons) {
      const res = await fetch(`${api.baseUrl}${icon.src}`);
      expect({ icon: icon.src, status: res.status, type: res.headers.get('content-type') }).toEqual({
        icon: icon.src,
        status: 200,
        type: 'image/png',
      });
    }
  });

  it('reloads without coverage into the app shell with the offline banner, and caches no api answer', async () => {
    const { context, page, errors } = await newContext(browser, PHONE);
    // Under a loaded CI machine the login's redirects through the IdP, the worker's install (it
    // precaches the whole shell) and the offline reload have each taken longer than the 10 s a page
    // waits by default; what is awaited is still a state (a page, a heading, the banner), never a sleep.
    page.setDefaultTimeout(30_000);
    page.setDefaultNavigationTimeout(60_000);
    try {
      // The worker registers on the login view and precaches the whole shell: let it finish before
      // the login's redirects, so the two do not compete for a loaded machine.
      await page.goto(`${api.baseUrl}/`);
      const scope = await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');
      expect(scope).toBe(`${api.baseUrl}/`);
      await logIn(page, api, nurse);
      // The worker is active: the next navigation goes through it.
      await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');
      expect(await page.getByTestId('offline-banner').count()).toBe(0);
      expect(errors).toEqual([]);

      // Every cached URL is the shell or a static file: /api, /auth and /socket.io go to the network only.
      const cached = await page.evaluate<string[]>(
        'caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys())))).then((lists) => lists.flat().map((r) => new URL(r.url).pathname))',
      );
      expect(cached).toContain('/index.html');
      expect(cached.filter((p) => /^\/(api|auth|fhir|socket\.io)(\/|$)/.test(p))).toEqual([]);

      await context.setOffline(true);
      await page.reload();
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toMatch(/^Ingen täckning – visar sparat från \d{2}:\d{2}$/);
      // The app's own page, not Chromium's "ERR_INTERNET_DISCONNECTED".
      expect(await page.title()).toBe('Brygga');
      expect(page.url()).toBe(`${api.baseUrl}/`);
      await screenshot(page, 'mobil-offline-banner');

      await context.setOffline(false);
      await banner.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});
