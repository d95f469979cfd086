import type { Browser, Page } from 'playwright-core';
import { newThreadBody } from '../support/bodies';
import { TestApi, type TestUser } from '../support/harness';
import { DEVICES, launchBrowser, logIn, newContext, screenshot } from './browser';

/**
 * Offline use on a phone (docs/offline.md), in Chromium at 390 × 844: a thread kept "Tillgänglig
 * offline" is read after a reload without coverage; a message and a readiness withdrawal wait in
 * the outbox with the time of the act; back online the withdrawal is confirmed again, both reach
 * the timeline with their observed times, and the offline read reaches the access log. The copy is
 * gone after access is revoked and after logout.
 */
const PHONE = DEVICES.find((d) => d.name === 'mobil')!;
const SHOT = '/work/brief/shots/offline-outbox.png';

describe('offline on a phone', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let carer: TestUser;
  let hemtjanst: string;
  let kept: string;
  let revoked: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF Gotland');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Gotland Syd');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Hedvig');
    kept = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst], { givenName: 'Tekla' }))).body.id;
    revoked = (
      await api.request(
        coordinator,
        'POST',
        '/api/threads',
        newThreadBody([sof, hemtjanst], { personnummer: '19070401-9801', givenName: 'Greta', familyName: 'Gotlänning' }),
      )
    ).body.id;
    await api.request(coordinator, 'POST', `/api/threads/${kept}/messages`, {
      kind: 'fritext',
      body: 'Nyckeln finns hos grannen.',
      idempotencyKey: 'seed-1',
    });
    expect((await api.request(carer, 'POST', `/api/threads/${kept}/readiness`, { redoFran: new Date().toISOString() })).status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const keepOffline = async (page: Page, threadId: string) => {
    await page.goto(`${api.baseUrl}/arenden/${threadId}`);
    await page.getByRole('checkbox', { name: 'Tillgänglig offline' }).click();
    await page.getByText('sparat krypterat på telefonen').waitFor();
  };
  const countRecords = (page: Page) =>
    page.evaluate<number>(
      `new Promise((resolve) => { const r = indexedDB.open('brygga-offline', 1); r.onupgradeneeded = () => r.result.createObjectStore('vault', { keyPath: 'id' }); r.onsuccess = () => { const q = r.result.transaction('vault').objectStore('vault').count(); q.onsuccess = () => { r.result.close(); resolve(q.result); }; }; })`,
    );
  /** The records kept on the device, read once the page has settled (logout ends in redirects). */
  const storedRecords = async (page: Page): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      await page.waitForLoadState('load');
      try {
        return await countRecords(page);
      } catch (error) {
        if (attempt >= 5 || !/Execution context was destroyed/.test(String(error))) throw error;
      }
    }
  };

  it('reads a kept thread offline, queues a message and a readiness withdrawal, and sends both with their times', async () => {
    const { context, page, errors } = await newContext(browser, PHONE);
    try {
      await logIn(page, api, carer);
      await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');
      await keepOffline(page, revoked);
      await keepOffline(page, kept);
      // What the phone stores is ciphertext: the patient's name is nowhere in IndexedDB as text.
      const plain = await page.evaluate<boolean>(
        `new Promise((resolve) => { const r = indexedDB.open('brygga-offline', 1); r.onsuccess = () => { const q = r.result.transaction('vault').objectStore('vault').getAll(); q.onsuccess = () => { r.result.close(); resolve(q.result.some((x) => new TextDecoder().decode(x.data).includes('Tekla'))); }; }; })`,
      );
      expect(plain).toBe(false);

      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('offline-banner').waitFor();
      await page.getByRole('heading', { level: 1, name: /Tekla Testsson/ }).waitFor();
      await page.getByText('Nyckeln finns hos grannen.').waitFor();
      // In the readiness section (the kept plan names the unit too).
      expect(await page.getByRole('region', { name: 'Redo att ta emot' }).getByText('Hemtjänst Gotland Syd: redo').count()).toBe(1);

      await page.getByLabel('Skriv meddelande').fill('Hedvig här: patienten är hemma och mår bra.');
      await page.getByRole('button', { name: 'Spara – skickas när du har täckning' }).click();
      await page.getByRole('button', { name: 'Återkalla redo' }).click();
      const outbox = page.getByTestId('outbox');
      await outbox.getByRole('heading', { name: 'Sparat på telefonen – skickas när du har täckning (2)' }).waitFor();
      expect(await outbox.getByTestId('outbox-item').count()).toBe(2);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: SHOT });
      await screenshot(page, 'mobil-offline-outbox');

      // The timeline tells the time of the act from the time Brygga received it once they are more than a minute apart.
      await page.waitForTimeout(61_000);
      await context.setOffline(false);
      // The readiness withdrawal changes hemgångsklar: asked again before it goes; the message goes at once.
      const confirm = page.getByRole('group', { name: /Bekräfta: Återkalla redo/ });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: 'Skicka nu' }).click();
      await page.getByText('Skickat.').nth(1).waitFor();
      expect(await page.getByText('Skickat.').count()).toBe(2);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: /Tekla Testsson/ }).waitFor();
      await page
        .getByRole('article', { name: /Meddelande från Hedvig/ })
        .getByText('Hedvig här: patienten är hemma och mår bra.')
        .waitFor();
      const observed = page.getByTestId('observed-time');
      await observed.nth(1).waitFor();
      expect(await observed.count()).toBe(2);
      expect(await observed.first().textContent()).toMatch(/gjort \d{2}:\d{2} utan täckning/);

      const messages = (await api.request(coordinator, 'GET', `/api/threads/${kept}/messages`)).body.messages as {
        kind: string;
        observedAt: string | null;
        createdAt: string;
      }[];
      const offline = messages.filter((m) => m.observedAt);
      expect(offline.map((m) => m.kind).sort()).toEqual(['fritext', 'redo_aterkallad']);
      for (const m of offline) expect(new Date(m.createdAt).getTime() - new Date(m.observedAt!).getTime()).toBeGreaterThan(60_000);

      const reads = await api.dataSource.query(
        `SELECT details->>'observedAt' AS observed, occurred_at FROM audit_log WHERE action = 'thread.offline_read' AND user_id = $1 AND thread_id = $2 AND outcome = 'allowed'`,
        [carer.id, kept],
      );
      expect(reads).toHaveLength(1);
      expect(new Date(reads[0].occurred_at).getTime() - new Date(reads[0].observed).getTime()).toBeGreaterThan(60_000);
      expect(errors).toEqual([]);

      // Access revoked: at the next contact the phone drops that thread's copy.
      expect((await api.request(coordinator, 'DELETE', `/api/threads/${revoked}/participants/${hemtjanst}`)).status).toBe(200);
      await page.goto(`${api.baseUrl}/`);
      await page.getByText('1 sparade ärenden togs bort från telefonen').waitFor();
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Sparat på telefonen' }).waitFor();
      // The heading shows while the list is still read from the encrypted copy; count once it is read.
      await page.getByText('Öppnar det sparade …').waitFor({ state: 'detached' });
      expect(await page.getByRole('link', { name: /Tekla Testsson/ }).count()).toBe(1);
      expect(await page.getByRole('link', { name: /Greta/ }).count()).toBe(0);
      await context.setOffline(false);

      // Logout: the copy, the outbox and the key go.
      await page.goto(`${api.baseUrl}/`);
      await page.getByRole('button', { name: 'Meny' }).click();
      await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
      await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).waitFor();
      expect(await storedRecords(page)).toBe(0);
      expect(await page.evaluate<string | null>(`sessionStorage.getItem('brygga.offline.nyckel')`)).toBeNull();
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { name: 'Brygga' }).waitFor();
      expect(await page.getByText('Sparat på telefonen').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
