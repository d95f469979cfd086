import type { Browser, Page } from 'playwright-core';
import { ACR_LOA3 } from '../../apps/idp/src';
import { TestApi, type TestUser } from '../support/harness';
import { axe, launchBrowser, newContext, screenshot, sidewaysOverflow } from './browser';

const PHONE = { name: 'mobil' as const, viewport: { width: 390, height: 844 }, touch: true };
const inAMonth = (): string => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * Min hemgång as a patient and a närstående use it, on a phone: the patient logs in with BankID,
 * reads the published plan, rates how safe she feels at home, asks to be called, names a närstående, and withdraws; the närstående
 * reads the plan and then loses it.
 */
describe('Min hemgång for the patient and a närstående, on a phone', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let officer: TestUser;
  let threadId: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF mottagningsteam');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    const created = await api.request(coordinator, 'POST', '/api/threads', {
      patient: { personnummer: '190108219817', givenName: 'Hilda', familyName: 'Hemse' },
      participantUnitIds: [sof],
      triage: 'gul',
    });
    threadId = created.body.id;
    expect(
      (
        await api.request(coordinator, 'PUT', `/api/threads/${threadId}/facts/avdelningens_telefon`, {
          value: { telefon: '0498-26 80 00' },
          expectedVersion: 0,
        })
      ).status,
    ).toBe(200);
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/plan/publish`, {})).status).toBe(201);
    // A Trygg hemgång period runs, carried by SOF: Min hemgång asks the patient how safe she feels.
    officer = await api.user(sof, 'handlaggare', 'Maria');
    const started = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'trygg_hemgang_start',
      payload: { startdatum: new Date().toISOString().slice(0, 10), planeratSlut: inAMonth(), barandeEnhet: sof },
      idempotencyKey: `start-${threadId}`,
    });
    expect(started.status).toBe(201);
    for (const [id, givenName, familyName, personnummer] of [
      ['hilda', 'Hilda', 'Hemse', '190108219817'],
      ['nils', 'Nils', 'Okänd', '189002099811'],
    ])
      api.identity({ id, kind: 'bankid', givenName, familyName, personnummer, acr: ACR_LOA3, description: 'Min hemgång' });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const logInCitizen = async (page: Page, name: string) => {
    await page.goto(`${api.baseUrl}/min-hemgang`);
    await page.getByRole('heading', { level: 1, name: 'Min hemgång' }).waitFor();
    await page.getByRole('link', { name: 'Logga in med BankID' }).click();
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForURL(`${api.baseUrl}/min-hemgang`);
    await page.getByText(`Inloggad som ${name}`).waitFor();
  };

  it('lets the patient read the plan, rate how safe she feels, ask to be called, and give and withdraw a närstående’s access', async () => {
    const patient = await newContext(browser, PHONE);
    const relative = await newContext(browser, PHONE);
    try {
      await logInCitizen(patient.page, 'Hilda Hemse');
      const page = patient.page;
      // The published plan: the ward's phone among the contacts.
      await page.getByText('0498-26 80 00').first().waitFor();
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'min-hemgang-patient-mobil');
      expect(await axe(page, 'min-hemgang-patient')).toEqual([]);

      // "Hur trygg känner du dig hemma just nu?": one tap on the 0–10 scale, sent once, seen by staff.
      await page.getByRole('group', { name: 'Hur trygg känner du dig hemma just nu?' }).waitFor();
      await page.locator('.citizen-scale label').nth(7).click();
      expect(await page.getByRole('radio', { name: '7', exact: true }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Skicka mitt svar' }).click();
      await page.getByText('Tack! Du svarade 7 av 10. Personalen ser ditt svar.').waitFor();
      const phase = await api.request(officer, 'GET', `/api/threads/${threadId}/home-phase`);
      expect(phase.body.measurements).toEqual([expect.objectContaining({ moment: 'start', safety: 7, ratedBy: 'patienten' })]);
      await page.reload();
      await page.getByText('0498-26 80 00').first().waitFor();
      expect(await page.getByRole('group', { name: 'Hur trygg känner du dig hemma just nu?' }).count()).toBe(0);

      // "Jag vill bli uppringd": a bad number is refused in Swedish, a good one reaches the ward.
      await page.getByLabel('Telefonnummer').fill('ring mig');
      await page.getByRole('button', { name: 'Jag vill bli uppringd' }).click();
      await page.getByText('måste vara ett telefonnummer').waitFor();
      await page.getByLabel('Telefonnummer').fill('070-123 45 67');
      await page.getByLabel('När passar det?').selectOption('eftermiddag');
      await page.getByRole('button', { name: 'Jag vill bli uppringd' }).click();
      await page.getByText('Tack! Medicinavdelning 4 ringer dig på 070-123 45 67.').waitFor();
      const messages = await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages?after=0`);
      expect(messages.body.messages.find((m: { kind: string }) => m.kind === 'patient_vill_bli_uppringd')).toMatchObject({
        payload: { telefon: '070-123 45 67', tidPaDagen: 'eftermiddag' },
      });

      // Nils becomes a närstående and reads the plan on his phone.
      await page.getByRole('link', { name: 'Närstående' }).click();
      await page.getByLabel('Närståendes personnummer').fill('18900209-9811');
      await page.getByLabel('Namn').fill('Nils Okänd');
      await page.getByLabel('Sista dag med tillgång').fill(inAMonth());
      await page.getByRole('button', { name: 'Ge tillgång till planen' }).click();
      await page.getByText('Nils Okänd – Gäller').waitFor();
      await logInCitizen(relative.page, 'Nils Okänd');
      await relative.page.getByText('Delad med dig av Hilda').waitFor();
      await relative.page.getByText('0498-26 80 00').first().waitFor();
      // A närstående answers nothing and names nobody.
      expect(await relative.page.getByRole('button', { name: 'Jag vill bli uppringd' }).count()).toBe(0);
      expect(await relative.page.getByRole('link', { name: 'Närstående' }).count()).toBe(0);

      // The patient withdraws: the närstående's next look finds nothing.
      await page.getByRole('button', { name: 'Ta tillbaka Nils Okänds tillgång' }).click();
      await page.getByText('Nils Okänd – Återkallad').waitFor();
      await relative.page.reload();
      await relative.page.getByText('Det finns ingen plan att visa ännu.').waitFor();
      expect(await relative.page.getByText('0498-26 80 00').count()).toBe(0);

      // Who looked: per unit and day, expandable; the ward is there, in Swedish.
      await page.getByRole('link', { name: 'Vem har tittat?' }).click();
      await page.getByRole('heading', { level: 1, name: 'Vem har tittat på mina uppgifter' }).waitFor();
      const ward = page.locator('details', { hasText: 'Medicinavdelning 4' }).first();
      await ward.locator('summary').click();
      await ward.getByText('Koordinator ·', { exact: false }).first().waitFor();
      expect(await sidewaysOverflow(page)).toBe(0);
      expect(await axe(page, 'vem-har-tittat')).toEqual([]);
      await screenshot(page, 'min-hemgang-vem-har-tittat-mobil');
      expect(patient.errors).toEqual([]);
      expect(relative.errors).toEqual([]);
    } finally {
      await patient.context.close();
      await relative.context.close();
    }
  });
});
