import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import { axe, launchBrowser, logIn, newContext, SCREENSHOTS, sidewaysOverflow } from './browser';

/**
 * Everything prints: "Min hemgång" as the sheet the ward hands over, and a whole thread with every
 * message and no navigation or buttons. Checked on the printed page (print media, and the PDF the
 * browser makes of it), and Min hemgång read on a phone.
 */
const A4 = { width: 794, height: 1123 };
/** Where the closing note's screenshots go when asked (BRYGGA_SHOTS=/work/shots/24). */
const SHOTS = process.env.BRYGGA_SHOTS;

function keep(file: string): void {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(file, join(SHOTS, file.split('/').pop()!));
}

/** What is on paper: each message of the timeline drawn with a size, inside no box that clips it. */
async function printedMessages(page: Page): Promise<{ shown: number; clipped: number; texts: string[] }> {
  return page.evaluate<{ shown: number; clipped: number; texts: string[] }>(`(() => {
    const clips = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.display === 'none') return true;
        if (/(auto|scroll|hidden)/.test(s.overflowY) && p.scrollHeight > p.clientHeight + 1) return true;
      }
      return false;
    };
    const messages = [...document.querySelectorAll('.timeline > li.msg')];
    const shown = messages.filter((m) => m.getBoundingClientRect().height > 0 && m.checkVisibility());
    return {
      shown: shown.length,
      clipped: shown.filter(clips).length,
      texts: shown.map((m) => (m.querySelector('.msg-body') || m).textContent.trim()),
    };
  })()`);
}

