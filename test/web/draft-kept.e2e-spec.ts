import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import { launchBrowser, logIn, newContext } from './browser';

/**
 * A draft is never lost when the thread changes under a home-care worker who is typing: closed
 * by the ward, paused (avbrott), or their unit's access removed; the text stays, with why.
 */
describe('a draft under a changing thread', () => {
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

  it('keeps typing through an avbrott: the composer and its text stay', async () => {
    const paused = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id as string;
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, carer);
      await page.goto(`${api.baseUrl}/arenden/${paused}`);
      const body = page.getByRole('textbox', { name: /^Meddelande/ });
      await body.fill('Vi kan ta emot på fredag om');
      const avbrott = await api.request(coordinator, 'POST', `/api/threads/${paused}/messages`, {
        kind: 'avbrott',
        payload: { avbrottAt: new Date().toISOString(), orsak: 'Feber, utskrivningen skjuts upp.' },
        idempotencyKey: randomUUID(),
      });
      expect(avbrott.status).toBe(201);
      // The avbrott reaches the open page live; the text the carer was typing is still in the composer.
      await page.getByText('Feber, utskrivningen skjuts upp.', { exact: false }).first().waitFor();
      await expect(page.getByRole('textbox', { name: /^Meddelande/ }).inputValue()).resolves.toBe('Vi kan ta emot på fredag om');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("keeps the typed text with a Swedish explanation when the unit's access is removed", async () => {
    const removed = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id as string;
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, carer);
      await page.goto(`${api.baseUrl}/arenden/${removed}`);
      const body = page.getByRole('textbox', { name: /^Meddelande/ });
      await body.fill('Nyckelgömman sitter vid');
      expect((await api.request(coordinator, 'DELETE', `/api/threads/${removed}/participants/${hemtjanst}`)).status).toBeLessThan(300);
      await page.getByText('Din enhet har inte längre åtkomst till ärendet.', { exact: false }).waitFor();
      await expect(page.getByRole('textbox', { name: 'Din osända text' }).inputValue()).resolves.toBe('Nyckelgömman sitter vid');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
