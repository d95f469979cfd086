import type { Browser } from 'playwright-core';
import type { Server } from 'socket.io';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import { writeReport } from '../support/load';
import { until } from '../support/api-process';
import { RealtimeGateway } from '../../libs/realtime/src/realtime.gateway';
import { launchBrowser, logIn, newContext } from './browser';

/**
 * Issue 30: after the server dropped its socket the client reconnected only if /api/me answered;
 * after one 5xx it never tried again ("Återansluter…" 60 s after the database was fine). Now it
 * tries again with backoff whatever the cause, without a reload.
 */
describe('the web client after the server dropped its socket', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let carer: TestUser;

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
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  // Catching up by seq after the reconnect is the thread stream's (use-thread-stream.ts), fixed for
  // a reconnect during a join by issue 27; asserted there, not here.
  it('keeps trying while /api/me answers 503, shows "Återansluter…" only meanwhile, and is live again without a reload', async () => {
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, carer);
      await page.locator('tbody tr', { hasText: 'Tolvan Tolvansson' }).getByRole('link', { name: 'Tolvan Tolvansson' }).click();
      await page.getByRole('heading', { level: 1, name: /Tolvan Tolvansson/ }).waitFor();
      await page.locator('.conn-ok').waitFor();
      await page.evaluate('window.sameDocument = true');

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
      io.disconnectSockets(true);
      await page.locator('.conn-off', { hasText: 'Återansluter…' }).waitFor();
      // It keeps asking, with backoff: three answers of 503 and it still tries.
      await until(() => meCalls >= 3, 15_000, 'three tries of /api/me');
      expect(await page.locator('.conn-ok').count()).toBe(0);

      // The api is back: the client reconnects by itself and fills the gap by seq.
      failing = false;
      const recovered = Date.now();
      await page.locator('.conn-ok').waitFor({ timeout: 30_000 });
      const backSeconds = (Date.now() - recovered) / 1000;
      expect(await page.getByText('Återansluter…').count()).toBe(0);
      expect(await page.evaluate('window.sameDocument')).toBe(true);
      expect(errors).toEqual([]);
      writeReport('fault-web-reconnect.json', { meCallsWhileFailing: meCalls, backSecondsAfterRecovery: backSeconds });
    } finally {
      await context.close();
    }
  });
});