/** Visible controls and navigation: on paper there must be none. */
async function printedControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() =>
    [...document.querySelectorAll('button, nav, header.topbar, form, textarea, select, input, [role=tablist]')]
      .filter((el) => el.checkVisibility())
      .map((el) => el.tagName.toLowerCase() + ' ' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)))()`);
}

/** The number of pages of a PDF made by Chromium (its page tree's /Count). */
function pdfPages(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)];
  return Math.max(0, ...counts.map((m) => Number(m[1] ?? m[2])));
}

describe('printing: Min hemgång and a whole thread', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let threadId: string;
  let ward: string;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    const officer = await api.user(sof, 'handlaggare', 'Maria');
    const nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Nora');
    const carer = await api.user(hemtjanst, 'utforare', 'Eva');
    const created = await api.request(coordinator, 'POST', '/api/threads', {
      ...newThreadBody([sof, hemsjukvard, hemtjanst]),
      plannedDischargeDate: '2026-12-09',
    });
    expect(created.status).toBe(201);
    threadId = created.body.id;
    const ok = (res: { status: number }, what: string) => expect({ what, status: res.status }).toEqual({ what, status: 200 });
    const post = (user: TestUser, body: Record<string, unknown>) => api.request(user, 'POST', `/api/threads/${threadId}/messages`, body);
    // Thirty messages of free text: the conversation to print.
    for (let i = 1; i <= 30; i++) {
      const res = await post(i % 2 ? coordinator : carer, {
        kind: 'fritext',
        body: `Meddelande ${i} om hemgången`,
        idempotencyKey: `m${i}`,
      });
      expect(res.status).toBe(201);
    }
    // The plan: facts, checklists, the decision, the SIP meeting, readiness.
    const put = (user: TestUser, key: string, value: Record<string, unknown>) =>
      api.request(user, 'PUT', `/api/threads/${threadId}/facts/${key}`, { value, expectedVersion: 0 });
    ok(await put(coordinator, 'avdelningens_telefon', { telefon: '0498-26 80 00' }), 'telefon');
    ok(await put(officer, 'ansvarig_handlaggare', { namn: 'Maria Lund', telefon: '0498-26 90 00' }), 'handläggare');
    for (const key of ['fardtjanst', 'lakemedelslista', 'hjalpmedel'])
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: key })).status).toBe(201);
    const set = async (user: TestUser, templateKey: string, key: string, value: unknown) => {
      const overview = await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`);
      const item = overview.body.checklists
        .find((c: { templateKey: string }) => c.templateKey === templateKey)
        .items.find((i: { key: string }) => i.key === key);
      const res = await api.request(user, 'PATCH', `/api/threads/${threadId}/checklists/items/${item.id}`, {
        value,
        expectedVersion: item.version,
      });
      expect({ key, status: res.status }).toEqual({ key, status: 200 });
    };
    await set(coordinator, 'fardtjanst', 'transportsatt', 'Färdtjänst');
    await set(coordinator, 'fardtjanst', 'bokad', true);
    await set(coordinator, 'fardtjanst', 'upphamtning', '2026-12-09T09:00:00.000Z');
    await set(coordinator, 'fardtjanst', 'fran', 'Avdelning 4, entré A');
    await set(carer, 'fardtjanst', 'mottagande', 'Hemtjänsten');
    await set(coordinator, 'hjalpmedel', 'rollator_behov', 'Behövs');
    await set(nurse, 'hjalpmedel', 'rollator_levererad', '2026-12-08T13:00:00.000Z');
    await set(officer, 'hjalpmedel', 'trygghetslarm_behov', 'Behövs');
    await set(coordinator, 'lakemedelslista', 'lista_upprattad', true);
    await set(nurse, 'lakemedelslista', 'hantering', 'Dosett');
    await set(nurse, 'lakemedelslista', 'forsta_kvallsdos', 'Hemsjukvården');
    expect(
      (
        await post(officer, {
          kind: 'hemgangsbeslut',
          payload: { beviljadeTimmar: 12, per: 'vecka', giltigtFran: '2026-12-09', insatser: ['Dusch', 'Inköp', 'Tillsyn på kvällen'] },
          idempotencyKey: 'beslut',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post(coordinator, {
          kind: 'sip_kallelse',
          payload: { motesTid: '2026-12-16T13:00:00.000Z', plats: 'Hemma hos dig' },
          idempotencyKey: 'sip',
        })
      ).status,
    ).toBe(201);
    expect((await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: '2026-12-09T08:00:00.000Z' })).status).toBe(
      201,
    );
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/plan/publish`, {})).status).toBe(201);
    // A change after publication: the pick-up moves half an hour ("Nytt").
    await set(coordinator, 'fardtjanst', 'upphamtning', '2026-12-09T09:30:00.000Z');
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('prints a 30-message thread whole: every message, no top bar, navigation or buttons', async () => {
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, coordinator);
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      await page.getByText('Meddelande 30 om hemgången').waitFor();
      const onScreen = await printedMessages(page);
      // On screen the timeline scrolls: most messages are inside its scroll box.
      expect(onScreen.clipped).toBeGreaterThan(0);

      await page.setViewportSize(A4);
      await page.emulateMedia({ media: 'print' });
      const printed = await printedMessages(page);
      const written = printed.texts.filter((t) => /^Meddelande \d+ om hemgången$/.test(t));
      expect(written).toHaveLength(30);
      expect(printed.clipped).toBe(0);
      expect(await printedControls(page)).toEqual([]);
      const shot = join(SCREENSHOTS, 'utskrift-arende.png');
      await page.screenshot({ path: shot, fullPage: true });
      keep(shot);
      // The browser's own PDF of it: the thread runs over several pages (one page held 2 before).
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(join(SCREENSHOTS, 'utskrift-arende.pdf'), pdf);
      expect(pdfPages(pdf)).toBeGreaterThan(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('prints the whole thread from a phone too, whichever tab is open', async () => {
    const { page, context, errors } = await newContext(browser, { name: 'mobil', viewport: { width: 390, height: 844 }, touch: true });
    try {
      await logIn(page, api, coordinator);
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      await page.getByText('Meddelande 30 om hemgången').waitFor();
      // The Hemgång tab hides the conversation on screen; paper shows it all the same.
      await page.getByRole('tab', { name: 'Hemgång' }).click();
      await page.emulateMedia({ media: 'print' });
      const printed = await printedMessages(page);
      expect(printed.texts.filter((t) => /^Meddelande \d+ om hemgången$/.test(t))).toHaveLength(30);
      expect(printed.clipped).toBe(0);
      expect(await printedControls(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('prints Min hemgång as the page alone, with the ticks, the contacts and "Nytt"', async () => {
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, coordinator);
      await page.goto(`${api.baseUrl}/arenden/${threadId}/min-hemgang`);
      await page.getByRole('heading', { level: 1, name: 'Min hemgång' }).waitFor();
      await page.getByText('Nytt', { exact: false }).first().waitFor();
      await page.setViewportSize(A4);
      await page.emulateMedia({ media: 'print' });
      expect(await printedControls(page)).toEqual([]);
      const paper = await page.locator('.plan-page').innerText();
      for (const expected of [
        'Min hemgång',
        'onsdag 9 december 2026',
        'kl. 10:30',
        'Färdtjänst',
        'Rollator',
        'Levererad till hemmet',
        'Trygghetslarm',
        'Inte installerat ännu',
        'Dosett',
        '12 timmar i veckan',
        'Dusch, Inköp, Tillsyn på kvällen',
        'Hemma hos dig',
        '0498-26 80 00',
        'Maria Lund, 0498-26 90 00',
        'Nytt',
      ])
        expect({ expected, onPaper: paper.includes(expected) }).toEqual({ expected, onPaper: true });
      // Nothing for staff only: no tools, no "Tillbaka", no publisher's name on the sheet.
      const whole = await page.evaluate<string>('document.body.innerText');
      expect(whole).not.toContain('Tillbaka till ärendet');
      expect(whole).not.toContain('Karin');
      const shot = join(SCREENSHOTS, 'min-hemgang-papper.png');
      await page.screenshot({ path: shot, fullPage: true });
      keep(shot);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pdfPath = join(SCREENSHOTS, 'min-hemgang.pdf');
      writeFileSync(pdfPath, pdf);
      keep(pdfPath);
      // The sheet the ward hands over: one A4 page.
      expect(pdfPages(pdf)).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads Min hemgång on a phone (390 × 844): fits the width, passes axe', async () => {
    const { page, context, errors } = await newContext(browser, { name: 'mobil', viewport: { width: 390, height: 844 }, touch: true });
    try {
      await logIn(page, api, coordinator);
      await page.goto(`${api.baseUrl}/arenden/${threadId}/min-hemgang`);
      await page.getByRole('heading', { level: 1, name: 'Min hemgång' }).waitFor();
      expect(Math.max(0, await sidewaysOverflow(page))).toBe(0);
      expect(await axe(page, 'mobil-min-hemgang')).toEqual([]);
      // The open page follows the thread: the ward moves the pick-up, the page shows it at once.
      const overview = await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`);
      const pickup = overview.body.checklists
        .find((c: { templateKey: string }) => c.templateKey === 'fardtjanst')
        .items.find((i: { key: string }) => i.key === 'upphamtning');
      const moved = await api.request(coordinator, 'PATCH', `/api/threads/${threadId}/checklists/items/${pickup.id}`, {
        value: '2026-12-09T10:00:00.000Z',
        expectedVersion: pickup.version,
      });
      expect(moved.status).toBe(200);
      await page.getByText('onsdag 9 december 2026 kl. 11:00').waitFor();
      // The first screen as the phone shows it, and the whole page scrolled through.
      const top = join(SCREENSHOTS, 'min-hemgang-mobil.png');
      await page.screenshot({ path: top });
      keep(top);
      const whole = join(SCREENSHOTS, 'min-hemgang-mobil-hela.png');
      await page.screenshot({ path: whole, fullPage: true });
      keep(whole);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
