import type { Browser, Page } from 'playwright-core';
import { until } from '../support/api-process';
import { newThreadBody, TEST_PERSONNUMMER, TestApi, type TestUser } from '../support/harness';
import { launchBrowser, logIn, newContext } from './browser';

/**
 * A busy inbox stays live without asking the server for the whole list on every message, the
 * tab's title carries the unread count, and an opted-in user away from the tab gets a browser
 * notice that names no patient.
 */
/**
 * Polls the tab's title from here: waitForFunction with a string evaluates it in the page, which the
 * app's CSP (no unsafe-eval) allows only when it holds at once. Away from the inbox the count comes
 * within 5 s (inbox:unread), so it has to be waited for.
 */
async function titleBecomes(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let now = await page.title();
  while (now !== title) {
    if (Date.now() > until) throw new Error(`The title stayed ${JSON.stringify(now)}, not ${JSON.stringify(title)}`);
    await new Promise((r) => setTimeout(r, 100));
    now = await page.title();
  }
}

/** The socket.io events a page sent and received on its WebSocket, by name. */
function socketEvents(page: Page): { sent: string[]; received: string[] } {
  const events = { sent: [] as string[], received: [] as string[] };
  const nameOf = (payload: string | Buffer) => /^\d+\["([^"]+)"(.*)\]$/.exec(String(payload));
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const m = nameOf(f.payload);
      if (m) events.sent.push(`${m[1]}${m[2]}`);
    });
    ws.on('framereceived', (f) => {
      const m = nameOf(f.payload);
      if (m) events.received.push(m[1]);
    });
  });
  return events;
}

