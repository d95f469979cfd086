import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { Server } from 'socket.io';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import { writeReport } from '../support/load';
import { until } from '../support/api-process';
import { RealtimeGateway } from '../../libs/realtime/src/realtime.gateway';
import { launchBrowser, logIn, newContext } from './browser';

/**
 * Issue 30: after the server dropped its socket the client reconnected only if /api/me answered;
 * after one 5xx it never tried again ("Återansluter…" 60 s after the database was fine). Now it
 * tries again with backoff whatever the cause, without a reload, and once connected shows what was
 * posted while it was away, caught up by seq: in order, each message once.
 */
describe('the web client after the server dropped its socket', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let carer: TestUser;
  let threadId: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Anna');
    const created = await api.request(coordinator, 'POST', '/api/threads', {
      ...newThreadBody([hemtjanst]),
      patient: { personnummer: '19121212-1212', givenName: 'Tolvan', familyName: 'Tolvansson' },
    });
    expect(created.status).toBe(201);
    threadId = created.body.id;
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const post = async (body: string) => {
    const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body,
      idempotencyKey: randomUUID(),
    });
    expect(res.status).toBe(201);
    return res.body.seq as number;
  };
  /** The free-text messages the page shows, top to bottom: their seq and text. */
  const shown = (page: Page) =>
    page
      .locator('li.msg-fritext[data-seq]')
      .evaluateAll((items) => items.map((li) => ({ seq: Number(li.getAttribute('data-seq')), text: li.textContent ?? '' })));

  it('keeps trying while /api/me answers 503, shows "Återansluter…" only meanwhile, is live again without a reload and catches up by seq', async () => {
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, carer);
      await page.locator('tbody tr', { hasText: 'Tolvan Tolvansson' }).getByRole('link', { name: 'Tolvan Tolvansson' }).click();
      await page.getByRole('heading', { level: 1, name: /Tolvan Tolvansson/ }).waitFor();
      await page.locator('.conn-ok').waitFor();
      await page.evaluate('window.sameDocument = true');
      // One message seen live before the drop: it must not come twice after the catch-up.
      const firstSeq = await post('Före avbrottet');
      await page.locator(`li.msg-fritext[data-seq="${firstSeq}"]`).waitFor();

      // The api answers /api/me with 503 for a while (its database away, say).
      let failing = true;
      let meCalls = 0;
      await page.route('**/api/me', async (route) => {
        meCalls += 1;
        if (!failing) return route.fallback();
        await route.fulfill({
          status: 503,
          headers: { 'retry-after': '5', 'content-type': 'application/json' },
          body: JSON.stringify({
            statusCode: 503,
            error: 'unavailable',
            message: 'Brygga är tillfälligt otillgängligt, försök igen om en stund',
          }),
        });
      });
      // The server drops every socket (as a node does when its sessions cannot be checked).
      const io = (api.app.get(RealtimeGateway) as unknown as { io: Server }).io;
      // On a thread's page the tab tells its socket that it does not show the inbox (issue 32), and again after a reconnect.
      const carerSockets = () => [...io.of('/').sockets.values()].filter((s) => s.data?.userId === carer.id);
      const notShowingInbox = () => carerSockets().length > 0 && carerSockets().every((s) => s.data.showsInbox === false);
      await until(notShowingInbox, 10_000, 'inbox:watch off on the thread page');
      io.disconnectSockets(true);
      await page.locator('.conn-off', { hasText: 'Återansluter…' }).waitFor();
      // It keeps asking, with backoff: three answers of 503 and it still tries.
      await until(() => meCalls >= 3, 15_000, 'three tries of /api/me');
      expect(await page.locator('.conn-ok').count()).toBe(0);
      // Meanwhile the ward writes five messages the client cannot receive live.
      const missed: number[] = [];
      for (let i = 1; i <= 5; i++) missed.push(await post(`Under avbrottet ${i}`));
      expect(await page.locator('.conn-ok').count()).toBe(0);

      // The api is back: the client reconnects by itself and fills the gap by seq.
      failing = false;
      const recovered = Date.now();
      await page.locator('.conn-ok').waitFor({ timeout: 30_000 });
      const backSeconds = (Date.now() - recovered) / 1000;
      expect(await page.getByText('Återansluter…').count()).toBe(0);
      expect(await page.evaluate('window.sameDocument')).toBe(true);
      await until(notShowingInbox, 10_000, 'inbox:watch off again after the reconnect');

      // Caught up by seq: what was posted meanwhile is shown, in order, each once, after what came before.
      await page.locator(`li.msg-fritext[data-seq="${missed[4]}"]`).waitFor({ timeout: 30_000 });
      const caughtUpSeconds = (Date.now() - recovered) / 1000;
      const after = await shown(page);
      expect(after.map((m) => m.seq)).toEqual([firstSeq, ...missed]);
      expect(after.map((m) => m.text.match(/(Före avbrottet|Under avbrottet \d)/)?.[0])).toEqual([
        'Före avbrottet',
        ...[1, 2, 3, 4, 5].map((i) => `Under avbrottet ${i}`),
      ]);
      // And live again: the next message arrives by the socket, after the five.
      const nextSeq = await post('Efter avbrottet');
      await page.locator(`li.msg-fritext[data-seq="${nextSeq}"]`).waitFor();
      expect((await shown(page)).map((m) => m.seq)).toEqual([firstSeq, ...missed, nextSeq]);
      expect(errors).toEqual([]);
      writeReport('fault-web-reconnect.json', { meCallsWhileFailing: meCalls, backSecondsAfterRecovery: backSeconds, caughtUpSeconds });
    } finally {
      await context.close();
    }
  });
});
