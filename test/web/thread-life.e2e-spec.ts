import type { Browser, Page } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { axe, launchBrowser, logIn, newContext, screenshot } from './browser';

/** A moment as the datetime-local inputs take it, in Stockholm time (the browsers' zone). */
function localInput(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const inDays = (days: number, hourUtc = 9) => {
  const d = new Date(Date.now() + days * 24 * 3600_000);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d;
};

/** Changes a checklist item through its editor in the panel. */
async function setItem(page: Page, label: string, fill: (editor: ReturnType<Page['locator']>) => Promise<unknown>): Promise<void> {
  await page.getByRole('button', { name: `Ändra: ${label}`, exact: true }).click();
  const editor = page.getByRole('form', { name: `Ändra: ${label}`, exact: true });
  await fill(editor);
  await editor.getByRole('button', { name: 'Spara' }).click();
  await editor.waitFor({ state: 'detached' });
}

async function openThread(page: Page, patient: string): Promise<void> {
  await page.locator('tbody tr', { hasText: patient }).getByRole('link', { name: patient }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(patient) }).waitFor();
  await page.locator('.timeline-scroll .timeline, .timeline-scroll .empty').first().waitFor();
}

describe('the life of an ärende in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let handlaggare: TestUser;
  let carer: TestUser;
  let doctor: TestUser;
  let ward: string;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;
  let vardcentral: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    await api.unit('slutenvard', 'Kirurgavdelning 3');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    vardcentral = await api.unit('primarvard', 'Visby norra vårdcentral');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    handlaggare = await api.user(sof, 'handlaggare', 'Sara');
    carer = await api.user(hemtjanst, 'utforare', 'Anna');
    doctor = await api.user(vardcentral, 'lakare', 'Per');
    for (const [user, familyName] of [
      [coordinator, 'Lindqvist'],
      [handlaggare, 'Holm'],
      [carer, 'Andersson'],
      [doctor, 'Pettersson'],
    ] as const) {
      await api.dataSource.query('UPDATE app_user SET family_name = $2 WHERE id = $1', [user.id, familyName]);
    }
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('adds the LOV provider after the decision, answers a SIP summons, corrects, closes, and refuses a late write', async () => {
    const created = await api.request(coordinator, 'POST', '/api/threads', {
      patient: { personnummer: '18910317-9801', givenName: 'Greta', familyName: 'Gotländsk' },
      participantUnitIds: [sof, hemsjukvard, vardcentral],
      triage: 'gul',
    });
    expect(created.status).toBe(201);
    const threadId = created.body.id as string;
    const wardCtx = await newContext(browser);
    const sofCtx = await newContext(browser);
    const homeCtx = await newContext(browser);
    // Hemtjänst's live updates can be cut off (a laptop lid closed): its later write is then too late.
    let deaf = false;
    await homeCtx.page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        if (deaf && typeof m === 'string' && m.startsWith('42')) return;
        ws.send(m);
      });
    });
    try {
      const w = wardCtx.page;
      await logIn(w, api, coordinator);
      await openThread(w, 'Greta Gotländsk');

      // Facts: the ward's address, validated by the server beside the field (folded into one line on a laptop).
      await w.locator('.thread-summary > summary').click();
      await w.getByRole('button', { name: 'Ange: Folkbokföringsadress' }).click();
      const address = w.getByRole('form', { name: 'Ändra: Folkbokföringsadress' });
      await address.getByLabel('Gatuadress').fill('Storgatan 1');
      await address.getByLabel('Postnummer').fill('6218');
      await address.getByLabel('Ort').fill('Visby');
      await address.getByRole('button', { name: 'Spara' }).click();
      // The server's message, beside the field it is about.
      await address.locator('.field-invalid', { hasText: 'Postnummer' }).locator('.field-error').waitFor();
      expect(await address.locator('.field-invalid').count()).toBe(1);
      await address.getByLabel('Postnummer').fill('621 84');
      await address.getByRole('button', { name: 'Spara' }).click();
      await address.waitFor({ state: 'detached' });
      await w.locator('.fact-folkbokforingsadress').getByText('Storgatan 1, 621 84 Visby').waitFor();
      await w.getByRole('button', { name: 'Ange: Avdelningens telefon' }).click();
      await w.getByRole('form', { name: 'Ändra: Avdelningens telefon' }).getByLabel('Telefon').fill('0498-26 80 00');
      await w.getByRole('form', { name: 'Ändra: Avdelningens telefon' }).getByRole('button', { name: 'Spara' }).click();
      await w.locator('.fact-avdelningens_telefon').getByText('0498-26 80 00').waitFor();
      // SOF cannot set the ward's facts; the others come from their owners.
      const put = (user: TestUser, key: string, value: unknown) =>
        api.request(user, 'PUT', `/api/threads/${threadId}/facts/${key}`, { value, expectedVersion: 0 });
      expect((await put(handlaggare, 'samtycke', { status: 'ej_givet' })).status).toBe(403);
      for (const [user, key, value] of [
        [
          coordinator,
          'narstaende',
          { personer: [{ namn: 'Lars Gotländsk', relation: 'son', telefon: '070-123 45 67', informerad: true }] },
        ],
        [coordinator, 'samtycke', { status: 'givet', organisationer: ['sof', 'hemsjukvard', 'hemtjanst', 'primarvard'] }],
        [handlaggare, 'ansvarig_handlaggare', { namn: 'Sara Holm', telefon: '0498-26 90 00' }],
        [handlaggare, 'stod_fore_inskrivning', { beskrivning: 'Trygghetslarm; ingen hemtjänst före inskrivningen.' }],
        [doctor, 'fast_vardkontakt', { namn: 'Per Pettersson', enhet: 'Visby norra vårdcentral', telefon: '+46 498 20 00 00' }],
      ] as const) {
        expect((await put(user, key, value)).status).toBe(200);
      }
      await w.locator('.fact-fast_vardkontakt').getByText('Per Pettersson, Visby norra vårdcentral, +46 498 20 00 00').waitFor();
      await w.getByText('(7 av 7 angivna)').waitFor();
      await screenshot(w, 'thread-facts-header');

      // The ward fills in "Resa hem" in one sitting: one grouped entry in the timeline.
      await w.getByRole('group', { name: 'Lägg till checklista' }).getByRole('button', { name: 'Resa hem' }).click();
      await setItem(w, 'Transport hem', (e) => e.getByLabel('Transport hem').selectOption('Närstående hämtar'));
      await setItem(w, 'Upphämtning (datum och tid)', (e) => e.getByLabel('Upphämtning (datum och tid)').fill(localInput(inDays(2))));
      await setItem(w, 'Från (avdelning och ingång)', (e) => e.getByLabel('Från (avdelning och ingång)').fill('Avd 4, huvudentrén'));
      await setItem(w, 'Till', (e) => e.getByLabel('Till', { exact: true }).selectOption('Hemmet'));
      await w.locator('.msg-group').getByText('Du ändrade 4 punkter i Resa hem').waitFor();

      // A correction from the web client: the planned date, struck through with its correction.
      await w.getByLabel('Typ av meddelande').selectOption({ label: 'Planerad utskrivning' });
      await w.getByLabel('Planerat utskrivningsdatum').fill(localInput(inDays(3)).slice(0, 10));
      await w.getByRole('button', { name: 'Skicka planerad utskrivning' }).click();
      const planned = w.locator('.timeline li.msg-planerad_utskrivning').first();
      await planned.getByRole('button', { name: /^Rätta planerad utskrivning/ }).click();
      const correcting = w.getByRole('form', { name: 'Rätta meddelande' });
      await correcting.getByText('Du rättar planerad utskrivning').waitFor();
      await correcting.getByLabel('Planerat utskrivningsdatum').fill(localInput(inDays(4)).slice(0, 10));
      await correcting.getByRole('button', { name: 'Skicka rättelse' }).click();
      await planned.locator('del').waitFor();
      await planned.getByText('Rättad').waitFor();
      await planned.getByRole('link', { name: 'se rättelsen' }).waitFor();
      await w
        .locator('.timeline li.msg-planerad_utskrivning')
        .nth(1)
        .getByText(/Rättelse av/)
        .waitFor();

      // SOF decides a pot of hours for the period, then adds the LOV provider it chose.
      const s = sofCtx.page;
      await logIn(s, api, handlaggare);
      await openThread(s, 'Greta Gotländsk');
      await s.getByLabel('Typ av meddelande').selectOption({ label: 'Hemgångsbeslut' });
      await s.getByLabel('Beviljade timmar').fill('40');
      await s.getByRole('combobox', { name: /^Per/ }).selectOption({ label: 'pott för perioden' });
      await s.getByLabel('Gäller från').fill(localInput(inDays(2)).slice(0, 10));
      await s.getByRole('button', { name: 'Skicka hemgångsbeslut' }).click();
      await s.getByText('Gäller till: Ange till vilket datum potten gäller.').waitFor();
      await s.getByLabel('Gäller till').fill(localInput(inDays(16)).slice(0, 10));
      await s.getByRole('button', { name: 'Skicka hemgångsbeslut' }).click();
      await s.locator('.timeline li.msg-hemgangsbeslut').getByText('pott för perioden').waitFor();
      // SOF may add home care and home health care, not another ward.
      const addable = await s.getByLabel('Ny deltagare').locator('option').allTextContents();
      expect(addable).toContain('Hemtjänst Norr');
      expect(addable).not.toContain('Kirurgavdelning 3');
      const h = homeCtx.page;
      await logIn(h, api, carer);
      await h.getByText('Inga ärenden ännu.').waitFor();
      await s.getByLabel('Ny deltagare').selectOption({ label: 'Hemtjänst Norr' });
      await s.getByRole('button', { name: 'Lägg till deltagare' }).click();
      await s.locator('.participants').getByText('Hemtjänst Norr').waitFor();
      await s
        .locator('.timeline li.msg-deltagare_tillagd')
        .getByText(/Hemtjänst Norr .* deltar nu i ärendet/)
        .waitFor();
      await w.locator('.timeline li.msg-deltagare_tillagd').waitFor();

      // Hemtjänst gets the thread live and sees the whole history, the grouped checklist entry too.
      await openThread(h, 'Greta Gotländsk');
      const group = h.locator('.msg-group');
      await group.getByText('Karin Lindqvist ändrade 4 punkter i Resa hem').click();
      await group.locator('.group-lines li').nth(3).waitFor();
      await group.scrollIntoViewIfNeeded();
      await screenshot(h, 'grouped-checklist-entry');
      // Kvittens of the decision, shown per unit beside it.
      const decision = h.locator('.timeline li.msg-hemgangsbeslut');
      await decision.getByRole('button', { name: 'Kvittera' }).click();
      await decision.getByLabel('Kommentar (frivillig)').fill('Vi planerar insatserna.');
      await decision.getByRole('button', { name: 'Skicka kvittens' }).click();
      await s
        .locator('.timeline li.msg-hemgangsbeslut')
        .getByText(/Kvitterat av Hemtjänst Norr \d{2}:\d{2}: ”Vi planerar insatserna.”/)
        .waitFor();

      // The ward summons to SIP (not primary care this time); two units answer.
      await w.getByLabel('Typ av meddelande').selectOption({ label: 'Kallelse till SIP-möte' });
      await w.getByLabel('Mötestid').fill(localInput(inDays(1, 12)));
      await w.getByLabel('Plats').fill('Avd 4, samtalsrummet');
      await w.getByRole('checkbox', { name: 'Visby norra vårdcentral' }).uncheck();
      await w.getByRole('button', { name: /^Skicka kallelse/ }).click();
      const summons = w.locator('.timeline li.msg-sip_kallelse');
      await summons.getByText('Inget svar ännu').first().waitFor();
      await h.locator('.timeline li.msg-sip_kallelse').getByRole('button', { name: 'Acceptera' }).click();
      const sofSummons = s.locator('.timeline li.msg-sip_kallelse');
      await sofSummons.getByRole('button', { name: 'Föreslå annan tid …' }).click();
      await sofSummons.getByLabel('Föreslagen tid').fill(localInput(inDays(2, 13)));
      await sofSummons.getByLabel('Kommentar').fill('Handläggaren är på utbildning.');
      await sofSummons.getByRole('button', { name: 'Föreslå tiden' }).click();
      await summons.locator('.svar-accepterar', { hasText: 'Hemtjänst Norr' }).getByText('Accepterar').waitFor();
      await summons
        .locator('.svar-foreslar_annan_tid', { hasText: 'SOF mottagningsteam' })
        .getByText(/Föreslår annan tid/)
        .waitFor();
      await summons.locator('.svar-inget', { hasText: 'Hemsjukvården Visby' }).waitFor();
      expect(await summons.getByText('Visby norra vårdcentral').count()).toBe(0);
      await summons.scrollIntoViewIfNeeded();
      await screenshot(w, 'sip-svar');
      expect(await axe(w, 'arende-livscykel')).toEqual([]);

      // The ward removes a unit (confirmed first): it leaves the list, the timeline says so.
      await w.getByRole('button', { name: 'Ta bort Hemsjukvården Visby' }).click();
      await w.getByRole('button', { name: 'Ja, ta bort' }).click();
      await w.locator('.timeline li.msg-deltagare_borttagen').getByText('Hemsjukvården Visby deltar inte längre i ärendet.').waitFor();
      await w.locator('.participants').getByText('Hemsjukvården Visby').waitFor({ state: 'detached' });

      // Hemtjänst has taken in the removal, and the refresh it scheduled (debounced, 200 ms) has run:
      // cut off before that, its refresh could fetch the thread after the close below.
      await h.locator('.participants').getByText('Hemsjukvården Visby').waitFor({ state: 'detached' });
      await h.waitForTimeout(500);
      // Hemtjänst starts a message while its live updates are cut off; the ward closes the thread.
      deaf = true;
      await h.getByRole('textbox', { name: /^Meddelande/ }).fill('Vi kommer kl 10 på fredag.');
      await w.getByText('Avsluta eller makulera ärendet').click();
      await w.getByRole('button', { name: 'Avsluta ärendet', exact: true }).click();
      await w.getByText('Patienten är inte utskriven: ange varför ärendet avslutas.').waitFor();
      await w.getByLabel('Orsak').fill('Patienten avled på avdelningen.');
      await w.getByRole('button', { name: 'Avsluta ärendet', exact: true }).click();
      await w.locator('.closed-banner').getByText('Ärendet är avslutat', { exact: true }).waitFor();
      await w.getByText('Ärendet är avslutat: det går inte längre att skriva i det.').waitFor();
      expect(await w.getByRole('button', { name: /^Ändra:/ }).count()).toBe(0);
      expect(await w.getByRole('button', { name: /^Ange:/ }).count()).toBe(0);
      await w.locator('.timeline li.msg-arende_avslutat').waitFor();
      expect(await axe(w, 'arende-avslutat')).toEqual([]);
      await screenshot(w, 'arende-avslutat');

      // The late write is refused, in Swedish, and nothing is written.
      await h.getByRole('button', { name: 'Skicka', exact: true }).click();
      await h.getByText('Din ändring sparades inte: Ärendet är avslutat och kan inte längre ändras.', { exact: false }).waitFor();
      await h.locator('.closed-banner').getByText('Ärendet är avslutat', { exact: true }).waitFor();
      await screenshot(h, 'sen-skrivning-nekad');
      const messages = (await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages`)).body.messages as {
        kind: string;
        body: string | null;
      }[];
      expect(messages.some((m) => m.body === 'Vi kommer kl 10 på fredag.')).toBe(false);
      expect(messages.filter((m) => m.kind === 'sip_svar')).toHaveLength(2);

      expect(wardCtx.errors).toEqual([]);
      expect(sofCtx.errors).toEqual([]);
      expect(homeCtx.errors).toEqual([]);
    } finally {
      await wardCtx.context.close();
      await sofCtx.context.close();
      await homeCtx.context.close();
    }
  });
});
