import { copyFileSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { newThreadBody, TestApi, type TestUser } from '../support/harness';
import { axe, DEVICES, launchBrowser, logIn, newContext, screenshot, sidewaysOverflow, smallTapTargets } from './browser';

const phone = DEVICES.find((d) => d.name === 'mobil')!;
/** Where the closing note of issue 27 picks its pictures from. */
const SHOTS = '/work/brief/shots';

const inDays = (days: number, hourUtc: number): string => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
};
/** A moment as a datetime-local field shows it in Stockholm. */
const localInput = (iso: string): string =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(iso))
    .replace(' ', 'T');

async function keep(page: Parameters<typeof screenshot>[0], name: string): Promise<void> {
  const path = await screenshot(page, name);
  try {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(path, `${SHOTS}/${name}.png`);
  } catch {
    // Outside the team's machine there is no closing note to feed.
  }
}

/** Mina uppgifter on hemtjänst's phone: its own tasks first, one tap into the thread at its own items. */
describe('Mina uppgifter, hemtjänst on a phone', () => {
  let api: TestApi;
  let browser: Browser;
  let carer: TestUser;
  let coordinator: TestUser;
  let hemtjanst: string;
  let threadId: string;
  let pickUp: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst]))).body.id;
    const post = (kind: string, payload: Record<string, unknown>) =>
      api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { kind, payload, idempotencyKey: randomUUID() });
    expect((await post('inskrivningsmeddelande', { inskrivenAt: inDays(-1, 8), bedomtBehov: 'Hemtjänst morgon och kväll' })).status).toBe(
      201,
    );
    for (const templateKey of ['hjalpmedel', 'fardtjanst']) {
      expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey })).status).toBe(201);
    }
    // The ward books the ride home: the pick-up time is what hemtjänst's card shows.
    pickUp = inDays(3, 9);
    const overview = (await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`)).body;
    const item = (key: string) =>
      overview.checklists
        .flatMap((c: { items: { key: string; id: string; version: number }[] }) => c.items)
        .find((i: { key: string }) => i.key === key);
    for (const [key, value] of [
      ['transportsatt', 'Färdtjänst'],
      ['upphamtning', pickUp],
    ] as const) {
      const i = item(key);
      const res = await api.request(coordinator, 'PATCH', `/api/threads/${threadId}/checklists/items/${i.id}`, {
        state: 'klar',
        value,
        expectedVersion: i.version,
      });
      expect(res.status).toBe(200);
    }
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('sees its tasks, opens one into the thread at its own items, "Visa alla" one tap away; readiness starts at the pick-up', async () => {
    const { page, context, errors } = await newContext(browser, phone);
    try {
      await logIn(page, api, carer);
      // The inbox card speaks of hemtjänst's part: its confirmation and the pick-up, not the ward's payment clock.
      const card = page.locator(`.inbox-card[data-thread-id="${threadId}"]`);
      await card.getByText('Er bekräftelse saknas').waitFor();
      await card.getByText(/^Hämtas /).waitFor();
      expect(await card.getByText(/Betalningsansvar/).count()).toBe(0);
      await keep(page, 'hemtjanst-mobil-inkorg');

      await page.getByRole('button', { name: /Meny/ }).click();
      await page.getByRole('link', { name: 'Mina uppgifter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();
      const group = page.locator(`.task-thread[data-thread-id="${threadId}"]`);
      await group.getByText('Tekla Testsson').waitFor();
      const own = group.getByRole('link', { name: 'Resa hem: Vem som tar emot patienten hemma är inte bestämt' });
      await own.waitFor();
      await group.getByRole('link', { name: /^Er bekräftelse saknas/ }).waitFor();
      await group.getByRole('link', { name: 'Kvittera inskrivningsmeddelandet' }).waitFor();
      // Only hemtjänst's: nothing the ward is to do (the transport, the devices' prescriptions).
      expect(await group.getByText(/Transportsättet|förskriv/i).count()).toBe(0);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect((await smallTapTargets(page)).filter((t) => !t.startsWith('button "Logga ut'))).toEqual([]);
      expect(await axe(page, 'mobil-mina-uppgifter')).toEqual([]);
      await keep(page, 'hemtjanst-mobil-mina-uppgifter');

      // One tap: the thread on its Checklistor tab, hemtjänst's items only, "Visa alla" one tap away.
      await own.click();
      await page.waitForURL(`**/arenden/${threadId}?flik=checklistor`);
      await page.getByRole('heading', { level: 1, name: /Tekla Testsson/ }).waitFor();
      expect(await page.getByRole('tab', { name: 'Checklistor' }).getAttribute('aria-selected')).toBe('true');
      const checklists = page.locator('#panel-checklistor');
      await checklists.getByText('Tar emot patienten i hemmet').waitFor();
      await checklists.getByText(/^Visar era \d+ punkter/).waitFor();
      expect(await checklists.getByText('Transport hem', { exact: true }).count()).toBe(0);
      await keep(page, 'hemtjanst-mobil-egna-punkter');
      await checklists.getByRole('button', { name: /^Visa alla \d+ punkter$/ }).click();
      await checklists.getByText('Transport hem', { exact: true }).waitFor();
      await checklists.getByRole('button', { name: 'Visa bara era' }).waitFor();

      // The readiness time starts at the booked pick-up, not now.
      const from = checklists.getByLabel('Hemtjänst Norr kan ta emot patienten från');
      expect(await from.inputValue()).toBe(localInput(pickUp));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loses a task live when a colleague of the unit does it, without a reload', async () => {
    const colleague = await api.user(hemtjanst, 'utforare', 'Olle');
    const { page, context, errors } = await newContext(browser, phone);
    try {
      await logIn(page, api, carer);
      await page.goto(`${api.baseUrl}/uppgifter`);
      await page.getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();
      const group = page.locator(`.task-thread[data-thread-id="${threadId}"]`);
      const receiving = group.getByRole('link', { name: 'Resa hem: Vem som tar emot patienten hemma är inte bestämt' });
      const readiness = group.getByRole('link', { name: /^Er bekräftelse saknas/ });
      await receiving.waitFor();
      await readiness.waitFor();
      // The socket is up (and in the unit's room) before the colleague acts: what follows can only come live.
      await page.locator('.conn-ok').waitFor();
      // A mark in this document: a reload or a navigation would lose it.
      await page.evaluate('window.__sameDocument = true');

      // A checklist item of hemtjänst's, set by a colleague on another device.
      const items = (await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`)).body.checklists.flatMap(
        (c: { items: { key: string; id: string; version: number }[] }) => c.items,
      );
      const mottagande = items.find((i: { key: string }) => i.key === 'mottagande');
      const set = await api.request(colleague, 'PATCH', `/api/threads/${threadId}/checklists/items/${mottagande.id}`, {
        state: 'klar',
        value: 'Hemtjänsten',
        expectedVersion: mottagande.version,
      });
      expect(set.status).toBe(200);
      await receiving.waitFor({ state: 'detached', timeout: 20_000 });
      await readiness.waitFor();

      // The unit's readiness, confirmed by the colleague.
      const ready = await api.request(colleague, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: pickUp });
      expect(ready.status).toBe(201);
      await readiness.waitFor({ state: 'detached', timeout: 20_000 });
      // The same page all along: no navigation, no reload.
      expect(await page.evaluate<boolean>('window.__sameDocument === true')).toBe(true);
      expect(new URL(page.url()).pathname).toBe('/uppgifter');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
