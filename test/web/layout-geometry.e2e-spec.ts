import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { launchBrowser, logIn, newContext, screenshot, type Device } from './browser';

/**
 * Issue 27, item 4: the thread page fits the screens staff use. Measured in the browser, not
 * inferred from CSS: the bounding boxes of the text in the thread header, the facts and the inbox
 * rows may not overlap one another nor stick out of the box that holds them, at a laptop
 * (1366 × 768), a tablet in portrait (820 × 1180) and a phone (390 × 844); and on the laptop the
 * conversation gets at least half the window and the send button stays in view with a structured
 * kind chosen in the composer.
 */

const VIEWPORTS: readonly Device[] = [
  { name: 'desktop', viewport: { width: 1366, height: 768 }, touch: false },
  { name: 'surfplatta', viewport: { width: 820, height: 1180 }, touch: true },
  { name: 'mobil', viewport: { width: 390, height: 844 }, touch: true },
];

/** Where the closing note's screenshots go when the run is asked to keep them (SHOTS_SUFFIX=before|after). */
const SHOTS_DIR = '/work/brief/shots';

interface Problem {
  kind: 'overlap' | 'overflow';
  what: string;
}

/**
 * Every visible text node under `selector`: its line boxes (Range.getClientRects), the element that
 * holds it, and the nearest block-level ancestor (the box the text must stay inside). Two texts of
 * different elements whose line boxes intersect overprint; a line box outside its block overflows.
 */
async function textProblems(page: Page, selector: string): Promise<Problem[]> {
  return page.evaluate<Problem[]>(`((sel) => {
    const problems = [];
    const TOL = 1.5;
    const roots = Array.from(document.querySelectorAll(sel));
    const hiddenByClip = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (e.classList.contains('visually-hidden') || s.visibility === 'hidden' || s.display === 'none') return true;
      }
      return false;
    };
    const blockOf = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const d = getComputedStyle(e).display;
        if (!d.startsWith('inline') && d !== 'contents') return e;
      }
      return document.body;
    };
    const label = (el, text) =>
      \`\${el.tagName.toLowerCase()}\${el.className ? \`.\${String(el.className).split(' ').join('.')}\` : ''} "\${text.slice(0, 40)}"\`;
    for (const root of roots) {
      const texts = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent || '').trim();
        const el = n.parentElement;
        if (!text || !el || hiddenByClip(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        // What shows of the text: its line boxes cut to every ancestor that clips (an ellipsis, a scroller).
        let rects = Array.from(range.getClientRects()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom }));
        for (let e = el; e && e !== document.body; e = e.parentElement) {
          const cs = getComputedStyle(e);
          if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
          const c = e.getBoundingClientRect();
          rects = rects.map((r) => ({ left: Math.max(r.left, c.left), right: Math.min(r.right, c.right), top: Math.max(r.top, c.top), bottom: Math.min(r.bottom, c.bottom) }));
        }
        rects = rects.filter((r) => r.right - r.left > 1 && r.bottom - r.top > 1);
        if (!rects.length) continue;
        texts.push({ el, text, rects });
        // Overflow: each line box inside its block, unless that block scrolls or clips with an ellipsis.
        const block = blockOf(el);
        const box = block.getBoundingClientRect();
        const style = getComputedStyle(block);
        const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
        for (const r of rects) {
          const out = r.left < box.left - TOL || r.right > box.right + TOL || r.top < box.top - TOL || r.bottom > box.bottom + TOL;
          if (out && !clips) {
            problems.push({
              kind: 'overflow',
              what: \`\${label(el, text)} [\${Math.round(r.left)}–\${Math.round(r.right)} × \${Math.round(r.top)}–\${Math.round(r.bottom)}] outside \${label(block, '')} [\${Math.round(box.left)}–\${Math.round(box.right)} × \${Math.round(box.top)}–\${Math.round(box.bottom)}]\`,
            });
          }
        }
        if (clips && block.scrollWidth > block.clientWidth + 1 && style.textOverflow !== 'ellipsis' && style.overflowX === 'hidden') {
          problems.push({ kind: 'overflow', what: \`\${label(el, text)} cut off by \${label(block, '')}\` });
        }
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i];
          const b = texts[j];
          if (a.el === b.el) continue;
          for (const ra of a.rects) {
            for (const rb of b.rects) {
              const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
              const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
              if (w > TOL && h > TOL) {
                problems.push({
                  kind: 'overlap',
                  what: \`\${label(a.el, a.text)} over \${label(b.el, b.text)} (\${Math.round(w)} × \${Math.round(h)} px)\`,
                });
              }
            }
          }
        }
      }
    }
    return problems;
  })(${JSON.stringify(selector)})`);
}

