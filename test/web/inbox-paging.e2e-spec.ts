import type { Browser } from 'playwright-core';
import { TestApi, type TestUser } from '../support/harness';
import { launchBrowser, logIn, newContext } from './browser';

/** More threads than the server's page (500): seeded in SQL, as test/inbox-scale does, not posted one by one. */
const THREADS = 520;
const PAGE = 500;

/**
 * Issue 27, item 6 in the browser: the inbox lists the server's first page, and "Visa fler" fetches
 * the next one (by offset) into the same list; the thread nobody touched for longest is then found
 * at its end, and the button goes once the server has nothing more.
 */
describe('the inbox pages with "Visa fler" (issue 27)', () => {
  let api: TestApi;
  let browser: Browser;
  let coordinator: TestUser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([TestApi.start(), launchBrowser()]);
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF mottagningsteam');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    await api.dataSource.query(
      `INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name)
       SELECT 'reservnummer', 'P' || lpad(i::text, 6, '0'), 'test', 'Sida', 'Patient ' || i FROM generate_series(1, $1) i`,
      [THREADS],
    );
    // Thread i was last active i minutes ago: "Sida Patient 520" is the least recently active, on the second page.
    await api.dataSource.query(
      `INSERT INTO thread (id, patient_id, owner_unit_id, patient_given_name, patient_family_name, status, triage, admitted_at, last_seq,
                           created_by_user_id, created_at, updated_at)
       SELECT gen_random_uuid(), p.id, $1, 'Sida', 'Patient ' || i, 'inskriven', 'gron', now() - interval '1 day', 0, $2,
              now() - interval '2 days', now() - make_interval(mins => i)
         FROM generate_series(1, $3) i JOIN patient p ON p.identity_number = 'P' || lpad(i::text, 6, '0')`,
      [ward, coordinator.id, THREADS],
    );
    await api.dataSource.query(
      `INSERT INTO thread_participant (thread_id, unit_id) SELECT id, $1::uuid FROM thread UNION ALL SELECT id, $2::uuid FROM thread`,
      [ward, sof],
    );
    await api.dataSource.query('ANALYZE');
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('shows the first 500, then the rest after "Visa fler", the oldest at the end', async () => {
    const { page, context, errors } = await newContext(browser);
    page.setDefaultTimeout(30_000);
    try {
      await logIn(page, api, coordinator);
      await page.getByText(`Visar alla ${PAGE} ärenden`).waitFor();
      const oldest = page.getByRole('link', { name: `Sida Patient ${THREADS}`, exact: true });
      const list = page.locator('.inbox-scroll');
      // Not on the first page: scrolled to its end, the last row is thread 500.
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.getByRole('link', { name: `Sida Patient ${PAGE}`, exact: true }).waitFor();
      expect(await oldest.count()).toBe(0);

      const more = page.getByRole('button', { name: 'Visa fler' });
      await more.click();
      await page.getByText(`Visar alla ${THREADS} ärenden`).waitFor();
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await oldest.waitFor();
      // Each thread once, and nothing more to fetch: the button is gone.
      const ids = await page
        .locator('.inbox-table tbody tr[data-thread-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-thread-id')));
      expect(new Set(ids).size).toBe(ids.length);
      await more.waitFor({ state: 'detached' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
