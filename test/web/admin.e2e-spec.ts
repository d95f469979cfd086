import type { Browser, Page } from 'playwright-core';
import { DEMO_SEED } from '@brygga/directory';
import { identitiesFromSeed } from '../../apps/idp/src';
import { TestApi, type TestUser } from '../support/harness';
import { axe, DEVICES, launchBrowser, logIn, newContext, screenshot, sidewaysOverflow } from './browser';

/**
 * Administration in the web client (issue 27 item 5), as the demo's administrator Per Sandberg
 * (Visby lasarett) after a real BankID login at the development IdP: members and roles with the
 * trust model's refusal shown in Swedish, checklist template versions with a preview and a new
 * version, and system clients (register with the secret shown once, rotate, endpoint, disable).
 */
describe('administration in the web client', () => {
  let api: TestApi;
  let browser: Browser;
  let per: TestUser;
  let ids: Record<string, string>;
  let units: Record<string, string>;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start({ BRYGGA_SEED_DEMO: '1' }), launchBrowser()]);
    for (const identity of identitiesFromSeed(DEMO_SEED)) api.identity(identity);
    const users: { key: string; id: string }[] = await api.dataSource.query('SELECT key, id FROM app_user');
    ids = Object.fromEntries(users.map((u) => [u.key, u.id]));
    const rows: { key: string; id: string }[] = await api.dataSource.query('SELECT key, id FROM unit');
    units = Object.fromEntries(rows.map((u) => [u.key, u.id]));
    per = { id: ids['per.admin'], key: 'per.admin', name: 'Per Sandberg', unitId: units['visby-med4'] };
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const roles = async (userKey: string): Promise<string[]> =>
    (
      await api.dataSource.query(
        'SELECT u.key, m.role FROM membership m JOIN unit u ON u.id = m.unit_id WHERE m.user_id = $1 ORDER BY u.key, m.role',
        [ids[userKey]],
      )
    ).map((r: { key: string; role: string }) => `${r.key}:${r.role}`);
  const logRows = async (action: string, outcome = 'allowed'): Promise<number> =>
    (
      await api.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE user_id = $1 AND action = $2 AND outcome = $3', [
        per.id,
        action,
        outcome,
      ])
    )[0].n;

  const open = async (section: 'Medlemmar och roller' | 'Checklistmallar' | 'Systemklienter', device = DEVICES[0]) => {
    const session = await newContext(browser, device);
    await logIn(session.page, api, per, 'BankID');
    const menu = session.page.getByRole('button', { name: /Meny/ });
    if (await menu.isVisible()) await menu.click();
    await session.page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await session.page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: section }).click();
    await session.page.getByRole('heading', { level: 1, name: section }).waitFor();
    return session;
  };
  const unitTable = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

  it("lists the organisation's members by unit, refuses the admin a care role for himself in Swedish, and grants, removes and asks a second administrator", async () => {
    const { page, context, errors } = await open('Medlemmar och roller');
    try {
      const med4 = unitTable(page, 'Medicinavdelning 4, Visby lasarett');
      await med4.getByRole('row', { name: /Karin Lindqvist vårdkoordinator/ }).waitFor();
      await med4.getByRole('row', { name: /Per Sandberg \(du\) administratör/ }).waitFor();
      // Only his own organisation: SOF's people are not listed.
      expect(await page.getByText('Maria Nilsson').count()).toBe(0);
      await screenshot(page, 'admin-medlemmar');
      expect(await axe(page, 'admin-medlemmar')).toEqual([]);

      // The refusal: he tries to make himself koordinator in his own ward.
      const form = page.getByRole('form', { name: 'Ge behörighet' });
      await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Per Sandberg (du)' });
      await form.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Medicinavdelning 4, Visby lasarett' });
      await form.getByLabel('Roll', { exact: true }).selectOption({ label: 'vårdkoordinator' });
      await form.getByRole('button', { name: 'Ge behörighet' }).click();
      await form
        .getByRole('alert')
        .getByText('Du kan inte ge eller ändra dina egna behörigheter. Be en annan administratör i organisationen.')
        .waitFor();
      expect(await roles('per.admin')).toEqual(['visby-med4:admin']);
      expect(await logRows('directory.change', 'denied')).toBe(1);
      // His own row offers no removal.
      expect(await med4.getByRole('button', { name: /Ta bort Per Sandberg/ }).count()).toBe(0);

      // A grant within the rules: Sara Holm (läkare in Med 4) becomes koordinator in Kir 3.
      await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Sara Holm' });
      await form.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Kirurgavdelning 3, Visby lasarett' });
      await form.getByRole('button', { name: 'Ge behörighet' }).click();
      await form.getByText('Sara Holm är nu vårdkoordinator på Kirurgavdelning 3, Visby lasarett.').waitFor();
      const kir3 = unitTable(page, 'Kirurgavdelning 3, Visby lasarett');
      await kir3.getByRole('row', { name: /Sara Holm vårdkoordinator/ }).waitFor();
      expect(await roles('sara.holm')).toEqual(['visby-kir3:koordinator', 'visby-med4:lakare']);

      // Removed again, after a confirmation.
      await kir3.getByRole('button', { name: 'Ta bort Sara Holm som vårdkoordinator på Kirurgavdelning 3, Visby lasarett' }).click();
      await kir3
        .getByRole('button', { name: 'Bekräfta: ta bort Sara Holm som vårdkoordinator på Kirurgavdelning 3, Visby lasarett' })
        .click();
      await kir3.getByRole('row', { name: /Sara Holm/ }).waitFor({ state: 'detached' });
      expect(await roles('sara.holm')).toEqual(['visby-med4:lakare']);
      expect(await logRows('directory.change')).toBe(2);

      // A role that reaches the log waits for a second administrator (four eyes).
      await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Karin Lindqvist' });
      await form.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Medicinavdelning 4, Visby lasarett' });
      await form.getByLabel('Roll', { exact: true }).selectOption({ label: 'logggranskare' });
      await form.getByRole('button', { name: 'Ge behörighet' }).click();
      await form.getByText('Begäran väntar på en annan administratör').waitFor();
      const waiting = page.getByRole('region', { name: 'Väntar på godkännande' });
      await waiting.getByRole('row', { name: /Karin Lindqvist .* logggranskare/ }).waitFor();
      // His own request: he may withdraw it, not approve it.
      expect(await waiting.getByRole('button', { name: 'Godkänn' }).count()).toBe(0);
      await waiting.getByRole('button', { name: 'Dra tillbaka' }).waitFor();
      expect(await roles('karin.lindqvist')).toEqual(['visby-med4:koordinator']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists template versions, previews one and publishes a new version for the organisation', async () => {
    const { page, context, errors } = await open('Checklistmallar');
    try {
      const [standard]: { key: string; name: string; required: string; label: string }[] = await api.dataSource.query(
        `SELECT key, name, (SELECT i->>'key' FROM jsonb_array_elements(items) i WHERE (i->>'required')::boolean LIMIT 1) AS required,
                (SELECT i->>'label' FROM jsonb_array_elements(items) i WHERE (i->>'required')::boolean LIMIT 1) AS label
           FROM checklist_template WHERE organisation_id IS NULL ORDER BY key LIMIT 1`,
      );
      const row = page.locator(`tr[data-template="${standard.key}:1"]`);
      await row.getByText('Gäller nu').waitFor();
      await row.getByRole('button', { name: `Visa ${standard.name} version 1` }).click();
      const preview = page.getByRole('region', { name: `${standard.name}, version 1` });
      await preview.getByText(standard.label, { exact: true }).first().waitFor();
      await screenshot(page, 'admin-mallar');
      expect(await axe(page, 'admin-mallar')).toEqual([]);

      await preview.getByRole('button', { name: 'Skapa ny version utifrån denna' }).click();
      const editor = page.getByRole('form', { name: `Ny version av ${standard.name}` });
      await editor.getByLabel('Mallens namn').fill(`${standard.name} (Visby)`);
      await editor.getByLabel('Text', { exact: true }).fill('Nycklar överlämnade till hemtjänsten');
      await editor.getByLabel('Ansvarar').selectOption({ label: 'Hemtjänst' });
      await editor.getByRole('button', { name: 'Lägg till punkten' }).click();
      // Dropping a required item must be confirmed: first refused in Swedish, nothing written.
      const item = editor.getByRole('listitem').filter({ has: page.getByRole('button', { name: new RegExp(`: ${standard.label}$`) }) });
      await item.getByLabel('Obligatorisk').uncheck();
      await editor.getByRole('button', { name: 'Publicera versionen' }).click();
      await editor.getByText('Bekräfta att de obligatoriska punkterna tas bort eller blir valfria.').waitFor();
      const count = async () =>
        (await api.dataSource.query('SELECT count(*)::int AS n FROM checklist_template WHERE key = $1', [standard.key]))[0].n;
      expect(await count()).toBe(1);
      await editor.getByLabel(/Jag bekräftar att dessa obligatoriska punkter/).check();
      await editor.getByRole('button', { name: 'Publicera versionen' }).click();
      await page.getByText(`Version 2 av ${standard.name} (Visby) är publicerad.`).waitFor();
      const own = page.locator(`tr[data-template="${standard.key}:2"]`);
      await own.getByText('Gäller nu').waitFor();
      expect(await page.locator(`tr[data-template="${standard.key}:1"]`).getByText('Gäller nu').count()).toBe(0);
      await page
        .getByRole('region', { name: `${standard.name} (Visby), version 2` })
        .getByText('Nycklar överlämnade till hemtjänsten')
        .waitFor();

      const [saved] = await api.dataSource.query(
        `SELECT t.version, o.key AS org, t.items FROM checklist_template t JOIN organisation o ON o.id = t.organisation_id WHERE t.key = $1`,
        [standard.key],
      );
      expect(saved.version).toBe(2);
      expect(saved.org).toBe('visby-lasarett');
      const items = saved.items as { key: string; label: string; responsible: string; required: boolean }[];
      expect(items.find((i) => i.key === standard.required)?.required).toBe(false);
      expect(items[items.length - 1]).toMatchObject({
        key: 'nycklar_overlamnade_till_hemtjansten',
        responsible: 'hemtjanst',
        required: true,
      });
      expect(await logRows('template.change')).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('registers a system with its secret shown once, rotates the secret, sets the endpoint and disables it', async () => {
    const { page, context, errors } = await open('Systemklienter');
    const token = async (clientId: string, secret: string) =>
      (
        await fetch(`${api.baseUrl}/auth/system-token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
          },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        })
      ).status;
    try {
      const form = page.getByRole('form', { name: 'Registrera system' });
      await form.getByRole('button', { name: 'Registrera systemet' }).click();
      await form.getByText('Ange systemets namn.').waitFor();
      await form.getByRole('textbox', { name: /^Namn/ }).fill('Cosmic Visby');
      const unit = form.getByRole('combobox', { name: /^Enhet/ });
      await unit.selectOption({ label: 'Medicinavdelning 4, Visby lasarett' });
      // Only his own organisation's units are offered.
      expect(await unit.locator('option', { hasText: 'SOF' }).count()).toBe(0);
      await form.getByLabel('Klient-id (frivilligt)').fill('cosmic-visby');
      await form.getByRole('button', { name: 'Registrera systemet' }).click();
      const shown = page.getByRole('region', { name: /Hemligheten för Cosmic Visby: visas bara nu/ });
      const first = (await shown.locator('[data-value="client-secret"]').textContent())!.trim();
      expect(first).toMatch(/^[\w-]{43}$/);
      await screenshot(page, 'admin-systemklienter');
      expect(await axe(page, 'admin-systemklienter')).toEqual([]);
      expect(await token('cosmic-visby', first)).toBe(200);
      await shown.getByRole('button', { name: 'Jag har sparat hemligheten' }).click();
      await shown.waitFor({ state: 'detached' });
      const row = page.locator('tr[data-system-client="cosmic-visby"]');
      await row.getByText('Aktivt').waitFor();
      expect(await page.getByText(first).count()).toBe(0);

      // A new secret: the old one stops working at once.
      await row.getByRole('button', { name: 'Byt hemlighet för Cosmic Visby' }).click();
      await row.getByLabel('Orsak (frivillig)').fill('Förvaltaren byttes');
      await row.getByRole('button', { name: 'Byt hemligheten' }).click();
      const second = (await shown.locator('[data-value="client-secret"]').textContent())!.trim();
      expect(second).not.toBe(first);
      expect(await token('cosmic-visby', first)).toBe(401);
      expect(await token('cosmic-visby', second)).toBe(200);
      await shown.getByRole('button', { name: 'Jag har sparat hemligheten' }).click();

      // The endpoint: a wrong address is refused in Swedish, a right one saved.
      await row.getByRole('button', { name: 'Ändra mottagaradress för Cosmic Visby' }).click();
      const address = row.getByLabel('Ny mottagaradress för Cosmic Visby');
      await address.fill('ftp://cosmic.example.se/fhir');
      await row.getByRole('button', { name: 'Spara adressen' }).click();
      await row.getByText(/måste vara en webbadress som börjar med https:\/\//).waitFor();
      await address.fill('https://cosmic.example.se/fhir/$process-message');
      await row.getByRole('button', { name: 'Spara adressen' }).click();
      await row.getByText('https://cosmic.example.se/fhir/$process-message').waitFor();

      // Disabled: no token any more.
      await row.getByRole('button', { name: 'Stäng av Cosmic Visby' }).click();
      await row.getByRole('button', { name: 'Stäng av systemet' }).click();
      await row.getByText(/^Avstängt /).waitFor();
      expect(await token('cosmic-visby', second)).toBe(401);
      await row.getByRole('button', { name: 'Aktivera Cosmic Visby' }).waitFor();

      const [saved] = await api.dataSource.query(`SELECT endpoint_url, disabled_at FROM system_client WHERE client_id = 'cosmic-visby'`);
      expect(saved.endpoint_url).toBe('https://cosmic.example.se/fhir/$process-message');
      expect(saved.disabled_at).not.toBeNull();
      const logged: { action: string }[] = await api.dataSource.query(
        `SELECT action FROM audit_log WHERE user_id = $1 AND action LIKE 'system_client.%' AND outcome = 'allowed'`,
        [per.id],
      );
      expect(logged.map((r) => r.action)).toEqual(
        expect.arrayContaining(['system_client.register', 'system_client.rotate', 'system_client.change', 'system_client.disable']),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is usable on a tablet, with the data the other tests made: no screen wider than the window, the preview shown below the list', async () => {
    const { page, context, errors } = await open('Medlemmar och roller', DEVICES[1]);
    try {
      await unitTable(page, 'Medicinavdelning 4, Visby lasarett')
        .getByRole('row', { name: /Karin Lindqvist/ })
        .waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'admin-medlemmar-surfplatta');
      const admin = page.getByRole('navigation', { name: 'Administration' });
      await admin.getByRole('link', { name: 'Checklistmallar' }).click();
      await page
        .getByRole('button', { name: /^Visa .* version 1$/ })
        .first()
        .click();
      const preview = page.getByRole('region', { name: /, version 1$/ });
      await preview.waitFor();
      // Below the list on a tablet: brought into view.
      expect((await preview.boundingBox())!.y).toBeLessThan(DEVICES[1].viewport.height);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await admin.getByRole('link', { name: 'Systemklienter' }).click();
      await page.locator('tr[data-system-client="cosmic-visby"]').getByRole('button', { name: 'Aktivera Cosmic Visby' }).waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'admin-systemklienter-surfplatta');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
