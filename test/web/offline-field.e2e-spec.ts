import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { newThreadBody } from '../support/bodies';
import { TestApi, type TestUser } from '../support/harness';
import { DEVICES, launchBrowser, logIn, newContext, screenshot, SCREENSHOTS } from './browser';

/**
 * Offline in the field, beyond the first story (docs/offline.md), in Chromium at 390 × 844: the
 * threads of the user's unit opened today are kept without a tick (never a protected identity),
 * and the offline key is fetched only then; a PIN opens the copy after the app was closed; the plan
 * and the SIP summons are in the kept thread; checklist changes (state and value: a choice, a time),
 * a SIP decline and mottagen hemma wait in the outbox with the time of the act, can be changed or
 * taken back, the consequential ones are asked again at sync, and a conflict is explained in Swedish.
 */
const PHONE = DEVICES.find((d) => d.name === 'mobil')!;
const PIN = '246810';

describe('offline in the field on a phone', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let carer: TestUser;
  let today: string;
  let home: string;
  let secret: string;
  let behov: { id: string; version: number };
  let larm: string;
  let summons: string;

  const post = (user: TestUser, threadId: string, kind: string, payload: Record<string, unknown>) =>
    api.request(user, 'POST', `/api/threads/${threadId}/messages`, { kind, payload, idempotencyKey: randomUUID() });

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF Gotland');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Gotland Syd');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Hedvig');
    const open = async (patient: Record<string, unknown>) =>
      (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst], patient))).body.id as string;
    today = await open({ givenName: 'Tekla' });
    home = await open({ personnummer: '19070401-9801', givenName: 'Greta', familyName: 'Gotlänning' });
    secret = await open({ personnummer: '18910317-9801', givenName: 'Skyddad', familyName: 'Person', protectedIdentity: true });

    const checklist = await api.request(coordinator, 'POST', `/api/threads/${today}/checklists`, { templateKey: 'hjalpmedel' });
    expect(checklist.status).toBe(201);
    const items = async () =>
      (
        (await api.request(carer, 'GET', `/api/threads/${today}/checklists`)).body.checklists as {
          items: { id: string; key: string; version: number }[];
        }[]
      ).flatMap((c) => c.items);
    const item = (await items()).find((i) => i.key === 'nyckel_behov')!;
    behov = { id: item.id, version: item.version };
    // A safety alarm is needed: hemtjänst reports when it is installed at home (a time, the item's value).
    const need = (await items()).find((i) => i.key === 'trygghetslarm_behov')!;
    const needed = await api.request(coordinator, 'PATCH', `/api/threads/${today}/checklists/items/${need.id}`, {
      state: 'klar',
      value: 'Behövs',
      expectedVersion: need.version,
    });
    expect(needed.status).toBe(200);
    larm = (await items()).find((i) => i.key === 'trygghetslarm_levererad')!.id;
    const kallelse = await post(coordinator, today, 'sip_kallelse', {
      motesTid: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      plats: 'Hemmet',
      inbjudnaEnheter: [hemtjanst],
    });
    expect(kallelse.status).toBe(201);
    summons = kallelse.body.id;

    // Greta was discharged an hour ago: her home care may report her received at home.
    const inskriven = new Date(Date.now() - 3 * 86_400_000).toISOString();
    expect((await post(coordinator, home, 'inskrivningsmeddelande', { inskrivenAt: inskriven, bedomtBehov: 'Hemtjänst' })).status).toBe(
      201,
    );
    const utskriven = { utskrivenAt: new Date(Date.now() - 3_600_000).toISOString(), bekraftaTrotsKonflikter: true, orsak: 'Testfall.' };
    expect((await post(coordinator, home, 'utskrivningsmeddelande', utskriven)).status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const recordIds = (page: Page) =>
    page.evaluate<string[]>(
      `new Promise((resolve) => { const r = indexedDB.open('brygga-offline', 1); r.onupgradeneeded = () => r.result.createObjectStore('vault', { keyPath: 'id' }); r.onsuccess = () => { const q = r.result.transaction('vault').objectStore('vault').getAllKeys(); q.onsuccess = () => { r.result.close(); resolve(q.result.map(String)); }; }; })`,
    );
  const openThread = async (page: Page, threadId: string, heading: RegExp) => {
    await page.goto(`${api.baseUrl}/arenden/${threadId}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  it('keeps today’s threads, opens them with a PIN after the app was closed, and queues field acts that are asked again', async () => {
    const { context, page, errors } = await newContext(browser, PHONE);
    let keyFetches = 0;
    context.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/offline/key') keyFetches++;
    });
    try {
      await logIn(page, api, carer);
      await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');

      // A protected identity is never kept, and opening it needs no key.
      // The header (where the box would be) is drawn with the thread itself.
      await openThread(page, secret, /Skyddad identitet/);
      expect(await page.getByText('Tillgänglig offline').count()).toBe(0);
      expect(keyFetches).toBe(0);

      // Opened today, of the user's own unit: kept without a tick; the key is fetched now, once.
      await openThread(page, today, /Tekla Testsson/);
      await page.getByText('öppnat i dag: sparat krypterat på telefonen för i dag').waitFor();
      expect(keyFetches).toBe(1);
      expect(await page.getByRole('checkbox', { name: 'Tillgänglig offline' }).isChecked()).toBe(false);
      await openThread(page, home, /Greta Gotlänning/);
      await page.getByText('öppnat i dag: sparat krypterat på telefonen för i dag').waitFor();
      const ids = await recordIds(page);
      expect(ids).toEqual(expect.arrayContaining([`thread:${today}`, `thread:${home}`]));
      expect(ids).not.toContain(`thread:${secret}`);

      // A PIN wraps the key, so the copy opens after the app was closed.
      await page.getByLabel('PIN-kod', { exact: true }).fill(PIN);
      await page.getByLabel('Samma PIN-kod igen').fill(PIN);
      await page.getByRole('button', { name: 'Välj PIN-kod' }).click();
      await page.getByText('PIN-koden är vald').waitFor();
      const wrapped = await page.evaluate<string | null>(`localStorage.getItem('brygga.offline.pin')`);
      expect(wrapped).not.toContain(await page.evaluate<string>(`sessionStorage.getItem('brygga.offline.nyckel')`));

      // The app is closed (its tab and the tab's key are gone) and opened again without coverage.
      await page.close();
      await context.setOffline(true);
      const phone = await context.newPage();
      phone.setDefaultTimeout(10_000);
      phone.on('pageerror', (e) => errors.push(e.message));
      await phone.goto(`${api.baseUrl}/`);
      await phone.getByText('Det sparade på telefonen är låst.').waitFor();
      expect(await phone.evaluate<string | null>(`sessionStorage.getItem('brygga.offline.nyckel')`)).toBeNull();
      await phone.getByLabel('PIN-kod för det sparade').fill('135790');
      await phone.getByRole('button', { name: 'Öppna det sparade' }).click();
      await phone.getByText('Fel PIN-kod. 4 försök kvar innan det sparade raderas.').waitFor();
      await phone.getByLabel('PIN-kod för det sparade').fill(PIN);
      await phone.getByRole('button', { name: 'Öppna det sparade' }).click();
      await phone.getByRole('heading', { level: 1, name: 'Sparat på telefonen' }).waitFor();
      await phone.getByTestId('offline-banner').waitFor();
      expect(await phone.getByTestId('offline-banner').textContent()).toMatch(/^Ingen täckning – visar sparat från \d{2}:\d{2}$/);
      await phone.evaluate('window.scrollTo(0, 0)');
      await phone.screenshot({ path: join(SCREENSHOTS, '26-offline-banner.png') });

      // The kept thread: the plan, the unit's items, the SIP summons.
      await phone.getByRole('link', { name: /Tekla Testsson/ }).click();
      await phone.getByRole('heading', { level: 2, name: 'Planen' }).waitFor();
      await phone.getByRole('heading', { level: 2, name: 'Vår organisations punkter' }).waitFor();
      // A checklist item's value and state, as online: here a choice …
      await phone.getByRole('button', { name: 'Ändra Behov' }).click();
      const behovForm = phone.getByRole('form', { name: 'Ändra: Behov' });
      await behovForm.getByLabel('Behov', { exact: true }).selectOption('Finns redan i hemmet');
      await behovForm.getByLabel('Status', { exact: true }).selectOption('klar');
      await behovForm.getByRole('button', { name: 'Spara – skickas när du har täckning' }).click();
      await phone.getByText('ändrad till Klar – Finns redan i hemmet på telefonen').waitFor();
      // … and a time: when the safety alarm was installed. Checked as online: klar needs the time.
      const local = (minutesAgo: number) =>
        phone.evaluate<string>(
          `(() => { const d = new Date(Date.now() - ${minutesAgo} * 60000); const p = (n) => String(n).padStart(2, '0'); return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()); })()`,
        );
      const installed = 'Installerat och provlarmat i hemmet';
      await phone.getByRole('button', { name: `Ändra ${installed}` }).click();
      const larmForm = phone.getByRole('form', { name: `Ändra: ${installed}` });
      await larmForm.getByLabel('Status', { exact: true }).selectOption('klar');
      await larmForm.getByRole('button', { name: 'Spara – skickas när du har täckning' }).click();
      await larmForm.getByText('Ange datum och klockslag.').waitFor();
      await larmForm.getByLabel(installed, { exact: true }).fill(await local(20));
      await larmForm.getByRole('button', { name: 'Spara – skickas när du har täckning' }).click();
      await phone.getByText(/ändrad till Klar – \d{4}-\d{2}-\d{2} \d{2}:\d{2} på telefonen/).waitFor();
      await phone.getByLabel('Orsak till nej').fill('Vi har ingen personal då.');
      await phone.getByRole('button', { name: 'Tacka nej – skickas när du har täckning' }).click();
      await phone.getByText('Ditt nej är sparat på telefonen.').waitFor();
      await phone.getByLabel('Skriv meddelande').fill('Detta tar jag tillbaka.');
      await phone.getByRole('button', { name: 'Spara – skickas när du har täckning' }).click();

      await phone
        .getByRole('link', { name: /Sparat på telefonen/ })
        .first()
        .click();
      await phone.getByRole('link', { name: /Greta Gotlänning/ }).click();
      await phone.getByRole('button', { name: 'Mottagen hemma nu' }).click();
      await phone.getByText('Mottagen hemma är sparat på telefonen.').waitFor();

      const outbox = phone.getByTestId('outbox');
      await outbox.getByRole('heading', { name: 'Sparat på telefonen – skickas när du har täckning (5)' }).waitFor();
      // Taken back before it goes; the decline's reason changed (its time of the act stays).
      const message = outbox.getByTestId('outbox-item').filter({ hasText: 'Detta tar jag tillbaka.' });
      await message.getByRole('button', { name: 'Ta tillbaka' }).click();
      await outbox.getByRole('heading', { name: 'Sparat på telefonen – skickas när du har täckning (4)' }).waitFor();
      const decline = outbox.getByTestId('outbox-item').filter({ hasText: 'Tackar nej till SIP-möte' });
      await decline.getByRole('button', { name: 'Ändra' }).click();
      await decline.getByLabel('Orsak').fill('Vi har ingen personal på torsdag; föreslå fredag.');
      await decline.getByRole('button', { name: 'Spara ändringen' }).click();
      await decline.getByText('Vi har ingen personal på torsdag; föreslå fredag.').waitFor();
      // The installation time corrected in the outbox: the time of the act and the key stay the first ones.
      const larmQueued = outbox.getByTestId('outbox-item').filter({ hasText: installed });
      const actedAt = await larmQueued.locator('.outbox-what .hint').textContent();
      await larmQueued.getByRole('button', { name: 'Ändra' }).click();
      const correctedAt = await local(10);
      await larmQueued.getByLabel(installed, { exact: true }).fill(correctedAt);
      await larmQueued.getByRole('button', { name: 'Spara ändringen' }).click();
      await larmQueued.getByText(`${installed}: Klar – ${correctedAt.replace('T', ' ')}`).waitFor();
      expect(await larmQueued.locator('.outbox-what .hint').textContent()).toBe(actedAt);
      await phone.evaluate('window.scrollTo(0, 0)');
      await phone.screenshot({ path: join(SCREENSHOTS, '26-outbox.png'), fullPage: true });
      await screenshot(phone, 'mobil-offline-falt');

      // Meanwhile someone at the ward answers the same item: the queued change is now based on an old version.
      const meanwhile = await api.request(coordinator, 'PATCH', `/api/threads/${today}/checklists/items/${behov.id}`, {
        state: 'ej_aktuell',
        expectedVersion: behov.version,
      });
      expect(meanwhile.status).toBe(200);

      await context.setOffline(false);
      // Mottagen hemma goes at once; the decline and the required item are asked again.
      await outbox.getByTestId('outbox-item').filter({ hasText: 'Mottagen hemma' }).getByText('Skickat.').waitFor();
      const again = phone.getByRole('group', { name: /Bekräfta: Tackar nej till SIP-möte/ });
      await again.getByText('Detta tackar nej till SIP-mötet.').waitFor();
      await again.getByRole('button', { name: 'Skicka nu' }).click();
      for (const label of ['Behov:', installed]) {
        const item = outbox
          .getByTestId('outbox-item')
          .filter({ hasText: label })
          .getByRole('group', { name: /Bekräfta: Checklistpunkt/ });
        await item.getByText('Detta ändrar om patienten är hemgångsklar.').waitFor();
        await item.getByRole('button', { name: 'Skicka nu' }).click();
      }
      await outbox.getByTestId('outbox-item').filter({ hasText: installed }).getByText('Skickat.').waitFor();
      const refused = outbox.getByTestId('outbox-item').filter({ hasText: 'Behov:' });
      await refused.getByText(/Inte skickat: punkten ändrades av någon annan medan du var utan täckning/).waitFor();
      await outbox.getByTestId('outbox-item').filter({ hasText: 'Tackar nej' }).getByText('Skickat.').waitFor();
      // Nothing waits any more, and one was refused: the list says to look at each.
      await outbox.getByRole('heading', { name: 'Från telefonen: se vad som hände med varje ändring' }).waitFor();
      await screenshot(phone, 'mobil-offline-falt-synkat');

      // On the server: the time of the act beside the time received; the withdrawn message never went.
      type Row = {
        kind: string;
        body: string | null;
        payload: Record<string, string> | null;
        observedAt: string | null;
        createdAt: string;
      };
      const messages = async (id: string) => (await api.request(coordinator, 'GET', `/api/threads/${id}/messages`)).body.messages as Row[];
      const todays = await messages(today);
      const svar = todays.filter((m) => m.kind === 'sip_svar');
      expect(svar).toHaveLength(1);
      expect(svar[0].payload).toMatchObject({
        kallelseId: summons,
        svar: 'avbojer',
        orsak: 'Vi har ingen personal på torsdag; föreslå fredag.',
      });
      expect(svar[0].observedAt).not.toBeNull();
      expect(new Date(svar[0].observedAt!).getTime()).toBeLessThanOrEqual(new Date(svar[0].createdAt).getTime());
      expect(todays.some((m) => m.body === 'Detta tar jag tillbaka.')).toBe(false);
      const received = (await messages(home)).filter((m) => m.kind === 'mottagen_hemma');
      expect(received).toHaveLength(1);
      expect(received[0].payload?.mottagenAt).toBe(received[0].observedAt);
      const [state] = await api.dataSource.query(`SELECT state FROM checklist_item WHERE id = $1`, [behov.id]);
      expect(state.state).toBe('ej_aktuell');
      // The corrected installation time, sent once, with the time of the act beside the time received.
      const [alarm] = await api.dataSource.query(`SELECT state, value FROM checklist_item WHERE id = $1`, [larm]);
      expect(alarm).toEqual({ state: 'klar', value: await phone.evaluate<string>(`new Date('${correctedAt}').toISOString()`) });
      const changes = await api.dataSource.query(
        `SELECT observed_at, changed_at FROM checklist_item_change WHERE item_id = $1 AND idempotency_key IS NOT NULL`,
        [larm],
      );
      expect(changes).toHaveLength(1);
      expect(changes[0].observed_at.getTime()).toBeLessThan(changes[0].changed_at.getTime());
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells, after the shift, that a write still waiting went with the expired copy', async () => {
    const { context, page, errors } = await newContext(browser, PHONE);
    try {
      await logIn(page, api, carer);
      await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');
      await openThread(page, home, /Greta Gotlänning/);
      await page.getByText('öppnat i dag: sparat krypterat på telefonen för i dag').waitFor();
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('offline-banner').waitFor();
      await page.getByLabel('Skriv meddelande').fill('Skrivet strax innan passet tog slut.');
      await page.getByRole('button', { name: 'Spara – skickas när du har täckning' }).click();
      await page.getByTestId('outbox').getByRole('heading', { name: 'Sparat på telefonen – skickas när du har täckning (1)' }).waitFor();

      // The shift is over: the copy was started 13 hours ago (the default shift is 12).
      await page.evaluate(
        `(() => { const m = JSON.parse(localStorage.getItem('brygga.offline.meta')); m.createdAt = new Date(Date.now() - 13 * 3600000).toISOString(); localStorage.setItem('brygga.offline.meta', JSON.stringify(m)); })()`,
      );
      await page.reload();
      await page.getByText('Brygga kunde inte startas').waitFor();
      expect(await recordIds(page)).toEqual([]);
      // With coverage again, the user is told what went unsent, once.
      await context.setOffline(false);
      await page.getByRole('button', { name: 'Försök igen' }).click();
      await page
        .getByText('1 ändring som väntade på telefonen raderades utan att skickas: det sparade var äldre än ett arbetspass.')
        .waitFor();
      expect(await page.evaluate<string | null>(`localStorage.getItem('brygga.offline.utgangna')`)).toBeNull();
      const messages = (await api.request(coordinator, 'GET', `/api/threads/${home}/messages`)).body.messages as { body: string | null }[];
      expect(messages.some((m) => m.body === 'Skrivet strax innan passet tog slut.')).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('asks before a logout deletes a write not yet sent', async () => {
    const { context, page, errors } = await newContext(browser, PHONE);
    try {
      await logIn(page, api, carer);
      await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');
      await openThread(page, today, /Tekla Testsson/);
      await page.getByText('öppnat i dag: sparat krypterat på telefonen för i dag').waitFor();
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('offline-banner').waitFor();
      await page.getByRole('button', { name: 'Bekräfta redo' }).click();
      await page.getByTestId('outbox').getByRole('heading', { name: 'Sparat på telefonen – skickas när du har täckning (1)' }).waitFor();
      // Coverage back: the readiness waits for its second answer, and a logout would delete it.
      await context.setOffline(false);
      const again = page.getByRole('group', { name: /Bekräfta: Redo att ta emot/ });
      await again.waitFor();
      const logOut = page.getByRole('button', { name: 'Logga ut', exact: true });
      await page.getByRole('button', { name: 'Meny' }).click();
      await logOut.click();
      const question = page.getByRole('alert').filter({ hasText: '1 ändring på telefonen är inte skickade och raderas om du loggar ut.' });
      await question.getByRole('button', { name: 'Avbryt' }).click();
      await question.waitFor({ state: 'detached' });
      await page.keyboard.press('Escape'); // the menu closes
      await logOut.waitFor({ state: 'hidden' });
      await again.waitFor();
      expect(await recordIds(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^outbox:/)]));
      // Answered (not sent): nothing waits, and the logout goes at once.
      await again.getByRole('button', { name: 'Skicka inte' }).click();
      await page.getByText('Inte skickat: du valde att inte skicka det.').waitFor();
      await page.getByRole('button', { name: 'Meny' }).click();
      await logOut.click();
      await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
