import type { Pool } from 'pg';

export interface Directory {
  units: Record<string, string>;
  users: Record<string, string>;
}

export async function directory(pool: Pool): Promise<Directory> {
  const units = await pool.query<{ key: string; id: string }>('SELECT key, id FROM unit');
  const users = await pool.query<{ key: string; id: string }>('SELECT key, id FROM app_user');
  return {
    units: Object.fromEntries(units.rows.map((r) => [r.key, r.id])),
    users: Object.fromEntries(users.rows.map((r) => [r.key, r.id])),
  };
}

/**
 * Realistic volume: `count` threads of the medicine ward, each with SOF, hemsjukvård and one
 * hemtjänst provider; `innerstaden` of them go to Hemtjänst Visby innerstad (a user there
 * then sees exactly that many). Patients carry bench reserve numbers: no personal numbers.
 * Set-up data goes in with SQL; what is measured goes through the api.
 */
export async function seedThreads(pool: Pool, dir: Directory, count: number, innerstaden: number): Promise<string[]> {
  const u = dir.units;
  const rows = await pool.query<{ id: string }>(
    `WITH p AS (
       INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name)
       SELECT 'reservnummer', 'B' || lpad(g::text, 7, '0'), 'BENCH', 'Bench', 'Patient ' || g FROM generate_series(1, $1) g
       RETURNING id, identity_number, given_name, family_name)
     INSERT INTO thread (patient_id, patient_given_name, patient_family_name, owner_unit_id, triage, status, created_by_user_id)
     SELECT p.id, p.given_name, p.family_name, $2, (ARRAY['gron','gul','rod'])[1 + (substr(p.identity_number, 2)::int % 3)], 'planering', $3 FROM p
     ORDER BY p.identity_number
     RETURNING id`,
    [count, u['visby-med4'], dir.users['karin.lindqvist']],
  );
  const ids = rows.rows.map((r) => r.id);
  await pool.query(
    `INSERT INTO thread_participant (thread_id, unit_id)
     SELECT t, unnest(ARRAY[$2::uuid, $3::uuid, $4::uuid, CASE WHEN n <= $6 THEN $7::uuid ELSE $5::uuid END])
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(t, n)`,
    [ids, u['visby-med4'], u['sof-mottagning'], u['hemsjukvard-visby'], u['hemtjanst-norr'], innerstaden, u['hemtjanst-innerstaden']],
  );
  return ids;
}

/** A thread with `count` messages already in it, for the catch-up measurement. */
export async function seedBacklog(pool: Pool, threadId: string, dir: Directory, count: number): Promise<void> {
  await pool.query(
    `INSERT INTO message (thread_id, seq, kind, body, author_user_id, author_unit_id, idempotency_key, request_hash)
     SELECT $1, g, 'fritext', 'Historik ' || g, $2, $3, 'backlog-' || g, 'bench' FROM generate_series(1, $4) g`,
    [threadId, dir.users['karin.lindqvist'], dir.units['visby-med4'], count],
  );
  await pool.query('UPDATE thread SET last_seq = $2 WHERE id = $1', [threadId, count]);
}
