import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import {
  axe,
  DEVICES,
  launchBrowser,
  LAPTOP,
  logIn,
  newContext,
  screenshot,
  SCREENSHOTS,
  sidewaysOverflow,
  smallTapTargets,
} from './browser';

/** Where the closing note's screenshots go when asked (BRYGGA_SHOTS=/work/brief/shots). */
const SHOTS = process.env.BRYGGA_SHOTS;
function keep(file: string): void {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(file, join(SHOTS, file.split('/').pop()!));
}

/** The whole of one element (a form longer than the window), for the closing note: a window tall enough to hold the page unscrolled. */
async function shotOf(page: Page, element: Locator, name: string): Promise<string> {
  const path = join(SCREENSHOTS, `${name}.png`);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: 3600 });
  await element.screenshot({ path });
  await page.setViewportSize(size);
  return path;
}

/**
 * The SIP plan in the web client: SOF writes the first version (a refused attempt first, with the
 * server's Swedish messages beside the fields), hemtjänst accepts its part on a phone and writes a
 * second version, SOF's change on a plan that moved under it is answered clearly and kept, a
 * follow-up is added, and the plan prints alone.
 */
describe('the SIP plan form', () => {
  const phone = DEVICES.find((d) => d.name === 'mobil')!;
  let api: TestApi;
  let browser: Browser;
  let officer: TestUser;
  let carer: TestUser;
  let threadId: string;
  let sof: string;
  let hemtjanst: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    const coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst]))).body.id;
    const summons = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'sip_kallelse',
      payload: { motesTid: '2026-12-09T10:00:00+01:00', plats: 'Hemma hos patienten', inbjudnaEnheter: [sof, hemtjanst] },
      idempotencyKey: randomUUID(),
    });
    expect(summons.status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const plan = () => api.request(officer, 'GET', `/api/threads/${threadId}/sip-plan`);
  const sipPanel = (page: Page) => page.getByRole('region', { name: /^SIP-plan/ });
  const openThread = async (page: Page, user: TestUser) => {
    await logIn(page, api, user);
    await page.goto(`${api.baseUrl}/arenden/${threadId}`);
    await page.getByRole('heading', { level: 1, name: /Tekla Testsson/ }).waitFor();
  };

  it('SOF writes the first version on a laptop; a refused save shows the reasons in Swedish beside the fields', async () => {
    const { page, context, errors } = await newContext(browser, LAPTOP);
    try {
      await openThread(page, officer);
      const panel = sipPanel(page);
      await panel.getByText('Ingen SIP-plan är skriven ännu').waitFor();
      await panel.getByRole('button', { name: 'Skriv SIP-plan' }).click();
      const form = panel.getByRole('form', { name: 'Ny SIP-plan' });
      await form.getByLabel(/^Situation/).fill('Bor ensam, höftfraktur, går med rollator.');

      // No goal, no place, no kind, no follow-up date: the server refuses, nothing is written.
      await form.getByRole('button', { name: 'Spara SIP-planen' }).click();
      await form.getByText('Planen sparades inte. Rätta det som är markerat.').waitFor();
      await form.locator('.field-error', { hasText: 'Får inte vara tomt' }).first().waitFor();
      await form.locator('.field-error', { hasText: 'Välj var mötet hölls' }).waitFor();
      await form.locator('.field-error', { hasText: 'Välj om planen är förebyggande eller gjord vid utskrivning' }).waitFor();
      await form.locator('.field-error', { hasText: 'måste vara ett datum' }).waitFor();
      expect((await plan()).body.current).toBeNull();
      await form.getByText('Planen sparades inte. Rätta det som är markerat.').scrollIntoViewIfNeeded();
      keep(await screenshot(page, 'sip-plan-form-fel-1366x768'));

      await form.getByLabel(/^Mål 1/).fill('Klara morgonrutinen själv');
      await form.getByRole('button', { name: 'Lägg till mål' }).click();
      await form.getByLabel(/^Mål 2/).fill('Gå till affären');
      await form.getByRole('button', { name: 'Lägg till insats' }).click();
      const insats = form.getByRole('group', { name: 'Insats 1' });
      await insats.getByLabel('Vad').fill('Hjälp med dusch');
      await insats.getByLabel('Organisation och enhet').selectOption({ label: 'Hemtjänst Norr (Org Hemtjänst Norr)' });
      await insats.getByLabel('Från').fill('2026-12-10');
      await insats.getByLabel('Hur ofta').fill('tisdag och fredag');
      await form.getByLabel('SIP-ansvarig (namn)').fill('Maria');
      await form.getByRole('checkbox', { name: 'Hemtjänst Norr (Org Hemtjänst Norr)' }).check();
      await form.getByRole('checkbox', { name: 'Personen deltog' }).check();
      await form.getByLabel(/^Plats/).selectOption({ label: 'I hemmet' });
      await form.getByLabel(/^Typ av SIP/).selectOption({ label: 'Vid utskrivning' });
      await form.getByLabel(/^Mötesdatum/).fill('2026-12-09');
      await form.getByLabel(/^Uppföljningsdatum/).fill('2027-01-15');
      await form.getByRole('heading', { name: 'Ny SIP-plan' }).scrollIntoViewIfNeeded();
      keep(await screenshot(page, 'sip-plan-form-1366x768'));
      keep(await shotOf(page, form, 'sip-plan-form-hela-1366x768'));
      expect(await axe(page, 'sip-plan-form-desktop')).toEqual([]);
      await form.getByRole('button', { name: 'Spara SIP-planen' }).click();

      await panel.getByRole('heading', { name: 'SIP-plan (version 1)' }).waitFor();
      await panel.getByText('Version 1 är sparad.').waitFor();
      await panel.getByText('Klara morgonrutinen själv').waitFor();
      await panel.getByText(/Hjälp med dusch/).waitFor();
      const saved = (await plan()).body.current;
      expect(saved).toMatchObject({
        version: 1,
        situation: 'Bor ensam, höftfraktur, går med rollator.',
        mal: ['Klara morgonrutinen själv', 'Gå till affären'],
        insatser: [{ vad: 'Hjälp med dusch', enhetId: hemtjanst, fran: '2026-12-10', hurOfta: 'tisdag och fredag' }],
        sipAnsvarigEnhet: sof,
        sipAnsvarigNamn: 'Maria',
        patientenDeltog: true,
        narstaendeDeltog: false,
        plats: 'i_hemmet',
        typ: 'vid_utskrivning',
        motesdatum: '2026-12-09',
        uppfoljningsdatum: '2027-01-15',
      });
      expect([...saved.deltagandeEnheter].sort()).toEqual(['Hemtjänst Norr', 'SOF mottagningsteam']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('hemtjänst accepts its part and writes version 2 on a phone (390 × 844)', async () => {
    const { page, context, errors } = await newContext(browser, phone);
    try {
      await openThread(page, carer);
      await page.getByRole('tab', { name: 'Hemgång' }).click();
      const panel = sipPanel(page);
      await panel.getByRole('heading', { name: 'SIP-plan (version 1)' }).waitFor();
      await panel.getByRole('button', { name: 'Godkänn vår del av version 1' }).click();
      await panel.getByText('Er del av version 1 är godkänd.').waitFor();
      await panel.getByText(/^Godkänt: Hemtjänst Norr/).waitFor();
      expect(await panel.getByRole('button', { name: /Godkänn vår del/ }).count()).toBe(0);

      await panel.getByRole('button', { name: 'Ändra planen (ny version)' }).click();
      const form = panel.getByRole('form', { name: /Ändra planen/ });
      // The form starts from version 1: the goals and the taking-part units are filled in.
      expect(await form.getByLabel(/^Mål 2/).inputValue()).toBe('Gå till affären');
      expect(await form.getByRole('checkbox', { name: 'SOF mottagningsteam (Org SOF mottagningsteam)' }).isChecked()).toBe(true);
      await form.getByLabel(/^Situation/).fill('Rollatorn levererad. Duschar med hjälp.');
      await form.getByRole('checkbox', { name: 'Närstående deltog' }).check();
      await form.getByRole('heading', { name: /Ändra planen/ }).scrollIntoViewIfNeeded();
      keep(await screenshot(page, 'sip-plan-form-390x844'));
      keep(await shotOf(page, form, 'sip-plan-form-hela-390x844'));
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await smallTapTargets(page)).toEqual([]);
      expect(await axe(page, 'sip-plan-form-mobil')).toEqual([]);
      await form.getByRole('button', { name: 'Spara som version 2' }).click();

      await panel.getByRole('heading', { name: 'SIP-plan (version 2)' }).waitFor();
      const history = panel.locator('.sip-history li');
      await history
        .first()
        .getByText(/^Version 2: Hemtjänst Norr/)
        .waitFor();
      expect(await history.allTextContents()).toEqual([
        expect.stringMatching(/^Version 2: Hemtjänst Norr, .* \(gällande\)$/),
        expect.stringMatching(/^Version 1: SOF mottagningsteam, /),
      ]);
      // A new version asks every unit again.
      await panel.getByText(/^Godkänt: ingen ännu; väntar på/).waitFor();
      expect((await plan()).body.current).toMatchObject({ version: 2, narstaendeDeltog: true, accepterade: [] });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('answers a change on a plan that moved meanwhile clearly, keeps the text, and saves it as the next version', async () => {
    const { page, context, errors } = await newContext(browser, LAPTOP);
    try {
      await openThread(page, officer);
      const panel = sipPanel(page);
      await panel.getByRole('heading', { name: 'SIP-plan (version 2)' }).waitFor();
      await panel.getByRole('button', { name: 'Ändra planen (ny version)' }).click();
      const form = panel.getByRole('form', { name: /Ändra planen/ });
      await form.getByLabel(/^Situation/).fill('Maria: behöver trygghetslarm.');
      // Meanwhile hemtjänst saves version 3 (through the api).
      const current = (await plan()).body.current;
      const other = await api.request(carer, 'POST', `/api/threads/${threadId}/sip-plan`, {
        situation: 'Eva: ändrade tider.',
        mal: current.mal,
        insatser: current.insatser.map((i: Record<string, string>) => ({
          vad: i.vad,
          enhetId: i.enhetId,
          fran: i.fran,
          hurOfta: 'dagligen',
        })),
        sipAnsvarigEnhet: sof,
        deltagare: { enheter: [sof, hemtjanst], patientenDeltog: true, narstaendeDeltog: true },
        plats: 'i_hemmet',
        typ: 'vid_utskrivning',
        motesdatum: '2026-12-09',
        uppfoljningsdatum: '2027-01-15',
        grundversion: 2,
      });
      expect(other.status).toBe(201);

      await form.getByRole('button', { name: 'Spara som version 3' }).click();
      await form.getByText(/Planen har ändrats \(nu version 3\)/).waitFor();
      await form.getByText('Dina ändringar finns kvar i formuläret.').waitFor();
      expect(await form.getByLabel(/^Situation/).inputValue()).toBe('Maria: behöver trygghetslarm.');
      expect((await plan()).body.current.version).toBe(3);
      await panel.getByRole('heading', { name: 'SIP-plan (version 3)' }).waitFor();
      await form.getByRole('button', { name: 'Spara mina ändringar som version 4' }).click();
      await panel.getByRole('heading', { name: 'SIP-plan (version 4)' }).waitFor();
      expect((await plan()).body.current.situation).toBe('Maria: behöver trygghetslarm.');
      expect(await panel.locator('.sip-history li').count()).toBe(4);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds a follow-up and prints the plan alone', async () => {
    const { page, context, errors } = await newContext(browser, LAPTOP);
    try {
      await openThread(page, officer);
      const panel = sipPanel(page);
      await panel.getByRole('heading', { name: 'SIP-plan (version 4)' }).waitFor();
      await panel.getByRole('button', { name: 'Lägg till uppföljning' }).click();
      const form = panel.getByRole('form', { name: 'Ny uppföljning eller utvärdering' });
      await form.getByLabel(/^Datum/).fill('2027-01-15');
      await form.getByLabel(/^Vad kom ni fram till/).fill('Morgonrutinen går bra, affären med sällskap.');
      await form.getByRole('button', { name: 'Spara anteckningen' }).click();
      await panel.getByText('Anteckningen är sparad.').waitFor();
      await panel.getByText(/^Uppföljning 2027-01-15 .*SOF mottagningsteam, version 4\): Morgonrutinen går bra/).waitFor();
      expect((await plan()).body.entries).toMatchObject([
        { typ: 'uppfoljning', datum: '2027-01-15', version: 4, text: 'Morgonrutinen går bra, affären med sällskap.' },
      ]);

      // "Skriv ut SIP-planen" prints with the plan alone on the page (body.print-sip).
      await page.evaluate(`window.print = () => { window.__printedAs = document.body.className; }`);
      await panel.getByRole('button', { name: 'Skriv ut SIP-planen' }).click();
      expect(await page.evaluate<string>('window.__printedAs')).toContain('print-sip');
      await page.evaluate(`document.body.classList.add('print-sip')`);
      await page.emulateMedia({ media: 'print' });
      const paper = await panel.innerText();
      for (const expected of [
        'SIP-plan (version 4)',
        'Maria: behöver trygghetslarm.',
        'Klara morgonrutinen själv',
        'Hjälp med dusch',
        'Morgonrutinen går bra',
      ])
        expect({ expected, onPaper: paper.includes(expected) }).toEqual({ expected, onPaper: true });
      const controls = await page.evaluate<
        string[]
      >(`[...document.querySelectorAll('.sip-plan button, .sip-plan form, .sip-plan input, .sip-plan select, .sip-plan textarea')]
        .filter((c) => c.checkVisibility()).map((c) => c.outerHTML.slice(0, 60))`);
      expect(controls).toEqual([]);
      const pdf = join(SCREENSHOTS, 'sip-plan.pdf');
      writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
      keep(pdf);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
