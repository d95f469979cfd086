import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { DEVICES, launchBrowser, logIn, newContext, screenshot } from './browser';

/**
 * Notices on a phone (docs/notifications.md): the installed app's service worker shows a Web Push
 * as a notice that names only the unit and opens only the thread's own address; "Aviseringar"
 * saves which events notify and refuses an e-mail address that is not one, in Swedish.
 * (A real push subscription needs the browser vendor's push service, which the test machine does
 * not reach: the push is delivered to the worker through the DevTools protocol instead, and the
 * server side is tested against a local push service in test/notifications.e2e-spec.ts.)
 */
const PHONE = DEVICES.find((d) => d.name === 'mobil')!;
const SHOTS = '/work/shots/26';
const THREAD = '0b6f0f36-1d1a-4c55-9d62-6f1f3e0e2a11';

interface Shown {
  title: string;
  body: string;
  tag: string;
  data: { url: string };
}

const shownNotices = (page: Page) =>
  page.evaluate<Shown[]>(
    'navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((ns) => ns.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))',
  );

/** Waits until the worker shows this many notices (a push is handled asynchronously in the worker). */
async function noticesShown(page: Page, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await shownNotices(page)).length < count) {
    if (Date.now() > deadline) throw new Error(`the worker showed fewer than ${count} notices`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notices on a phone (Web Push, Aviseringar)', () => {
  let api: TestApi;
  let browser: Browser;
  let carer: TestUser;

  beforeAll(async () => {
    // An SMTP address is configured so the e-mail setting is offered; nothing is posted, so nothing is sent.
    [api, browser] = await Promise.all([TestApi.start({ SMTP_URL: 'smtp://127.0.0.1:9' }), launchBrowser()]);
    const unit = await api.unit('hemtjanst', 'Hemtjänst Norr');
    carer = await api.user(unit, 'utforare', 'Hedda');
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('shows a push as a notice that names only the unit and opens only the thread', async () => {
    const { context, page, errors } = await newContext(browser, PHONE);
    try {
      await context.grantPermissions(['notifications'], { origin: api.baseUrl });
      await logIn(page, api, carer);
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      const cdp = await context.newCDPSession(page);
      const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
      cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: typeof registrations }) =>
        registrations.push(...e.registrations),
      );
      await cdp.send('ServiceWorker.enable');
      const deadline = Date.now() + 10_000;
      while (!registrations.some((r) => r.scopeURL === `${api.baseUrl}/` && !r.isDeleted) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const registration = registrations.find((r) => r.scopeURL === `${api.baseUrl}/` && !r.isDeleted)!;
      expect(registration).toBeDefined();
      const deliver = (payload: unknown) =>
        cdp.send('ServiceWorker.deliverPushMessage', {
          origin: api.baseUrl,
          registrationId: registration.registrationId,
          data: JSON.stringify(payload),
        });

      await deliver({
        kind: 'message',
        title: 'Nytt meddelande',
        body: 'Nytt i Brygga för Hemtjänst Norr',
        threadId: THREAD,
        url: `/arenden/${THREAD}`,
      });
      await noticesShown(page, 1);
      expect((await shownNotices(page))[0]).toEqual({
        title: 'Nytt meddelande',
        body: 'Nytt i Brygga för Hemtjänst Norr',
        tag: `message:${THREAD}`,
        data: { url: `/arenden/${THREAD}` },
      });

      // A payload that names another address opens the app's start page, never that address.
      await deliver({
        kind: 'deadline',
        title: 'Bevakning',
        body: 'Nytt i Brygga för Hemtjänst Norr',
        threadId: 'x',
        url: 'https://example.org/',
      });
      await noticesShown(page, 2);
      expect((await shownNotices(page)).find((n) => n.title === 'Bevakning')?.data).toEqual({ url: '/' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('saves which events notify, and refuses an e-mail address that is not one in Swedish', async () => {
    const { context, page, errors } = await newContext(browser, PHONE);
    try {
      await logIn(page, api, carer);
      await page.getByRole('button', { name: 'Meny' }).click();
      await page.getByRole('link', { name: 'Aviseringar' }).click();
      await page.getByRole('heading', { level: 1, name: 'Aviseringar' }).waitFor();
      expect(await page.getByTestId('push-status').textContent()).toBe('Den här enheten får inga aviseringar.');
      // The defaults: every event, no e-mail.
      const message = page.getByLabel('ett nytt meddelande kommer till min enhet');
      expect(await message.isChecked()).toBe(true);
      expect(await page.getByLabel('Skicka också en kort påminnelse med e-post').isChecked()).toBe(false);

      await message.uncheck();
      await page.getByLabel('Skicka också en kort påminnelse med e-post').check();
      await page.getByLabel('E-postadress').fill('inte-en-adress');
      await page.getByRole('button', { name: 'Spara' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'E-postadress' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('måste vara en e-postadress');

      await page.getByLabel('E-postadress').fill('hedda.hemtjanst@region.se');
      await page.getByRole('button', { name: 'Spara' }).click();
      await page.getByTestId('aviseringar-sparade').waitFor();
      const saved = await api.request(carer, 'GET', '/api/notifications/settings');
      expect(saved.body).toMatchObject({
        message: false,
        deadline: true,
        hemgangsklar: true,
        emailEnabled: true,
        emailAddress: 'hedda.hemtjanst@region.se',
      });
      await screenshot(page, 'mobil-aviseringar');
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/mobil-aviseringar.png`, fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
