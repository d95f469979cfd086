import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi, TestUser } from '../support/harness';

/** Debian's Chromium: the tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const OUTPUT = join(__dirname, '..', '..', 'test-output');
export const SCREENSHOTS = join(OUTPUT, 'screenshots');
const LOCK = '/tmp/brygga-chromium-install.lock';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Installs Debian's chromium with apt when it is missing (CI machines run as root), once per
 * machine: a lock folder keeps two test workers from running apt at the same time.
 */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM)) return;
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another worker installs; a lock older than 5 minutes is left over from a killed run.
      if (existsSync(CHROMIUM)) return;
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmdirSync(LOCK);
      if (waited > 300_000) throw new Error('Timed out waiting for another worker to install chromium');
      await sleep(500);
    }
  }
  try {
    if (!existsSync(CHROMIUM)) {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
        stdio: 'inherit',
        timeout: 600_000,
      });
    }
  } finally {
    rmdirSync(LOCK);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing after apt-get install chromium`);
}

export async function launchBrowser(): Promise<Browser> {
  await ensureChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** The devices the web story runs on: a laptop, a tablet in portrait and a phone. */
export interface Device {
  name: 'desktop' | 'surfplatta' | 'mobil';
  viewport: { width: number; height: number };
  /** A touch screen: the page is laid out by its meta viewport, taps instead of clicks. */
  touch: boolean;
}
export const LAPTOP: Device = { name: 'desktop', viewport: { width: 1366, height: 768 }, touch: false };
export const DEVICES: readonly Device[] = [
  LAPTOP,
  { name: 'surfplatta', viewport: { width: 768, height: 1024 }, touch: true },
  { name: 'mobil', viewport: { width: 390, height: 844 }, touch: true },
];

/** A browser profile (a laptop unless told) in Swedish and Stockholm time; page errors fail the test that reads them. */
export async function newContext(
  browser: Browser,
  device: Device = LAPTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: device.viewport,
    isMobile: device.touch,
    hasTouch: device.touch,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  const page = await context.newPage();
  // Each step waits for a state, never a fixed time; 20 s only bounds a hang. Under CI's load (two
  // test workers, browsers and api nodes on 2 cores) a step that passes in 1 s has taken over 10 s.
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    // A development build of the client also reports answers that do not match openapi.json.
    if (m.type() === 'error' && /Content Security Policy|does not match the contract/i.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

/** From the app's login view through the development IdP (pick the identity by its name) back to the inbox. */
export async function logIn(page: Page, api: TestApi, user: TestUser, method: 'SITHS-kort' | 'BankID' = 'SITHS-kort'): Promise<void> {
  await page.goto(`${api.baseUrl}/`);
  await page.getByRole('link', { name: `Logga in med ${method}` }).click();
  // The click starts the redirect chain back through the api's callback; under load that alone has
  // taken longer than a step's timeout, so the chain gets its own bound.
  await page.getByRole('button', { name: user.name, exact: true }).click({ timeout: 45_000 });
  await page.waitForURL(`${api.baseUrl}/**`, { timeout: 45_000 });
  await page.getByRole('heading', { level: 1, name: 'Inkorg' }).waitFor();
}

export interface AxeSummary {
  view: string;
  violations: { id: string; impact: string | null | undefined; nodes: number }[];
  passes: number;
}
/** WCAG 2.1 A and AA rules; returns the serious and critical violations (the test expects none). */
export async function axe(
  page: Page,
  view: string,
): Promise<{ id: string; impact: string | null | undefined; help: string; targets: string[] }[]> {
  // Loaded on first use: half of the web files never run axe, and axe-core is a large script to load per file.
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary: AxeSummary = {
    view,
    violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
    passes: result.passes.length,
  };
  mkdirSync(join(OUTPUT, 'axe'), { recursive: true });
  writeFileSync(join(OUTPUT, 'axe', `${view}.json`), JSON.stringify(summary, null, 2));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** How far the page is wider than the window (0 or less when nothing scrolls sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/**
 * Visible controls smaller than a finger (44 CSS px tall, WCAG 2.5.5): buttons, fields, tabs,
 * menu links and the inbox's patient links. Returns a description of each offender.
 */
export async function smallTapTargets(page: Page): Promise<string[]> {
  // A string, run in the page: this file is compiled without the DOM's types.
  return page.evaluate<string[]>(`(() => {
    const selector = "button, select, input:not([type='checkbox']):not([type='radio']):not([type='hidden']), [role='tab'], nav a, .patient-link, .button";
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not shown
      if (box.height < 43.5) small.push(el.tagName.toLowerCase() + ' "' + (el.textContent || el.getAttribute('aria-label') || el.id).trim().slice(0, 40) + '" ' + Math.round(box.width) + 'x' + Math.round(box.height));
    }
    return small;
  })()`);
}
