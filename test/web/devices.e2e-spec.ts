import type { Browser, Page } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { axe, DEVICES, launchBrowser, logIn, newContext, screenshot, sidewaysOverflow, smallTapTargets, type Device } from './browser';

/**
 * The web story on a laptop, a tablet and a phone: every view fits the width (nothing scrolls
 * sideways), passes axe, and on the touch screens every control is at least 44 px tall. Home-care
 * and home-health staff use Brygga on phones in patients' homes.
 */
/** A valid personnummer (Luhn check digit) for a birth date: one patient per device, so names never clash. */
function personnummer(yyyymmdd: string, serial: string): string {
  const digits = `${yyyymmdd.slice(2)}${serial}`;
  const sum = [...digits].reduce((acc, d, i) => {
    const n = Number(d) * (i % 2 === 0 ? 2 : 1);
    return acc + (n > 9 ? n - 9 : n);
  }, 0);
  return `${yyyymmdd}-${serial}${(10 - (sum % 10)) % 10}`;
}

describe('web client on a laptop, a tablet and a phone', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let reviewer: TestUser;
  let hemtjanst: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    reviewer = await api.user(ward, 'logggranskare', 'Lars');
    // A long name and unit list: the header must fold them away on a phone, not push the page wider.
    await api.dataSource.query('UPDATE app_user SET family_name = $2 WHERE id = $1', [coordinator.id, 'Lindqvist-Öberg Andersson']);
    // The inbox has something in it from the start.
    for (const [personnummer, givenName, familyName] of [
      ['19000612-9803', 'Tekla', 'Testsson'],
      ['19070401-9801', 'Xavier', 'Långnamnsson-Wikström'],
    ]) {
      const created = await api.request(coordinator, 'POST', '/api/threads', {
        patient: { personnummer, givenName, familyName },
        participantUnitIds: [hemtjanst],
        triage: 'gul',
      });
      expect(created.status).toBe(201);
    }
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** Fits the width, passes axe, and (on touch screens) has controls a finger can hit. */
  async function check(page: Page, device: Device, view: string): Promise<void> {
    const name = `${device.name}-${view}`;
    // document.documentElement.scrollWidth <= innerWidth
    expect({ name, overflow: Math.max(0, await sidewaysOverflow(page)) }).toEqual({ name, overflow: 0 });
    expect({ name, violations: await axe(page, name) }).toEqual({ name, violations: [] });
    if (device.touch) expect({ name, small: await smallTapTargets(page) }).toEqual({ name, small: [] });
  }

  /** The main menu: folded behind "Meny" on the tablet and the phone, open on the laptop. */
  async function go(page: Page, device: Device, link: string): Promise<void> {
    if (device.name !== 'desktop') {
      await page.getByRole('button', { name: 'Meny' }).click();
      await page.getByRole('navigation', { name: 'Huvudmeny' }).waitFor();
    }
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: link === 'Logg' ? 'Åtkomstlogg' : link }).waitFor();
  }

  for (const device of DEVICES) {
    it(`works on a ${device.name} (${device.viewport.width} × ${device.viewport.height})`, async () => {
      const narrow = device.name !== 'desktop';
      const pnr = personnummer(`1940010${DEVICES.indexOf(device) + 1}`, '238');
      const { page, context, errors } = await newContext(browser, device);
      try {
        await page.goto(`${api.baseUrl}/`);
        await page.getByRole('heading', { level: 1, name: 'Logga in i Brygga' }).waitFor();
        await check(page, device, 'inloggning');

        await logIn(page, api, coordinator);
        await page.locator('[data-thread-id]', { hasText: 'Tekla Testsson' }).waitFor();
        await page.locator('.conn-ok').waitFor();
        await check(page, device, 'inkorg');
        if (device.name === 'mobil') await screenshot(page, 'mobil-inkorg');

        if (narrow) {
          // The header folds into a menu that holds the pages, the user and "Logga ut".
          await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).resolves.toBe(false);
          await page.getByRole('button', { name: 'Meny' }).click();
          await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
          await page.getByRole('button', { name: 'Logga ut överallt', exact: true }).waitFor();
          await page.getByText('Karin Lindqvist-Öberg Andersson').waitFor();
          await check(page, device, 'meny');
          await page.keyboard.press('Escape');
          await page.getByRole('navigation', { name: 'Huvudmeny' }).waitFor({ state: 'hidden' });
        }

        await go(page, device, 'Nytt ärende');
        await page.getByLabel('Personnummer').pressSequentially(pnr);
        await page.getByText(`Giltigt personnummer: ${pnr}`).waitFor();
        await page.getByLabel('Förnamn').fill('Lova');
        await page.getByLabel('Efternamn').fill(`Enhetsson ${device.name}`);
        await page.getByRole('checkbox', { name: 'Hemtjänst Norr' }).check();
        await page.getByRole('radio', { name: /Grön/ }).check();
        await check(page, device, 'nytt-arende');
        await page.getByRole('button', { name: 'Skapa ärende' }).click();
        await page.getByRole('heading', { level: 1, name: new RegExp(`Lova Enhetsson ${device.name}`) }).waitFor();
        // The tab (and so the browser's history) names no patient.
        expect(await page.title()).toBe('Ärende – Brygga');

        // The conversation: a composer as wide as the screen, a message sent and shown.
        if (narrow) {
          await page.getByRole('tab', { name: 'Samtal' }).waitFor();
          await expect(page.getByRole('tab', { name: 'Samtal' }).getAttribute('aria-selected')).resolves.toBe('true');
        }
        const body = page.getByRole('textbox', { name: /^Meddelande/ });
        await body.fill(`Hej från ${device.name}: rollatorn är levererad.`);
        await page.getByRole('button', { name: 'Skicka', exact: true }).click();
        await page.locator('.timeline .msg-body', { hasText: `Hej från ${device.name}` }).waitFor();
        const composer = await page.locator('form.composer').boundingBox();
        const timeline = await page.locator('.timeline-scroll').boundingBox();
        expect(timeline?.width).toBeGreaterThan(device.viewport.width * (narrow ? 0.95 : 0.5));
        if (narrow) expect(composer?.width).toBeGreaterThan(device.viewport.width * 0.95);
        await check(page, device, 'arende-samtal');
        if (device.name === 'mobil') await screenshot(page, 'mobil-arende-samtal');

        if (narrow) await page.getByRole('tab', { name: 'Checklistor' }).click();
        await page.getByRole('group', { name: 'Lägg till checklista' }).getByRole('button', { name: 'Resa hem' }).click();
        await page.getByRole('button', { name: 'Ändra: Transport hem', exact: true }).waitFor();
        await check(page, device, 'arende-checklistor');
        if (device.name === 'mobil') await screenshot(page, 'mobil-arende-checklistor');

        if (narrow) {
          await page.getByRole('tab', { name: 'Hemgång' }).click();
          await page.getByRole('tabpanel', { name: 'Hemgång' }).getByText('Planerad utskrivning').waitFor();
          await check(page, device, 'arende-hemgang');
          if (device.name === 'mobil') await screenshot(page, 'mobil-arende-hemgang');
          // The draft in the composer survives a trip to another tab.
          await page.getByRole('tab', { name: 'Samtal' }).click();
          await page.getByRole('textbox', { name: /^Meddelande/ }).fill('Ett utkast');
          await page.getByRole('tab', { name: 'Checklistor' }).click();
          await page.getByRole('tab', { name: 'Samtal' }).click();
          await expect(page.getByRole('textbox', { name: /^Meddelande/ }).inputValue()).resolves.toBe('Ett utkast');
        }

        await go(page, device, 'Bevakning');
        await check(page, device, 'bevakning');
        await go(page, device, 'Inkorg');
        await page.locator('[data-thread-id]', { hasText: `Lova Enhetsson ${device.name}` }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }

      const review = await newContext(browser, device);
      try {
        await logIn(review.page, api, reviewer);
        await go(review.page, device, 'Logg');
        await review.page.getByText(/Kedjan är hel: \d+ rader kontrollerade/).waitFor();
        await review.page.locator('.audit-table tbody tr').first().waitFor();
        await check(review.page, device, 'logg');
        await go(review.page, device, 'Statistik');
        await review.page.getByRole('button', { name: 'Visa' }).waitFor();
        await check(review.page, device, 'statistik');
        expect(review.errors).toEqual([]);
      } finally {
        await review.context.close();
      }
    }, 240_000);
  }
});
