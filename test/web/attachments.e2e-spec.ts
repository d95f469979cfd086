import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { pdf } from '../support/files';
import { launchBrowser, logIn, newContext, screenshot } from './browser';

/** The discharge message carries the medication list as a PDF; the home health nurse opens it. */
describe('attachments in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let nurse: TestUser;
  let threadId: string;
  const list = pdf('/Title (Lakemedelslista)');

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Sara');
    threadId = (
      await api.request(coordinator, 'POST', '/api/threads', {
        patient: { personnummer: '18910317-9801', givenName: 'Greta', familyName: 'Gotländsk' },
        participantUnitIds: [hemsjukvard],
        triage: 'gul',
      })
    ).body.id;
    // The receiving unit is ready, so the discharge fits the plan (issue 24's check is not this test's subject).
    const ready = await api.request(nurse, 'POST', `/api/threads/${threadId}/readiness`, {
      redoFran: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(ready.status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('attaches a PDF to the utskrivningsmeddelande as the medication list, and the receiver opens and downloads it', async () => {
    const ward = await newContext(browser);
    await logIn(ward.page, api, coordinator);
    await ward.page.goto(`${api.baseUrl}/arenden/${threadId}`);
    const composer = ward.page.getByRole('form', { name: 'Skriv i ärendet' });
    await composer.getByLabel('Typ av meddelande').selectOption('utskrivningsmeddelande');
    await composer
      .locator('input[type=file][multiple]')
      .setInputFiles({ name: 'Läkemedelslista.pdf', mimeType: 'application/pdf', buffer: list });
    await composer.getByRole('list', { name: 'Bifogade filer' }).getByText('Läkemedelslista.pdf').waitFor();
    // No scanner in this installation: the client says so.
    await composer.getByText('Filer virusgenomsöks inte').waitFor();
    await composer.getByLabel('Läkemedelslista (bilaga)').selectOption({ label: 'Läkemedelslista.pdf' });
    await composer.getByRole('button', { name: /Skicka utskrivningsmeddelande/ }).click();
    await ward.page.getByRole('list', { name: 'Bilagor' }).getByText('Läkemedelslista.pdf').waitFor();
    expect(ward.errors).toEqual([]);

    const [message] = (await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages`)).body.messages.filter(
      (m: { kind: string }) => m.kind === 'utskrivningsmeddelande',
    );
    expect(message.payload).toMatchObject({ lakemedelslistaBifogad: true, lakemedelslistaBilaga: message.attachments[0].id });

    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: 'lakemedelslista' })).status).toBe(
      201,
    );

    const home = await newContext(browser);
    await logIn(home.page, api, nurse);
    await home.page.goto(`${api.baseUrl}/arenden/${threadId}`);
    // The checklist opens on hemsjukvård's own items (issue 27); the ward's item "skickad", one tap
    // away, links to the message that carries the list.
    await home.page
      .getByRole('button', { name: /^Visa alla/ })
      .first()
      .click();
    await home.page.getByRole('link', { name: 'Bilaga: Läkemedelslista.pdf' }).waitFor();
    const files = home.page.getByRole('list', { name: 'Bilagor' });
    await files.getByText('Läkemedelslista.pdf').waitFor();
    await files.getByRole('button', { name: 'Öppna Läkemedelslista.pdf' }).click();
    const preview = home.page.getByRole('figure', { name: 'Förhandsvisning av Läkemedelslista.pdf' });
    await preview.waitFor();
    expect(await preview.locator('iframe').getAttribute('sandbox')).toBe('');
    expect(await preview.locator('iframe').getAttribute('src')).toMatch(/^blob:/);
    await screenshot(home.page, 'attachment-preview');
    const [download] = await Promise.all([
      home.page.waitForEvent('download'),
      files.getByRole('button', { name: 'Ladda ner Läkemedelslista.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Läkemedelslista.pdf');
    expect(readFileSync((await download.path())!).equals(list)).toBe(true);
    expect(home.errors).toEqual([]);
    const reads = await api.dataSource.query(
      `SELECT count(*)::int AS c FROM audit_log WHERE user_id = $1 AND action = 'attachment.read' AND outcome = 'allowed'`,
      [nurse.id],
    );
    expect(reads[0].c).toBe(2);
    await ward.context.close();
    await home.context.close();
  });
});
