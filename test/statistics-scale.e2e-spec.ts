import { TestApi, TestUser } from './support/harness';

/**
 * The statistics over a year of 10,000 threads (2025), seeded in bulk by SQL: admission, ready
 * notice, every tenth an avbrott and a new ready notice, discharge 0–9 days after, every fifth
 * with primary care and a SIP summons. Prints the request's time (BENCHMARKS.md has figures);
 * a time is not a test result on a shared machine.
 */
const THREADS = 10_000;

describe('statistics at scale', () => {
  let api: TestApi;
  let reviewer: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await api.unit('sof', 'SOF mottagningsteam');
    const vc = await api.unit('primarvard', 'Vårdcentral');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    reviewer = await api.user(ward, 'logggranskare', 'Lena');
    await api.dataSource.query(
      `INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name)
       SELECT 'reservnummer', 'B' || lpad(i::text, 6, '0'), 'bench', 'Bench', 'Patient ' || i FROM generate_series(1, $1 / 2) i`,
      [THREADS],
    );
    // Admitted through 2025, patients reused every THREADS/2 (so some come back).
    await api.dataSource.query(
      `INSERT INTO thread (id, patient_id, owner_unit_id, patient_given_name, patient_family_name, status, triage, admitted_at, discharged_at, last_seq, created_by_user_id, created_at)
       SELECT gen_random_uuid(), p.id, $2, 'Bench', 'Patient', 'utskriven', (ARRAY['gron','gul','rod'])[1 + i % 3],
              a, a + make_interval(days => 2 + i % 10, hours => 6), CASE WHEN i % 10 = 0 THEN 6 ELSE 4 END + CASE WHEN i % 5 = 0 THEN 1 ELSE 0 END, $3, a
         FROM generate_series(1, $1) i
         JOIN patient p ON p.identity_number = 'B' || lpad((1 + (i - 1) % ($1 / 2))::text, 6, '0')
         CROSS JOIN LATERAL (SELECT timestamptz '2025-01-01 08:00Z' + make_interval(mins => ((i - 1)::bigint * 523000 / $1)::int) AS a) x`,
      [THREADS, ward, coordinator.id],
    );
    await api.dataSource.query(
      `INSERT INTO thread_participant (thread_id, unit_id)
       SELECT id, $1::uuid FROM thread UNION ALL SELECT id, $2::uuid FROM thread
       UNION ALL SELECT id, $3::uuid FROM thread WHERE last_seq IN (5, 7)`,
      [ward, sof, vc],
    );
    // The events; times relative to admission a and discharge d.
    await api.dataSource.query(
      `INSERT INTO message (thread_id, seq, kind, payload, author_user_id, author_unit_id, idempotency_key, request_hash, created_at)
       SELECT t.id, e.seq, e.kind, jsonb_build_object(e.field, e.at), $1, t.owner_unit_id, 'bench-' || e.seq, 'bench', e.at
         FROM thread t
         CROSS JOIN LATERAL (VALUES
           (1, 'inskrivningsmeddelande', 'inskrivenAt', t.admitted_at),
           (2, 'utskrivningsklar', 'utskrivningsklarAt', t.admitted_at + interval '1 day 2 hours'),
           (3, 'avbrott', 'avbrottAt', CASE WHEN t.last_seq >= 6 THEN t.admitted_at + interval '1 day 8 hours' END),
           (4, 'utskrivningsklar', 'utskrivningsklarAt', CASE WHEN t.last_seq >= 6 THEN t.admitted_at + interval '1 day 20 hours' END),
           (5, 'sip_kallelse', 'motesTid', CASE WHEN t.last_seq IN (5, 7) THEN t.admitted_at + interval '2 days' END),
           (9, 'utskrivningsmeddelande', 'utskrivenAt', t.discharged_at)) e(seq, kind, field, at)
        WHERE e.at IS NOT NULL`,
      [coordinator.id],
    );
    // last_seq marked the variant above; now it is the highest number, as appends leave it.
    await api.dataSource.query('UPDATE thread SET last_seq = 9');
    await api.dataSource.query('ANALYZE');
  }, 120_000);
  afterAll(() => api.close());

  it('derives a year of 10,000 threads, every one counted (the time is printed, not asserted: npm run bench measures)', async () => {
    const times: number[] = [];
    let body: { total: { figures: { threads: number; discharged: number } }; tookMs: { query: number; derive: number } } | undefined;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await api.request(reviewer, 'GET', '/api/statistics?from=2025-01-01&to=2025-12-31');
      times.push(Math.round(performance.now() - started));
      expect(res.status).toBe(200);
      body = res.body;
    }
    // eslint-disable-next-line no-console -- the measurement is the point of this test (BENCHMARKS.md)
    console.log(
      `statistics, ${THREADS} threads: requests ${times.join(' / ')} ms; last: query ${body!.tookMs.query} ms, derive ${body!.tookMs.derive} ms`,
    );
    expect(body!.total.figures).toMatchObject({ threads: THREADS, discharged: THREADS });
  });

  it('lists the 500 most recent threads with their clocks', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await api.request(coordinator, 'GET', '/api/threads?sort=frist');
      times.push(Math.round(performance.now() - started));
      expect(res.body.threads).toHaveLength(500);
    }
    // eslint-disable-next-line no-console -- the measurement is the point of this test (BENCHMARKS.md)
    console.log(`inbox, 500 threads with clocks: ${times.join(' / ')} ms`);
  });
});
