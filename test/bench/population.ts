import { createHmac, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * The benchmark's population, written with SQL (set-up is not what is measured):
 *
 * - WARDS wards (slutenvård), and municipal units: as many SOF and hemsjukvård units as wards,
 *   the rest hemtjänst providers, UNITS units in all;
 * - THREADS threads, each owned by a ward with one SOF, one hemsjukvård and one hemtjänst unit
 *   taking part (so a thread's four units have USERS_PER_UNIT connected users each);
 * - one poster (koordinator) per ward, and USERS_PER_UNIT users in every unit;
 * - a busy hemtjänst unit with BUSY users, which takes part in no thread until that scenario.
 *
 * Every user gets a server-side session with a signed cookie, exactly as a login leaves it
 * (saves 2,000 logins through the IdP); the cookie is signed with the cluster's session secret.
 */
export interface Population {
  threads: { id: string; ward: number; units: string[] }[];
  posters: { userId: string; ward: number; unitId: string; sid: string; cookie: string; csrf: string }[];
  /** One per user of the ordinary units: cookie, the threads their unit takes part in, and whether the inbox is their screen. */
  clients: { cookie: string; threads: string[]; showsInbox: boolean }[];
  busyUnitId: string;
  busy: { cookie: string }[];
}

export interface PopulationSize {
  units: number;
  wards: number;
  usersPerUnit: number;
  threads: number;
  busy: number;
}

const ROLE: Record<string, string> = {
  slutenvard: 'sjukskoterska',
  sof: 'handlaggare',
  hemsjukvard: 'sjukskoterska',
  hemtjanst: 'utforare',
};

function cookieFor(secret: string, sid: string): string {
  const mac = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `brygga.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;
}

export async function seedPopulation(pool: Pool, size: PopulationSize): Promise<Population> {
  const orgs = await pool.query<{ id: string; kind: string }>(
    `INSERT INTO organisation (key, name, kind) VALUES
       ('bench-region', 'Bench region', 'slutenvard'), ('bench-sof', 'Bench SOF', 'sof'),
       ('bench-hsv', 'Bench hemsjukvård', 'hemsjukvard'), ('bench-hemtjanst', 'Bench hemtjänst', 'hemtjanst')
     RETURNING id, kind`,
  );
  const org = Object.fromEntries(orgs.rows.map((r) => [r.kind, r.id]));
  const w = size.wards;
  const kinds = Array.from({ length: size.units }, (_, i) =>
    i < w ? 'slutenvard' : i < 2 * w ? 'sof' : i < 3 * w ? 'hemsjukvard' : 'hemtjanst',
  );
  const units = await pool.query<{ id: string; n: number }>(
    `INSERT INTO unit (key, name, organisation_id)
     SELECT 'bench-unit-' || n, 'Bench enhet ' || n, (ARRAY[$2::uuid, $3::uuid, $4::uuid, $5::uuid])[array_position(ARRAY['slutenvard','sof','hemsjukvard','hemtjanst'], k)]
       FROM unnest($1::text[]) WITH ORDINALITY AS x(k, n)
     RETURNING id, (substr(key, 12))::int AS n`,
    [kinds, org.slutenvard, org.sof, org.hemsjukvard, org.hemtjanst],
  );
  const unitIds: string[] = [];
  for (const r of units.rows) unitIds[r.n - 1] = r.id;
  const [busyUnit] = (
    await pool.query<{ id: string }>(
      `INSERT INTO unit (key, name, organisation_id) VALUES ('bench-busy', 'Bench hemtjänst (stor)', $1) RETURNING id`,
      [org.hemtjanst],
    )
  ).rows;

  // Threads: ward i % w, SOF and hemsjukvård units in turn, hemtjänst providers in turn.
  const home = size.units - 3 * w;
  const threadUnits = Array.from({ length: size.threads }, (_, i) => [i % w, w + (i % w), 2 * w + ((i * 7) % w), 3 * w + (i % home)]);
  const created = await pool.query<{ id: string }>(
    `WITH p AS (
       INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name)
       SELECT 'reservnummer', 'B' || lpad(g::text, 7, '0'), 'BENCH', 'Bench', 'Patient ' || g FROM generate_series(1, $1) g
       RETURNING id, identity_number)
     INSERT INTO thread (patient_id, patient_given_name, patient_family_name, owner_unit_id, triage, status, created_by_user_id)
     SELECT p.id, 'Bench', 'Patient', ($2::uuid[])[1 + (substr(p.identity_number, 2)::int - 1) % $3], 'gron', 'planering',
            (SELECT id FROM app_user ORDER BY key LIMIT 1)
       FROM p ORDER BY p.identity_number
     RETURNING id`,
    [size.threads, unitIds.slice(0, w), w],
  );
  const threads = created.rows.map((r, i) => ({ id: r.id, ward: i % w, units: threadUnits[i].map((u) => unitIds[u]) }));
  await pool.query(
    `INSERT INTO thread_participant (thread_id, unit_id)
     SELECT t.id, u FROM unnest($1::uuid[], $2::text[]) AS t(id, units), unnest(string_to_array(t.units, ',')::uuid[]) AS u`,
    [threads.map((t) => t.id), threads.map((t) => t.units.join(','))],
  );

  // Users: posters (koordinator of a ward), USERS_PER_UNIT per unit, BUSY in the busy unit.
  const specs: { key: string; unit: string; role: string }[] = [];
  for (let i = 0; i < w; i++) specs.push({ key: `bench-poster-${i}`, unit: unitIds[i], role: 'koordinator' });
  for (let u = 0; u < size.units; u++) {
    for (let j = 0; j < size.usersPerUnit; j++) specs.push({ key: `bench-u${u}-${j}`, unit: unitIds[u], role: ROLE[kinds[u]] });
  }
  for (let j = 0; j < size.busy; j++) specs.push({ key: `bench-busy-${j}`, unit: busyUnit.id, role: 'utforare' });
  const users = await pool.query<{ id: string; key: string }>(
    `INSERT INTO app_user (key, given_name, family_name, hsa_id)
     SELECT k, 'Bench', k, 'SE-BENCH-' || k FROM unnest($1::text[]) AS k RETURNING id, key`,
    [specs.map((s) => s.key)],
  );
  const userId = new Map(users.rows.map((r) => [r.key, r.id]));
  await pool.query(`INSERT INTO membership (user_id, unit_id, role) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`, [
    specs.map((s) => userId.get(s.key)),
    specs.map((s) => s.unit),
    specs.map((s) => s.role),
  ]);

  // Sessions as a login leaves them.
  const secret = (await pool.query<{ value: string }>(`SELECT value FROM app_secret WHERE name = 'session-cookie'`)).rows[0].value;
  const sessions = specs.map((s) => ({
    key: s.key,
    sid: randomBytes(24).toString('base64url'),
    csrf: randomBytes(32).toString('base64url'),
  }));
  const now = Date.now();
  await pool.query(
    `INSERT INTO web_session (sid, user_id, data, expires_at)
     SELECT sid, uid, data::jsonb, now() + interval '1 hour' FROM unnest($1::text[], $2::uuid[], $3::text[]) AS x(sid, uid, data)`,
    [
      sessions.map((s) => s.sid),
      sessions.map((s) => userId.get(s.key)),
      sessions.map((s) =>
        JSON.stringify({
          cookie: { originalMaxAge: null, expires: null, httpOnly: true, path: '/', sameSite: 'lax', secure: false },
          userId: userId.get(s.key),
          authMethod: 'siths',
          acr: 'loa3',
          loggedInAt: now,
          csrfToken: s.csrf,
        }),
      ),
    ],
  );
  const cookieOf = new Map(sessions.map((s) => [s.key, { sid: s.sid, cookie: cookieFor(secret, s.sid), csrf: s.csrf }]));
  const threadsOfUnit = new Map<string, string[]>();
  for (const t of threads) for (const u of t.units) threadsOfUnit.set(u, [...(threadsOfUnit.get(u) ?? []), t.id]);
  return {
    threads,
    posters: Array.from({ length: w }, (_, i) => ({
      userId: userId.get(`bench-poster-${i}`)!,
      ward: i,
      unitId: unitIds[i],
      ...cookieOf.get(`bench-poster-${i}`)!,
    })),
    clients: specs
      .filter((s) => s.key.startsWith('bench-u'))
      // The first user of each unit has the inbox on screen, the others a thread (issue 32).
      .map((s) => ({ cookie: cookieOf.get(s.key)!.cookie, threads: threadsOfUnit.get(s.unit) ?? [], showsInbox: s.key.endsWith('-0') })),
    busyUnitId: busyUnit.id,
    busy: specs.filter((s) => s.key.startsWith('bench-busy-')).map((s) => ({ cookie: cookieOf.get(s.key)!.cookie })),
  };
}
