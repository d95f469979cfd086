import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import { axe, DEVICES, launchBrowser, logIn, newContext, screenshot, sidewaysOverflow, smallTapTargets } from './browser';

/**
 * A home-care worker on a phone, the day after discharge (the ward's part has ended): reports
 * that the patient was received at home and that the walker never came, routed to hemsjukvården.
 */
describe('the home phase on a phone', () => {
  const phone = DEVICES.find((d) => d.name === 'mobil')!;
  let api: TestApi;
  let browser: Browser;
  let carer: TestUser;
  let threadId: string;
  let hemsjukvard: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF mottagningsteam');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    const coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst, hemsjukvard]));
    threadId = created.body.id;
    const post = (kind: string, payload: Record<string, unknown>) =>
      api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { kind, payload, idempotencyKey: randomUUID() });
    expect(
      (await post('inskrivningsmeddelande', { inskrivenAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), bedomtBehov: 'Hemtjänst' }))
        .status,
    ).toBe(201);
    // Nobody confirmed readiness here: the ward discharges against the plan, with a reason (issue 24's check).
    const discharge = {
      utskrivenAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      bekraftaTrotsKonflikter: true,
      orsak: 'Testfall: hemfasen, inte planen.',
    };
    expect((await post('utskrivningsmeddelande', discharge)).status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('reports mottagen hemma and an avvikelse after discharge, 390 × 844', async () => {
    const { page, context, errors } = await newContext(browser, phone);
    try {
      await logIn(page, api, carer);
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      await page.getByRole('heading', { level: 1, name: /Tekla Testsson/ }).waitFor();
      await page.getByText('Hemma', { exact: true }).first().waitFor();

      // Mottagen hemma: the observed time defaults to now; the ward cannot send it, Eva can.
      await page.getByLabel('Typ av meddelande').selectOption({ label: 'Mottagen hemma' });
      await page.getByRole('button', { name: 'Skicka mottagen hemma' }).click();
      await page.locator('.timeline').getByText('Mottagen hemma').first().waitFor();

      // The avvikelse, routed to hemsjukvården.
      await page.getByLabel('Typ av meddelande').selectOption({ label: 'Avvikelse' });
      await page.getByLabel(/^Vad gäller det/).selectOption({ label: 'Hjälpmedel saknas' });
      await page.getByLabel(/^Beskrivning/).fill('Rollatorn har inte kommit.');
      await page.getByLabel(/^Ansvarig enhet/).selectOption({ label: 'Hemsjukvården Visby' });
      await page.getByRole('button', { name: 'Skicka avvikelse' }).click();
      await page
        .locator('.timeline')
        .getByText('Rollatorn har inte kommit.')
        .waitFor({ state: 'attached' })
        .catch(() => undefined);
      await page.locator('.timeline').getByText('Avvikelse', { exact: true }).first().waitFor();

      // The Hemgång tab shows both, the avvikelse open for hemsjukvården.
      await page.getByRole('tab', { name: 'Hemgång' }).click();
      const panel = page.getByRole('region', { name: 'Hemma efter utskrivningen' });
      await panel.getByText(/Hemtjänst Norr: /).waitFor();
      await panel.getByText(/Hjälpmedel saknas/).waitFor();
      await panel.getByText('Öppen').waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axe(page, 'mobil-hemma')).toEqual([]);
      expect(await smallTapTargets(page)).toEqual([]);
      await screenshot(page, 'mobil-hemma');
      expect(errors).toEqual([]);

      const phase = (await api.request(carer, 'GET', `/api/threads/${threadId}/home-phase`)).body;
      expect(phase.receptions).toHaveLength(1);
      expect(phase.deviations).toMatchObject([{ category: 'hjalpmedel_saknas', responsibleUnitId: hemsjukvard, state: 'oppen' }]);
    } finally {
      await context.close();
    }
  });
});
