import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import { launchBrowser, logIn, newContext } from './browser';

/** A draft is never lost: the ward closes the thread while a home-care worker is typing; the text stays, with why. */
describe('a draft under a closing thread', () => {
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
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id;
    const discharged = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'utskrivningsmeddelande',
      // Hemtjänst never said it was ready: the ward confirms the discharge against the plan (issue 24's check).
      payload: {
        utskrivenAt: new Date(Date.now() - 3_600_000).toISOString(),
        bekraftaTrotsKonflikter: true,
        orsak: 'Testfall: utkastet, inte planen.',
      },
      idempotencyKey: randomUUID(),
    });
    expect(discharged.status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('keeps the typed text on screen with a Swedish explanation', async () => {
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, carer);
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      const body = page.getByRole('textbox', { name: /^Meddelande/ });
      await body.fill('Dosetten för tisdag saknas, kan ni');
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, {})).status).toBe(200);
      await page.getByText('Ärendet avslutades medan du skrev.', { exact: false }).waitFor();
      await expect(page.getByRole('textbox', { name: 'Din osända text' }).inputValue()).resolves.toBe('Dosetten för tisdag saknas, kan ni');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
