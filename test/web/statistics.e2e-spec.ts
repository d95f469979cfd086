import type { Browser } from 'playwright-core';
import { pastThread } from '../support/clock-factory';
import { TestApi, TEST_PERSONNUMMER, type TestUser } from '../support/harness';
import { axe, launchBrowser, logIn, newContext, screenshot } from './browser';

/**
 * The statistics page as a manager sees it: six threads of March 2025, each out five hours after
 * it was ready, with two readmissions (four patients). The ward's manager sees 6 threads and 6
 * discharged, the readmissions hidden (".."), the rule beside the figures, and hours and days in
 * charts of their own; the provider's manager sees no payment cost.
 */
describe('the statistics page', () => {
  let api: TestApi;
  let browser: Browser;
  let manager: TestUser;
  let providerManager: TestUser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF mottagningsteam');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    const coordinator = await api.user(ward, 'koordinator', 'Karin');
    manager = await api.user(ward, 'enhetschef', 'Anna');
    providerManager = await api.user(hemtjanst, 'enhetschef', 'Tove');
    for (let i = 0; i < 6; i++) {
      const day = (d: number) => String(d).padStart(2, '0');
      await pastThread(
        api,
        { user: coordinator, unitId: ward },
        { personnummer: TEST_PERSONNUMMER[i % 4], triage: 'gul', participantUnitIds: [sof, hemtjanst] },
        [
          ['inskrivningsmeddelande', `2025-03-${day(2 + 4 * i)}T08:00`],
          ['utskrivningsklar', `2025-03-${day(3 + 4 * i)}T10:00`],
          ['utskrivningsmeddelande', `2025-03-${day(3 + 4 * i)}T15:00`],
        ],
      );
    }
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = async (user: TestUser) => {
    const session = await newContext(browser);
    await logIn(session.page, api, user);
    await session.page.getByRole('link', { name: 'Statistik', exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    await session.page.getByLabel('Från', { exact: true }).fill('2025-03-01');
    await session.page.getByLabel('Till', { exact: true }).fill('2025-03-31');
    await session.page.getByRole('button', { name: 'Visa' }).click();
    return session;
  };

  it('shows a manager its figures with small cells hidden, the rule beside them, and hours and days on separate axes', async () => {
    const { page, context, errors } = await open(manager);
    try {
      const table = page.getByRole('region', { name: 'Statistik per enhet' });
      const row = table.locator('tbody tr').first();
      await row.getByText('Medicinavdelning 4').waitFor();
      const headers = await table.locator('thead th').allTextContents();
      const cells = await row.locator('td').allTextContents();
      const at = (name: string) => cells[headers.indexOf(name) - 1];
      expect([at('Ärenden'), at('Utskrivna'), at('Ledtid median'), at('Samma dag'), at('Betalningsdagar')]).toEqual([
        '6',
        '6',
        '5 tim',
        '100 %',
        '0',
      ]);
      expect(at('Återinskrivna ≤ 30 d')).toBe('..'); // two readmissions: under 5
      await page
        .getByRole('note')
        .getByText(/antal 1–4 visas inte/)
        .waitFor();
      // The same threads per discharging ward, and the outcomes.
      await page.getByRole('region', { name: 'Statistik per utskrivande avdelning' }).getByText('Medicinavdelning 4').first().waitFor();
      await page.getByRole('region', { name: 'Utfall per enhet' }).waitFor();
      // Three charts, each with one y axis: hours, days, hours of home care.
      const charts = page.locator('.stat-chart');
      await charts.first().locator('.recharts-bar-rectangle').first().waitFor();
      expect(await charts.count()).toBe(3);
      for (let i = 0; i < 3; i++) expect(await charts.nth(i).locator('.recharts-yAxis').count()).toBe(1);
      expect(await charts.locator('.recharts-label').allTextContents()).toEqual(['timmar', 'dagar', 'timmar']);
      await screenshot(page, 'statistik-chef');
      expect(await axe(page, 'statistik-chef')).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a provider's manager its own figures without the payment cost", async () => {
    const { page, context, errors } = await open(providerManager);
    try {
      const table = page.getByRole('region', { name: 'Statistik per enhet' });
      await table.locator('tbody tr').first().getByText('Hemtjänst Norr').waitFor();
      const headers = await table.locator('thead th').allTextContents();
      expect(headers).toContain('Ärenden');
      expect(headers).not.toContain('Kostnad');
      expect(headers).not.toContain('Betalningsdagar');
      await page
        .getByRole('note')
        .getByText(/er egen leverans/)
        .waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
