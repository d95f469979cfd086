import type { Browser } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { launchBrowser, logIn, newContext, screenshot } from './browser';

/**
 * Issue 24: the composer shows what in the plan does not fit the discharge before it is sent, asks
 * for a confirmation with a reason, and every participant then sees the state change to Utskriven
 * live, with the conflicts and the reason in the message.
 */
describe('the discharge check in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;
  let carer: TestUser;
  let threadId: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    threadId = (
      await api.request(coordinator, 'POST', '/api/threads', {
        patient: { personnummer: '18910317-9801', givenName: 'Greta', familyName: 'Gotländsk' },
        participantUnitIds: [hemtjanst],
        triage: 'gul',
      })
    ).body.id;
    expect((await api.request(carer, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: '2027-12-09T09:00:00+01:00' })).status).toBe(
      201,
    );
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const discharges = async () =>
    (
      await api.dataSource.query(`SELECT count(*)::int AS n FROM message WHERE thread_id = $1 AND kind = 'utskrivningsmeddelande'`, [
        threadId,
      ])
    )[0].n;

  it('lists the conflicts before sending, needs a confirmation with a reason, and shows the result to every participant live', async () => {
    const home = await newContext(browser);
    await logIn(home.page, api, carer);
    await home.page.goto(`${api.baseUrl}/arenden/${threadId}`);
    const homeBadge = home.page.locator('.thread-badges .hk');
    await homeBadge.getByText('Ej hemgångsklar').waitFor();

    const ward = await newContext(browser);
    await logIn(ward.page, api, coordinator);
    await ward.page.goto(`${api.baseUrl}/arenden/${threadId}`);
    const composer = ward.page.getByRole('form', { name: 'Skriv i ärendet' });
    await composer.getByLabel('Typ av meddelande').selectOption('utskrivningsmeddelande');
    await composer.getByLabel(/^Utskriven/).fill('2027-12-06T15:08');
    const check = composer.getByRole('region', { name: 'Kontroll mot planen' });
    await check.getByRole('list', { name: 'Det här stämmer inte' }).getByText('Hemtjänst Norr är redo först 9 dec 09:00.').waitFor();
    await screenshot(ward.page, 'discharge-check-composer');

    // Sending without confirming is stopped in the browser: nothing reaches the server.
    await composer.getByRole('button', { name: /Skicka utskrivningsmeddelande/ }).click();
    await composer.getByText('Bekräfta att patienten skrivs ut trots avvikelserna, eller ändra tiden.').first().waitFor();
    expect(await discharges()).toBe(0);

    await check.getByLabel('Skriv ut ändå – jag bekräftar avvikelserna').check();
    await check.getByLabel('Orsak till att patienten skrivs ut ändå').fill('Dottern är hemma tills hemtjänsten kommer.');
    await composer.getByRole('button', { name: /Skicka utskrivningsmeddelande/ }).click();
    const recorded = ward.page.locator('.timeline').getByLabel('Utskriven före hemgångsklar');
    await recorded.getByText('Dottern är hemma tills hemtjänsten kommer.').waitFor();
    expect(await discharges()).toBe(1);

    // The home-care worker's page changes live: Utskriven, not "Hemgångsklar från …", and the reason.
    await homeBadge.getByText('Utskriven mån 6 dec 15:08').waitFor();
    const seen = home.page.locator('.timeline').getByLabel('Utskriven före hemgångsklar');
    await seen.getByText('Hemtjänst Norr är redo först 9 dec 09:00.').waitFor();
    await seen.getByText('bekräftat av avdelningen', { exact: false }).waitFor();
    await screenshot(home.page, 'discharge-check-recorded');
    expect(ward.errors).toEqual([]);
    expect(home.errors).toEqual([]);
  });
});
