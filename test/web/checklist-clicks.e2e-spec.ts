import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { launchBrowser, logIn, newContext, OUTPUT, screenshot } from './browser';

/**
 * Issue 27, item 3: the ward does its part of the three standard checklists (Hjälpmedel,
 * Läkemedelslista, Resa hem) in at most 20 clicks on a laptop. Every click and every field the
 * coordinator types in is counted (a field is a click to focus it); keys typed are not. The story:
 * only a rollator is needed, the medication list is drawn up and sent, färdtjänst on the planned
 * day. The inskrivningsmeddelande's expected discharge date is the planned date the checklists
 * take over; nothing the ward is responsible for is left open at the end.
 */
describe("the ward's three standard checklists in at most 20 clicks (issue 27)", () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let threadId: string;
  const planned = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    const hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    threadId = (
      await api.request(coordinator, 'POST', '/api/threads', {
        patient: { personnummer: '19000612-9803', givenName: 'Greta', familyName: 'Gotländsk' },
        participantUnitIds: [hemtjanst, hemsjukvard],
        triage: 'gul',
      })
    ).body.id;
    const admitted = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'inskrivningsmeddelande',
      payload: {
        inskrivenAt: new Date(Date.now() - 86_400_000).toISOString(),
        forvantatUtskrivningsdatum: planned,
        bedomtBehov: 'Rollator.',
      },
      body: '',
      idempotencyKey: 'inskriven',
    });
    expect(admitted.status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('takes the ward through Hjälpmedel, Läkemedelslista and Resa hem in ≤ 20 clicks', async () => {
    const { page, context, errors } = await newContext(browser);
    // A guard, not a measure: every wait below is on a state the page reaches; on a loaded CI
    // machine (2 cores, browsers beside api nodes) one save and its refetch took more than 10 s.
    page.setDefaultTimeout(30_000);
    let clicks = 0;
    const log: string[] = [];
    const click = async (target: Locator, what: string) => {
      clicks += 1;
      log.push(what);
      await target.click();
    };
    const type = async (target: Locator, text: string, what: string) => {
      clicks += 1;
      log.push(what);
      await target.fill(text);
    };
    const item = (p: Page, label: string) => p.locator('.item', { has: p.getByRole('button', { name: `Historik: ${label}` }) });
    const choose = async (label: string, value: string) => {
      const group = page.getByRole('group', { name: label, exact: true });
      await click(group.getByRole('button', { name: value, exact: true }), `${label} → ${value}`);
      await group.getByRole('button', { name: value, exact: true, pressed: true }).waitFor();
    };
    // Waits on the saved state, not on time: the offered value's button goes once the refetched
    // item holds a value, and the item reads "Klar" (under load a save and its refetch can take seconds).
    const implied = async (label: string, text: RegExp) => {
      const button = page.getByRole('button', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}: ${text.source}`) });
      await click(button, `${label} → ${text.source}`);
      await button.waitFor({ state: 'detached' });
      await item(page, label).locator('.state-klar').waitFor();
    };
    try {
      await logIn(page, api, coordinator);
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      const add = page.getByRole('group', { name: 'Lägg till checklista' });
      for (const name of ['Hjälpmedel', 'Läkemedelslista', 'Resa hem']) {
        await click(add.getByRole('button', { name, exact: true }), `Lägg till ${name}`);
        await page.getByRole('heading', { level: 3, name: new RegExp(`^${name}`) }).waitFor();
      }

      // Hjälpmedel: nothing is needed but a rollator.
      await click(page.getByRole('button', { name: 'Inget av detta behövs: Hjälpmedel' }), 'Hjälpmedel: inget behövs');
      await page.getByRole('group', { name: 'Trygghetslarm: Behov' }).getByRole('button', { name: 'Behövs inte', pressed: true }).waitFor();
      await choose('Rollator: Behov', 'Behövs');
      await click(page.getByRole('button', { name: 'Ändra: Rollator: Förskriven av' }), 'Ändra förskriven av');
      const prescribed = page.getByRole('form', { name: 'Ändra: Rollator: Förskriven av' });
      await type(prescribed.getByLabel('Förskriven av'), 'Anna Ek, arbetsterapeut avd 4', 'skriver förskrivare');
      await click(prescribed.getByRole('button', { name: 'Spara' }), 'Spara');
      await prescribed.waitFor({ state: 'detached' });
      await item(page, 'Rollator: Förskriven av').locator('.item-value', { hasText: 'Anna Ek, arbetsterapeut avd 4' }).waitFor();
      await implied('Rollator: Beställd', /Idag/);

      // Läkemedelslista: the ward's items.
      await choose('Läkemedelslista upprättad av avdelningen', 'Ja');
      await implied('Läkemedelslistan skickad till hemsjukvården', /Nu/);
      await choose('Läkemedel för de första dagarna', 'Skickas med hem från avdelningen');

      // Resa hem: färdtjänst on the planned day, from the ward, home.
      await choose('Transport hem', 'Färdtjänst');
      await choose('Resan bokad', 'Ja');
      await implied('Upphämtning (datum och tid)', /Planerad hemgång/);
      await implied('Från (avdelning och ingång)', /Medicinavdelning 4/);
      await choose('Till', 'Hemmet');
      await choose('Rullstol under resan', 'Nej');
      await choose('Ledsagare följer med', 'Nej');
      await screenshot(page, 'checklist-clicks-ward');

      // Nothing the ward is responsible for is left open, and the planned date is where it implies.
      const overview = (await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`)).body;
      const items = overview.checklists.flatMap((c: { items: unknown[] }) => c.items) as {
        key: string;
        responsible: string;
        required: boolean;
        applies: boolean;
        state: string;
        value: unknown;
      }[];
      const open = items.filter(
        (i) => i.responsible === 'slutenvard' && i.required && i.applies && !['klar', 'ej_aktuell'].includes(i.state),
      );
      expect(open.map((i) => i.key)).toEqual([]);
      const pickUp = items.find((i) => i.key === 'upphamtning')!.value as string;
      expect(new Date(pickUp).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' })).toBe(planned);
      expect(items.find((i) => i.key === 'rollator_behov')).toMatchObject({ state: 'klar', value: 'Behövs' });
      expect(items.find((i) => i.key === 'sang_behov')).toMatchObject({ state: 'klar', value: 'Behövs inte' });

      // The planned-discharge form starts from the date the inskrivningsmeddelande gave.
      const composer = page.getByRole('form', { name: 'Skriv i ärendet' });
      await composer.getByLabel('Typ av meddelande').selectOption('planerad_utskrivning');
      // The form fills the date in after it renders: wait for the value rather than read it at once.
      const date = composer.getByLabel('Planerat utskrivningsdatum');
      await date.waitFor();
      await page.waitForFunction((el) => (el as unknown as { value: string }).value !== '', await date.elementHandle(), {
        timeout: 30_000,
      });
      expect(await date.inputValue()).toBe(planned);

      // The count and each click, for the closing note (test-output/checklist-clicks.txt).
      writeFileSync(join(OUTPUT, 'checklist-clicks.txt'), `${clicks} klick\n${log.map((l, i) => `${i + 1}. ${l}`).join('\n')}\n`);
      expect(clicks).toBeLessThanOrEqual(20);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('answers an inline change on a stale version in Swedish and shows the fresh value', async () => {
    const current = await api.request(coordinator, 'GET', `/api/threads/${threadId}/checklists`);
    const till = current.body.checklists
      .flatMap((c: { items: { key: string }[] }) => c.items)
      .find((i: { key: string }) => i.key === 'till');
    const { page, context, errors } = await newContext(browser);
    page.setDefaultTimeout(30_000);
    try {
      await logIn(page, api, coordinator);
      await page.goto(`${api.baseUrl}/arenden/${threadId}`);
      const group = page.getByRole('group', { name: 'Till', exact: true });
      await group.getByRole('button', { name: 'Hemmet', pressed: true }).waitFor();
      // Someone else's change this page has not heard of: written behind its back (no live event).
      // Until the click's PATCH is answered, the page's own refetches of the checklists are held
      // back (then let through unchanged): under load a late join or reconnect refetched them first,
      // the page then held the fresh version, and there was no conflict to show (a CI failure).
      const held: Route[] = [];
      const checklists = /\/api\/threads\/[^/]+\/checklists(\?.*)?$/;
      await page.route(checklists, (route) => {
        if (route.request().method() === 'GET') held.push(route);
        else void route.continue();
      });
      await api.dataSource.query(`UPDATE checklist_item SET value = '"Korttidsboende"'::jsonb, version = version + 1 WHERE id = $1`, [
        till.id,
      ]);
      const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/checklists/items/${till.id}`));
      await group.getByRole('button', { name: 'Annan adress (anges vid bokningen)' }).click();
      expect((await patched).status()).toBe(409);
      await page.unroute(checklists);
      // A held refetch the page has since given up (a newer one replaced it) is already handled:
      // nothing to let through (a CI run failed on 'Route is already handled!').
      for (const route of held.splice(0)) await route.continue().catch(() => undefined);
      await page.getByRole('alert').getByText('Någon annan hann ändra punkten före dig', { exact: false }).waitFor();
      await group.getByRole('button', { name: 'Korttidsboende', pressed: true }).waitFor();
      const [row] = await api.dataSource.query('SELECT value FROM checklist_item WHERE id = $1', [till.id]);
      expect(row.value).toBe('Korttidsboende');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