/** Visible elements under `selector` drawn outside its box (e.g. a wrapped button hanging out of the top bar). */
async function outsideOf(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(`((sel) => {
    const root = document.querySelector(sel);
    if (!root) return ['no ' + sel];
    const box = root.getBoundingClientRect();
    const out = [];
    for (const el of root.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || getComputedStyle(el).visibility === 'hidden') continue;
      // The folded menu of a narrow screen opens below the bar on purpose.
      if (el.closest('.topbar-menu-folded')) continue;
      if (r.left < box.left - 1.5 || r.right > box.right + 1.5 || r.top < box.top - 1.5 || r.bottom > box.bottom + 1.5)
        out.push(el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 30) + '" [' + Math.round(r.left) + '–' + Math.round(r.right) + ' × ' + Math.round(r.top) + '–' + Math.round(r.bottom) + ']');
    }
    return out;
  })(${JSON.stringify(selector)})`);
}

describe('the thread page and inbox fit the screens in use (issue 27)', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let officer: TestUser;
  let threadId: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    // Long names on purpose: the ward's name used to be printed over the admission date.
    const ward = await api.unit('slutenvard', 'Medicinkliniken avdelning 14 – hjärtsvikt och geriatrik');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr, Östra distriktet');
    const hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    const sof = await api.unit('sof', 'Socialförvaltningen, biståndsenheten');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Sofia');
    threadId = (
      await api.request(coordinator, 'POST', '/api/threads', {
        patient: { personnummer: '19000612-9803', givenName: 'Gunvor Margareta', familyName: 'Lindqvist-Andersson' },
        participantUnitIds: [hemtjanst, hemsjukvard, sof],
        triage: 'gul',
      })
    ).body.id;
    const post = async (user: TestUser, kind: string, payload: Record<string, unknown> | undefined, body: string) => {
      const res = await api.request(user, 'POST', `/api/threads/${threadId}/messages`, {
        kind,
        ...(payload ? { payload } : {}),
        body,
        idempotencyKey: `${kind}-${body.length}-${Math.random().toString(36).slice(2)}`,
      });
      expect(res.status).toBeLessThan(300);
    };
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await post(
      coordinator,
      'inskrivningsmeddelande',
      {
        inskrivenAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
        forvantatUtskrivningsdatum: soon,
        bedomtBehov: 'Hjälp med hygien och läkemedel.',
      },
      'Inskriven via akuten.',
    );
    await post(coordinator, 'planerad_utskrivning', { planeradUtskrivning: soon }, 'Planerad hem på förmiddagen.');
    for (let i = 1; i <= 6; i++)
      await post(i % 2 ? coordinator : officer, 'fritext', undefined, `Meddelande ${i} om hemgången och vad som behöver ordnas före den.`);
    await post(coordinator, 'utskrivningsklar', { utskrivningsklarAt: new Date(Date.now() - 3_600_000).toISOString() }, '');
    for (const [user, key, value] of [
      [coordinator, 'avdelningens_telefon', { telefon: '0498-26 80 00' }],
      [coordinator, 'folkbokforingsadress', { skyddad: false, gatuadress: 'Storgatan 1', postnummer: '621 84', ort: 'Visby' }],
      [officer, 'stod_fore_inskrivning', { beskrivning: 'Hemtjänst två gånger dagligen, trygghetslarm.' }],
      [officer, 'ansvarig_handlaggare', { namn: 'Sofia Handläggare', telefon: '0498-26 90 00' }],
    ] as const) {
      expect((await api.request(user, 'PUT', `/api/threads/${threadId}/facts/${key}`, { value, expectedVersion: 0 })).status).toBe(200);
    }

    // The officer's inbox with every column in use (two wards, three triages, statuses, dates) and the
    // longest texts of the deadline and hemgång columns: "Inskrivningsmeddelande senast …" (the
    // threads without one), "Hemgångsklar från …" a day ahead.
    const ward2 = await api.unit('slutenvard', 'Kirurgavdelning 2');
    const surgeon = await api.user(ward2, 'koordinator', 'Kurt');
    const carer = await api.user(hemtjanst, 'utforare', 'Eva');
    const other = async (triage: string, familyName: string) =>
      (
        await api.request(surgeon, 'POST', '/api/threads', {
          patient: { personnummer: '19121212-1212', givenName: 'Tolvan', familyName },
          participantUnitIds: [hemtjanst, sof],
          triage,
        })
      ).body.id as string;
    const early = await other('rod', 'Tidigsson');
    expect(
      (
        await api.request(surgeon, 'POST', `/api/threads/${early}/messages`, {
          kind: 'utskrivningsklar',
          payload: { utskrivningsklarAt: new Date(Date.now() - (10 * 24 + 5) * 3_600_000).toISOString() },
          body: '',
          idempotencyKey: 'klar-sedan-dagar',
        })
      ).status,
    ).toBe(201);
    await other('gron', 'Inskrivensson');
    const ready = await other('gul', 'Hemgångsson');
    const hjalpmedel = await api.request(surgeon, 'POST', `/api/threads/${ready}/checklists`, { templateKey: 'hjalpmedel' });
    expect(hjalpmedel.status).toBe(201);
    expect((await api.request(surgeon, 'POST', `/api/threads/${ready}/checklists/${hjalpmedel.body.id}/not-needed`, {})).status).toBe(200);
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setUTCHours(9, 0, 0, 0);
    expect((await api.request(carer, 'POST', `/api/threads/${ready}/readiness`, { redoFran: tomorrow.toISOString() })).status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('gives the conversation half of a 1366 × 768 window and keeps the send button in view with a structured kind', async () => {
    const { page, context, errors } = await newContext(browser, VIEWPORTS[0]);
    // The offline copy's one-time PIN offer (offline/pin.tsx) answered "Inte nu" in this session: measured is the page as used.
    await page.addInitScript("sessionStorage.setItem('brygga.offline.pinSenare', '1')");
    try {
      await logIn(page, api, coordinator);
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      await page.locator('.timeline').getByText('Meddelande 6', { exact: false }).waitFor();
      const shot = await screenshot(page, 'layout-thread-1366');
      if (process.env.SHOTS_SUFFIX && existsSync(SHOTS_DIR))
        copyFileSync(shot, join(SHOTS_DIR, `thread-1366x768-${process.env.SHOTS_SUFFIX}.png`));
      const scroller = await page.locator('.timeline-scroll').boundingBox();
      expect(scroller).not.toBeNull();
      expect(scroller!.height).toBeGreaterThanOrEqual(768 / 2);

      const composer = page.getByRole('form', { name: 'Skriv i ärendet' });
      await composer.getByLabel('Typ av meddelande').selectOption('inskrivningsmeddelande');
      const send = composer.getByRole('button', { name: /^Skicka/ });
      await send.waitFor();
      const withKind = await page.locator('.timeline-scroll').boundingBox();
      const button = await send.boundingBox();
      if (process.env.SHOTS_SUFFIX && existsSync(SHOTS_DIR)) {
        copyFileSync(
          await screenshot(page, 'layout-thread-1366-kind'),
          join(SHOTS_DIR, `thread-1366x768-kind-${process.env.SHOTS_SUFFIX}.png`),
        );
      }
      // Measured without scrolling the page: the button is inside the window as the page opened.
      expect(await page.evaluate<number>('window.scrollY')).toBe(0);
      expect(button).not.toBeNull();
      expect(button!.y).toBeGreaterThanOrEqual(0);
      expect(button!.y + button!.height).toBeLessThanOrEqual(768);
      expect(withKind!.height).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the next deadline and hemgång whole on one line at 1366 × 768 with every column in use', async () => {
    const { page, context, errors } = await newContext(browser, VIEWPORTS[0]);
    try {
      await logIn(page, api, officer);
      const rows = page.locator('.inbox-table tbody tr[data-thread-id]');
      await rows.filter({ hasText: 'Hemgångsklar från' }).waitFor();
      await screenshot(page, 'layout-inbox-1366-all-columns');
      await rows.filter({ hasText: 'Inskrivningsmeddelande senast' }).first().waitFor();
      // Every column is in use: nothing the same on every row was folded away.
      expect(await page.locator('.inbox-table thead th').allTextContents()).toEqual([
        'Patient',
        'Triage',
        'Status',
        'Avdelning',
        'Utskrivningsklar',
        'Planerad utskrivning',
        'Nästa frist',
        'Hemgång',
        'Olästa',
      ]);
      // Not cut: the cell's content is no wider than the cell (an ellipsis would hide the rest), and one line per row.
      const cells = await page.evaluate<{ text: string; scroll: number; client: number; height: number }[]>(
        `[...document.querySelectorAll('.inbox-table tbody tr[data-thread-id] .cell-frist, .inbox-table tbody tr[data-thread-id] .cell-hemgang')].map((c) => ({ text: c.textContent.trim(), scroll: c.scrollWidth, client: c.clientWidth, height: c.closest('tr').getBoundingClientRect().height }))`,
      );
      expect(cells.map((c) => c.text)).toHaveLength(8);
      expect(cells.filter((c) => c.scroll > c.client || c.height > 40)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(VIEWPORTS.map((d) => [d.name, d] as const))('prints no text over other text at %s size', async (_name, device) => {
    const { page, context, errors } = await newContext(browser, device);
    try {
      await logIn(page, api, coordinator);
      await page.locator('.inbox-table tbody tr, .inbox-card').first().waitFor();
      const inbox = await textProblems(page, '.inbox-table tbody tr, .inbox-card');
      // The top bar with a ward coordinator's links (Mina uppgifter, Nytt ärende, Bevakning, Aviseringar).
      const topbar = [...(await textProblems(page, '.topbar')).map((p) => p.what), ...(await outsideOf(page, '.topbar'))];
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      await page.locator('.thread-head h1').waitFor();
      const head = await textProblems(page, '.thread-head');
      // On a narrow screen the dates and facts sit under the Hemgång tab.
      if (device.viewport.width <= 960) await page.getByRole('tab', { name: 'Hemgång' }).click();
      else {
        const summary = page.locator('.thread-summary summary');
        if (await summary.count()) await summary.click();
      }
      await page.locator('.facts').waitFor();
      const facts = await textProblems(page, '.facts, .thread-dates, .clock-panel');
      await screenshot(page, `layout-geometry-${device.name}`);
      expect({ topbar, inbox, head, facts }).toEqual({ topbar: [], inbox: [], head: [], facts: [] });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