describe('inbox while messages arrive', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let carer: TestUser;
  let threadId: string;
  let hemtjanst: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Anna');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id;
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('counts new messages from events, puts the count in the title and notifies while away', async () => {
    const { page, context, errors } = await newContext(browser);
    try {
      await context.grantPermissions(['notifications'], { origin: api.baseUrl });
      // The browser's notices, recorded in the page: headless chromium shows none.
      await context.addInitScript(`(() => {
        const shown = [];
        window.__notices = shown;
        class RecordedNotification {
          static permission = 'granted';
          static requestPermission() { return Promise.resolve('granted'); }
          constructor(title, options) { shown.push({ title, body: options && options.body }); }
          close() {}
        }
        window.Notification = RecordedNotification;
      })()`);
      await logIn(page, api, carer);
      await page.locator('.conn-ok').waitFor();
      const row = page.locator('[data-thread-id]').first();
      await row.waitFor();
      await page.getByRole('button', { name: 'Avisera mig om nya meddelanden' }).click();
      await page.getByRole('button', { name: 'Avisering på' }).waitFor();

      // Count the requests for the whole list from here on (once the start-up's are done): new messages must not cause any.
      await page.waitForLoadState('networkidle');
      let listRequests = 0;
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/threads') listRequests += 1;
      });

      const post = (body: string) =>
        api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
          kind: 'fritext',
          body,
          idempotencyKey: `live-${body.length}-${body.charCodeAt(0)}`,
        });
      expect((await post('Första')).status).toBe(201);
      await row.locator('.unread-count', { hasText: '1 oläst' }).waitFor();
      await titleBecomes(page, '(1) Inkorg – Brygga');

      // Away from the tab: the next message raises a notice with no patient data.
      await page.evaluate("Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })");
      expect((await post('Andra')).status).toBe(201);
      await row.locator('.unread-count', { hasText: '2 olästa' }).waitFor();
      await page.waitForFunction('window.__notices.length === 1', undefined, { timeout: 15_000 });
      const notices = await page.evaluate<{ title: string; body?: string }[]>('window.__notices');
      expect(notices).toEqual([{ title: 'Nytt meddelande i Brygga', body: undefined }]);
      expect(await page.title()).toBe('(2) Inkorg – Brygga');

      // Reading the thread elsewhere (another tab) clears the count here, still without the list.
      expect((await api.request(carer, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 99 })).status).toBe(200);
      await row.locator('.unread-count').waitFor({ state: 'detached' });
      expect(await page.title()).toBe('Inkorg – Brygga');
      expect(listRequests).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('keeps the unread count in the title on every page, and filters "mina" live', async () => {
    const { page, context, errors } = await newContext(browser);
    const events = socketEvents(page);
    try {
      await logIn(page, api, carer);
      await page.locator('.conn-ok').waitFor();
      await page.locator('[data-thread-id]').first().waitFor();
      expect(await page.title()).toBe('Inkorg – Brygga');
      await page.getByRole('link', { name: 'Bevakning' }).click();
      await page.getByRole('heading', { level: 1, name: 'Bevakning' }).waitFor();
      expect(await page.title()).toBe('Bevakning – Brygga');
      // Away from the inbox the tab says so: its counts come every few seconds, as inbox:unread.
      const watches = () => events.sent.filter((e) => e.startsWith('inbox:watch'));
      await until(() => watches().at(-1) === 'inbox:watch,{"on":false}', 10_000, 'inbox:watch off');
      expect(watches()).toContain('inbox:watch,{"on":true}');

      // A message while on another page: the count comes from the event, in front of that page's name.
      const post = (user: TestUser, key: string) =>
        api.request(user, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body: 'Hej', idempotencyKey: key });
      expect((await post(coordinator, 'title-1')).status).toBe(201);
      await titleBecomes(page, '(1) Bevakning – Brygga');
      expect(events.received).toContain('inbox:unread');

      // "Mina ärenden": the carer has not written in any thread yet; writing makes it one of theirs.
      await page.getByRole('link', { name: 'Inkorg' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Inkorg' }).waitFor();
      expect(await page.title()).toBe('(1) Inkorg – Brygga');
      await until(() => watches().at(-1) === 'inbox:watch,{"on":true}', 10_000, 'inbox:watch on');
      await page.getByLabel('Mina ärenden').check();
      await page.getByText('Inga ärenden matchar filtret.').waitFor();
      expect((await post(carer, 'title-2')).status).toBe(201);
      await page.locator(`[data-thread-id="${threadId}"]`).waitFor({ timeout: 15_000 });
      await page.getByText('Visar 1 ärende').waitFor();
      await page.getByLabel('Mina ärenden').uncheck();
      await page.getByText('Visar alla 1 ärenden').or(page.getByText('Visar 1 ärende')).first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('shows 20+ compact rows at 1280 × 800, sorts by a column and keeps only the rows near the screen in a long list', async () => {
    // A busy ward: 400 threads more, four at a time, each of the four for another patient: threads of
    // one patient are created one after the other (the patient's row is locked to commit), and ten at
    // once for one patient waited past lock_timeout (503) on a loaded machine.
    const triages = ['gron', 'gul', 'rod'] as const;
    for (let batch = 0; batch < 100; batch++) {
      const created = await Promise.all(
        TEST_PERSONNUMMER.map((personnummer, i) => {
          const n = batch * TEST_PERSONNUMMER.length + i;
          return api.request(coordinator, 'POST', '/api/threads', {
            ...newThreadBody([hemtjanst], { personnummer, familyName: `Testsson ${String(n).padStart(3, '0')}` }),
            triage: triages[(n % 10) % 3],
          });
        }),
      );
      expect(created.map((c) => c.status)).toEqual(TEST_PERSONNUMMER.map(() => 201));
    }
    const { page, context, errors } = await newContext(browser, { name: 'desktop', viewport: { width: 1280, height: 800 }, touch: false });
    try {
      await logIn(page, api, coordinator);
      await page.getByText('Visar alla 401 ärenden').waitFor({ timeout: 30_000 });
      const rows = page.locator('.inbox-table tbody tr[data-thread-id]');
      // Virtualised: far fewer rows in the page than threads, and 20+ of them on screen.
      const inPage = await rows.count();
      expect(inPage).toBeGreaterThanOrEqual(20);
      expect(inPage).toBeLessThan(120);
      const onScreen = await page.evaluate<number>(
        `[...document.querySelectorAll('.inbox-table tbody tr[data-thread-id]')].filter((r) => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight; }).length`,
      );
      expect(onScreen).toBeGreaterThanOrEqual(20);

      // Sort by patient, then the other way round; scrolled to the end, the first is last.
      const patient = (name: string) => page.getByRole('link', { name, exact: true });
      await page.getByRole('button', { name: 'Patient', exact: true }).click();
      await rows.first().getByRole('link', { name: 'Tekla Testsson', exact: true }).waitFor();
      await page.getByRole('button', { name: /^Patient/ }).click();
      await rows.first().getByRole('link', { name: 'Tekla Testsson 399', exact: true }).waitFor();
      expect(await patient('Tekla Testsson').count()).toBe(0); // far below: not in the page
      await page.locator('.inbox-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await patient('Tekla Testsson').waitFor();

      // Combined filters: triage and search.
      await page.getByLabel('Triage').selectOption('rod');
      await page.getByLabel('Sök patient').fill('Testsson 01');
      // 010–019, red where i % 3 === 2: 012, 015, 018.
      await page.getByText('Visar 3 av 401 ärenden').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
