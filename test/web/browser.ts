import AxeBuilder from '@axe-core/playwright';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi, TestUser } from '../support/harness';

/** Debian's Chromium: the tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
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
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit', timeout: 600_000 });
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

/** A laptop-sized browser profile in Swedish and Stockholm time; page errors fail the test that reads them. */
export async function newContext(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

/** From the app's login view through the development IdP (pick the identity by its name) back to the inbox. */
export async function logIn(page: Page, api: TestApi, user: TestUser, method: 'SITHS-kort' | 'BankID' = 'SITHS-kort'): Promise<void> {
  await page.goto(`${api.baseUrl}/`);
  await page.getByRole('link', { name: `Logga in med ${method}` }).click();
  await page.getByRole('button', { name: user.name, exact: true }).click();
  await page.waitForURL(`${api.baseUrl}/**`);
  await page.getByRole('heading', { level: 1, name: 'Inkorg' }).waitFor();
}

export interface AxeSummary {
  view: string;
  violations: { id: string; impact: string | null | undefined; nodes: number }[];
  passes: number;
}
/** WCAG 2.1 A and AA rules; returns the serious and critical violations (the test expects none). */
export async function axe(page: Page, view: string): Promise<{ id: string; impact: string | null | undefined; help: string; targets: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary: AxeSummary = { view, violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })), passes: result.passes.length };
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
