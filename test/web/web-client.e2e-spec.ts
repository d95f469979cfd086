import type { Browser, Page } from 'playwright-core';
import { BevakningJob } from '@brygga/bevakning';
import { pastThread, readySince } from '../support/clock-factory';
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

/** Changes a checklist item through its editor in the panel. */
async function setItem(page: Page, label: string, fill: (editor: ReturnType<Page['locator']>) => Promise<unknown>): Promise<void> {
  await page.getByRole('button', { name: `Ändra: ${label}`, exact: true }).click();
  const editor = page.getByRole('form', { name: `Ändra: ${label}`, exact: true });
  await fill(editor);
  await editor.getByRole('button', { name: 'Spara' }).click();
  await editor.waitFor({ state: 'detached' });
}

describe('web client in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let carer: TestUser;
  let reviewer: TestUser;
  let hemtjanst: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    await api.unit('sof', 'SOF mottagningsteam');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Anna');
    reviewer = await api.user(ward, 'logggranskare', 'Lars');
    // Readable names in the app (the IdP keeps the generated ones its buttons are found by).
    for (const [user, familyName] of [
      [coordinator, 'Lindqvist'],
      [carer, 'Andersson'],
      [reviewer, 'Berg'],
    ] as const) {
      await api.dataSource.query('UPDATE app_user SET family_name = $2 WHERE id = $1', [user.id, familyName]);
    }
    // Long enough for a first-time `apt-get install chromium` on a fresh machine.
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('takes a ward and hemtjänst live from a new thread through utskrivningsklar to hemgångsklar', async () => {
    const ward = await newContext(browser);
    const home = await newContext(browser);
    try {
      // Login view, then both log in through the dev IdP.
      await ward.page.goto(`${api.baseUrl}/`);
      await ward.page.getByRole('heading', { level: 1, name: 'Logga in i Brygga' }).waitFor();
      await screenshot(ward.page, '1-inloggning');
      expect(await axe(ward.page, 'inloggning')).toEqual([]);
      await logIn(ward.page, api, coordinator);
      await logIn(home.page, api, carer);
      await home.page.getByText('Inga ärenden ännu.').waitFor();
      await home.page.locator('.conn-ok').waitFor();
      // Marks the document: if the inbox reloaded the page, the mark would be gone.
      await home.page.evaluate(() => ((globalThis as unknown as { __stay: number }).__stay = 1));

      // Nytt ärende: personnummer checked while typed.
      await ward.page.getByRole('link', { name: 'Nytt ärende' }).first().click();
      await ward.page.getByRole('heading', { level: 1, name: 'Nytt ärende' }).waitFor();
      const pnr = ward.page.getByLabel('Personnummer');
      await pnr.pressSequentially('19000612-9804');
      await ward.page.getByText('Kontrollsiffran stämmer inte').waitFor();
      await pnr.fill('');
      await pnr.pressSequentially('19000612-9803');
      await ward.page.getByText('Giltigt personnummer: 19000612-9803').waitFor();
      await ward.page.getByLabel('Förnamn').fill('Tekla');
      await ward.page.getByLabel('Efternamn').fill('Testsson');
      await ward.page.getByRole('checkbox', { name: 'Hemtjänst Norr' }).check();
      await ward.page.getByRole('radio', { name: /Gul/ }).check();
      await screenshot(ward.page, '2-nytt-arende');
      expect(await axe(ward.page, 'nytt-arende')).toEqual([]);
      await ward.page.getByRole('button', { name: 'Skapa ärende' }).click();
      await ward.page.getByRole('heading', { level: 1, name: /Tekla Testsson/ }).waitFor();

      // The hemtjänst inbox gets the thread without a reload.
      const row = home.page.locator('tbody tr', { hasText: 'Tekla Testsson' });
      await row.waitFor();
      await row.getByText('Gul').waitFor();

      // Utskrivningsklar as a structured message.
      await ward.page.getByLabel('Typ av meddelande').selectOption({ label: 'Utskrivningsklar' });
      await ward.page.getByLabel('Utskrivningsklar från').fill(localInput(new Date()));
      await ward.page.getByRole('button', { name: 'Skicka utskrivningsklar' }).click();
      const klarCard = ward.page.locator('.timeline li.msg-utskrivningsklar');
      await klarCard.waitFor();
      await klarCard.getByText('Ännu inte läst').waitFor();
      await row.getByText('Utskrivningsklar', { exact: true }).waitFor();
      await row.locator('.unread-count', { hasText: '1 oläst' }).waitFor();
      expect(await home.page.evaluate(() => (globalThis as unknown as { __stay?: number }).__stay)).toBe(1);
      await screenshot(home.page, '3-inkorg');
      expect(await axe(home.page, 'inkorg')).toEqual([]);

      // The ward adds the färdtjänst checklist and fills in its own items.
      await ward.page.getByRole('group', { name: 'Lägg till checklista' }).getByRole('button', { name: 'Resa hem' }).click();
      await setItem(ward.page, 'Transport hem', (e) => e.getByLabel('Transport hem').selectOption('Närstående hämtar'));
      const tomorrow = new Date(Date.now() + 24 * 3600_000);
      tomorrow.setUTCHours(8, 0, 0, 0);
      await setItem(ward.page, 'Upphämtning (datum och tid)', (e) =>
        e.getByLabel('Upphämtning (datum och tid)').fill(localInput(tomorrow)),
      );
      await setItem(ward.page, 'Från (avdelning och ingång)', (e) =>
        e.getByLabel('Från (avdelning och ingång)').fill('Avd 4, huvudentrén'),
      );
      await setItem(ward.page, 'Till', (e) => e.getByLabel('Till', { exact: true }).selectOption('Hemmet'));
      // Shown both in the going-home banner and beside the checklist it comes from.
      await ward.page.getByText('Hemtjänst Norr har inte bekräftat att de är redo att ta emot patienten.').first().waitFor();

      // Hemtjänst opens the thread: the card is readable, the unread marker shows, receipts go out.
      await row.getByRole('link', { name: 'Tekla Testsson' }).click();
      await home.page.getByRole('heading', { level: 1, name: /Tekla Testsson/ }).waitFor();
      await home.page.locator('.timeline li.msg-utskrivningsklar').getByText('Utskrivningsklar från').waitFor();
      await home.page.getByText('Nya meddelanden').waitFor();
      const readBy = klarCard.getByText(/Läst av Hemtjänst Norr – Anna A\. \d{2}:\d{2}$/);
      await readBy.waitFor();

      // Completes its item and confirms readiness.
      await setItem(home.page, 'Tar emot patienten i hemmet', (e) =>
        e.getByLabel('Tar emot patienten i hemmet').selectOption('Hemtjänsten'),
      );
      await home.page.getByRole('button', { name: 'Bekräfta att vi är redo' }).click();
      await home.page.locator('.hk-banner-ja').waitFor();
      await home.page.locator('.readiness-redo', { hasText: 'Hemtjänst Norr' }).waitFor();
      await screenshot(home.page, '4-arende-hemtjanst');
      expect(await axe(home.page, 'arende-hemtjanst')).toEqual([]);

      // The ward sees readiness and hemgångsklar arrive live.
      await ward.page
        .locator('.readiness-redo', { hasText: 'Hemtjänst Norr' })
        .getByText(/Redo från/)
        .waitFor();
      await ward.page.locator('.hk-banner-ja').getByText('Hemgångsklar').waitFor();
      await ward.page.locator('.timeline li.msg-hemgangsklar').waitFor();
      await klarCard.scrollIntoViewIfNeeded();
      await screenshot(ward.page, '5-arende-avdelning');
      expect(await axe(ward.page, 'arende-avdelning')).toEqual([]);
      expect(ward.errors).toEqual([]);
      expect(home.errors).toEqual([]);

      const thread = (await api.request(coordinator, 'GET', '/api/threads')).body.threads[0];
      expect(thread).toMatchObject({ hemgangsklar: true, status: 'utskrivningsklar' });
    } finally {
      await ward.context.close();
      await home.context.close();
    }
  });

  it('shows HTML in a message as text and runs nothing', async () => {
    const created = await api.request(coordinator, 'POST', '/api/threads', {
      patient: { personnummer: '19070401-9801', givenName: 'Xavier', familyName: '<b>Fet</b>' },
      participantUnitIds: [hemtjanst],
      triage: 'rod',
    });
    expect(created.status).toBe(201);
    const img = '<img src=x onerror="window.__xss=1;alert(1)">';
    const script = '<script>window.__xss=2;alert(2)</script>';
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, coordinator);
      await page.getByRole('link', { name: 'Xavier <b>Fet</b>' }).click();
      await page.getByRole('heading', { level: 1, name: /Xavier <b>Fet<\/b>/ }).waitFor();
      const body = page.getByRole('textbox', { name: /^Meddelande/ });
      await body.fill(`${img}\n${script}`);
      await page.getByRole('button', { name: 'Skicka', exact: true }).click();
      const shown = page.locator('.timeline .msg-body').last();
      await shown.waitFor();
      expect(await shown.textContent()).toBe(`${img}\n${script}`);
      // A reload renders it from the server as well.
      await page.reload();
      await page.locator('.timeline .msg-body').last().waitFor();
      expect(await page.locator('.timeline .msg-body').last().textContent()).toBe(`${img}\n${script}`);
      expect(await page.locator('img[src="x"], .timeline script, h1 b').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('explains a missing or expired session and an unknown identity in Swedish', async () => {
    const { page, context } = await newContext(browser);
    try {
      // A session cookie the server no longer knows: "Sessionen har gått ut".
      await context.addCookies([{ name: 'brygga.sid', value: 's%3Aold.session', url: api.baseUrl }]);
      await page.goto(`${api.baseUrl}/arenden/00000000-0000-4000-8000-000000000000`);
      await page.getByText('Sessionen har gått ut', { exact: true }).waitFor();
      // After logging in the user lands where they were going.
      await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
      await page.getByRole('button', { name: coordinator.name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Ärendet finns inte' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/arenden/00000000-0000-4000-8000-000000000000');

      // Logging out elsewhere ends this tab's session too (socket 'session:ended').
      await page.getByRole('link', { name: 'Inkorg' }).first().click();
      await page.locator('.conn-ok').waitFor();
      // The inbox has loaded too: by then the server has put the socket in its session's room.
      await page.locator('.result-count').waitFor();
      await page.evaluate(async () => {
        const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
        await fetch('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken, accept: 'application/json' } });
      });
      await page.getByText('Du är utloggad', { exact: true }).waitFor();

      // Someone the directory does not know: the login flow's own page, with a way back.
      api.identity({
        id: 'okand.person',
        kind: 'siths',
        givenName: 'Okänd',
        familyName: 'Person',
        hsaId: 'SE2321000198-X0000001',
        acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
        description: 'Finns inte',
      });
      await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
      await page.getByRole('button', { name: 'Okänd Person', exact: true }).click();
      await page.getByRole('heading', { name: 'Du har inte tillgång till Brygga' }).waitFor();
      await page.getByRole('link', { name: 'Till Bryggas startsida' }).click();
      await page.getByRole('heading', { level: 1, name: 'Logga in i Brygga' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('lets a log reviewer find a patient by personnummer, print a log extract and see the chain verified', async () => {
    // Something to find: a thread the coordinator opens and reads.
    const opened = await api.request(coordinator, 'POST', '/api/threads', {
      patient: { personnummer: '19010821-9817', givenName: 'Lova', familyName: 'Loggsson' },
      participantUnitIds: [hemtjanst],
      triage: 'gron',
    });
    expect(await api.request(coordinator, 'GET', `/api/threads/${opened.body.id}`)).toMatchObject({ status: 200 });
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, reviewer);
      await page.getByRole('link', { name: 'Logg', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Åtkomstlogg' }).waitFor();
      await page.getByText(/Kedjan är hel: \d+ rader kontrollerade/).waitFor();
      await page.locator('.audit-table tbody tr').first().waitFor();
      // Connected live (checked below, after the searches: no refusal for inbox updates).
      await page.locator('.conn-ok').waitFor();
      await screenshot(page, '6-logg');
      expect(await axe(page, 'logg')).toEqual([]);
      // A patient's complaint: find every access by personnummer (sent in the body, not the address).
      await page.getByLabel('Patientens personnummer').fill('19010821-9817');
      await page.getByRole('button', { name: 'Sök' }).click();
      await page.getByRole('cell', { name: '19010821-9817, Lova Loggsson' }).first().waitFor();
      const patients = await page.locator('.audit-table tbody tr td:nth-child(7)').allTextContents();
      expect(patients.length).toBeGreaterThan(0);
      for (const p of patients) expect(p).toBe('19010821-9817, Lova Loggsson');
      expect(page.url()).not.toContain('9817');
      // The extract as a printable page, in a tab of its own.
      const [printable] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Loggutdrag (utskrift)' }).click(),
      ]);
      await printable.getByRole('heading', { name: 'Loggutdrag' }).waitFor();
      expect(await printable.textContent('body')).toContain('19010821-9817, Lova Loggsson');
      await screenshot(printable, '6b-loggutdrag');
      await printable.close();
      // A malformed number is explained next to the field, in Swedish.
      await page.getByLabel('Patientens personnummer').fill('inte-ett-nummer');
      await page.getByRole('button', { name: 'Sök' }).click();
      await page.getByText('Ange ett personnummer', { exact: false }).waitFor();
      // Without an inbox the tab never asked for inbox updates, so it wrote no refusal into the log
      // (the server refuses inbox:watch without thread.read and logs it: two rows per login before).
      const refused = await api.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE user_id = $1 AND outcome = 'denied' AND details->>'route' = 'SOCKET inbox:watch'`,
        [reviewer.id],
      );
      expect(refused).toEqual([{ n: 0 }]);
      // Logging out goes through the IdP's end-session page and back, where the app says so.
      await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
      const idpLogout = page.getByRole('button', { name: 'Logga ut' });
      await page.waitForURL((url) => url.origin !== api.baseUrl);
      if (await idpLogout.isVisible()) await idpLogout.click();
      await page.waitForURL(`${api.baseUrl}/**`);
      await page.getByText('Du är utloggad', { exact: true }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the law's clock: an overdue thread sorted first, its clock, the Bevakning list and the statistics page", async () => {
    const [wardId] = [coordinator.unitId];
    const overdue = await api.request(coordinator, 'POST', '/api/threads', {
      patient: { personnummer: '18910317-9801', givenName: 'Greta', familyName: 'Gotlänning' },
      participantUnitIds: [hemtjanst],
      triage: 'gul',
    });
    await readySince(api, overdue.body.id, { user: coordinator, unitId: wardId }, 5);
    // Statistics for March 2025: one thread out the same day, one after a week with payment days.
    await pastThread(
      api,
      { user: coordinator, unitId: wardId },
      { personnummer: '190006129803', triage: 'gron', participantUnitIds: [hemtjanst] },
      [
        ['inskrivningsmeddelande', '2025-03-03T08:00'],
        ['utskrivningsklar', '2025-03-04T10:00'],
        ['utskrivningsmeddelande', '2025-03-04T15:00'],
      ],
    );
    await pastThread(
      api,
      { user: coordinator, unitId: wardId },
      { personnummer: '190704019801', triage: 'rod', participantUnitIds: [hemtjanst] },
      [
        ['inskrivningsmeddelande', '2025-03-05T08:00'],
        ['utskrivningsklar', '2025-03-06T10:00'],
        ['utskrivningsmeddelande', '2025-03-12T11:00'],
      ],
    );
    await api.app.get(BevakningJob).sweep();
    const { page, context, errors } = await newContext(browser);
    try {
      await logIn(page, api, coordinator);
      await page.getByLabel('Ordning').selectOption('frist');
      const first = page.locator('.inbox-table tbody tr').first();
      await first.getByText('Greta Gotlänning').waitFor();
      await first.getByText(/Betalningsansvar har inträtt/).waitFor();
      await screenshot(page, '7-inkorg-frister');
      expect(await axe(page, 'inkorg-frister')).toEqual([]);
      await page.getByLabel('Bevakning', { exact: true }).selectOption('forsenad');
      await page.getByText('Visar 1 ärende', { exact: true }).waitFor(); // the server's filter: only the overdue one
      await page.locator('.inbox-table tbody tr').first().getByText('Greta Gotlänning').waitFor();

      await first.getByRole('link', { name: 'Greta Gotlänning' }).click();
      // On a laptop the clock is folded into the summary line, marked when overdue.
      await page.locator('.thread-summary.thread-summary-overdue > summary').click();
      await page.getByRole('heading', { level: 2, name: /Lagens klocka/ }).waitFor();
      await page.getByText('Betalningsdagar hittills').waitFor();
      await screenshot(page, '8-arende-klocka');
      expect(await axe(page, 'arende-klocka')).toEqual([]);

      await page.getByRole('link', { name: 'Bevakning', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Bevakning' }).waitFor();
      await page
        .getByText(/kommunens betalningsansvar har inträtt/)
        .first()
        .waitFor();
      await screenshot(page, '9-bevakning');
      expect(await axe(page, 'bevakning')).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const reviewerPage = await newContext(browser);
    try {
      await logIn(reviewerPage.page, api, reviewer);
      await reviewerPage.page.getByRole('link', { name: 'Statistik', exact: true }).click();
      await reviewerPage.page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
      await reviewerPage.page.getByLabel('Från', { exact: true }).fill('2025-03-01');
      await reviewerPage.page.getByLabel('Till', { exact: true }).fill('2025-03-31');
      await reviewerPage.page.getByRole('button', { name: 'Visa' }).click();
      const row = reviewerPage.page.locator('.stat-table tbody tr').first();
      await row.getByText('Medicinavdelning 4').waitFor();
      // 2 threads, both out: under 5, so hidden (".."), as the rule beside the figures says
      // (the figures themselves are proved in test/service/statistics and test/web/statistics.e2e-spec.ts).
      expect((await row.locator('td').allTextContents()).slice(0, 2)).toEqual(['..', '..']);
      await reviewerPage.page
        .getByRole('note')
        .getByText(/antal 1–4 visas inte/)
        .waitFor();
      await reviewerPage.page.locator('.stat-chart').first().waitFor();
      await screenshot(reviewerPage.page, '10-statistik');
      expect(await axe(reviewerPage.page, 'statistik')).toEqual([]);
      expect(reviewerPage.errors).toEqual([]);
    } finally {
      await reviewerPage.context.close();
    }
  });
});
