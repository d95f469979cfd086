import type { EntityManager } from 'typeorm';
import { CLOCK_KINDS, type ClockRow, type ThreadClock, type ThreadClocks } from '@brygga/deadlines';

/**
 * One thread's facts for the clock, and its events: the messages of the kinds the clock reads,
 * gathered per thread in the same query. `$1` is the thread ids or a subquery in their place.
 */
export const CLOCK_SELECT = (threads: string) => `
  SELECT t.id, t.status AS thread_status, t.created_at, t.admitted_at, to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date,
         ARRAY(SELECT DISTINCT u.organisation_kind FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
                 WHERE tp.thread_id = t.id) AS kinds,
         COALESCE((SELECT json_agg(json_build_object('id', m.id, 'seq', m.seq, 'kind', m.kind, 'sentAt', m.created_at,
                                                     'payload', m.payload, 'corrects', m.corrects_message_id) ORDER BY m.seq)
                     FROM message m WHERE m.thread_id = t.id AND m.kind = ANY('{${CLOCK_KINDS.join(',')}}'::text[])), '[]') AS events
    FROM thread t WHERE t.id IN (${threads})`;

/**
 * The threads' clocks, derived from their rows (libs/deadlines derives; this library owns the
 * tables it reads). In the caller's transaction, which has already checked access to these threads.
 */
export async function clocksOf(
  manager: EntityManager,
  clocks: ThreadClocks,
  threadIds: string[],
  now = clocks.now(),
): Promise<Map<string, ThreadClock>> {
  if (!threadIds.length) return new Map();
  const rows: ClockRow[] = await manager.query(CLOCK_SELECT('SELECT unnest($1::uuid[])'), [threadIds]);
  return new Map(rows.map((row) => [row.id, clocks.derive(row, now)]));
}

/**
 * One query gathers, for every thread of the units admitted in the period, its events (as the
 * clock reads them), triage and whether the patient came back within 30 days of discharge; the
 * clock then derives each thread's figures (libs/statistics), exactly as the thread view does. The
 * same columns as CLOCK_SELECT, but set-based (grouped joins, not a subquery per thread): over
 * 10,000 threads that is the difference between about a second and a fraction of one.
 */
const PERIOD_CLOCKS_SQL = `
  WITH scope AS (
    SELECT tp.thread_id, array_agg(tp.unit_id) AS unit_ids
      FROM thread_participant tp JOIN thread t ON t.id = tp.thread_id
     WHERE tp.unit_id = ANY($1::uuid[]) AND coalesce(t.admitted_at, t.created_at) >= $2 AND coalesce(t.admitted_at, t.created_at) < $3
       AND t.status <> 'makulerad'
     GROUP BY tp.thread_id),
  events AS (
    SELECT m.thread_id, json_agg(json_build_object('id', m.id, 'seq', m.seq, 'kind', m.kind, 'sentAt', m.created_at,
                                                   'payload', m.payload, 'corrects', m.corrects_message_id) ORDER BY m.seq) AS events
      FROM message m JOIN scope s ON s.thread_id = m.thread_id
     WHERE m.kind = ANY('{${CLOCK_KINDS.join(',')}}'::text[]) GROUP BY m.thread_id),
  kinds AS (
    SELECT tp.thread_id, array_agg(DISTINCT u.organisation_kind) AS kinds
      FROM thread_participant tp JOIN scope s ON s.thread_id = tp.thread_id
      JOIN directory_unit u ON u.id = tp.unit_id
     GROUP BY tp.thread_id),
  readmitted AS (
    SELECT DISTINCT t.id
      FROM scope s JOIN thread t ON t.id = s.thread_id AND t.discharged_at IS NOT NULL
      JOIN thread t2 ON t2.patient_id = t.patient_id AND t2.id <> t.id
      JOIN message m2 ON m2.thread_id = t2.id AND m2.kind = 'inskrivningsmeddelande'
                     AND m2.created_at > t.discharged_at AND m2.created_at <= t.discharged_at + interval '30 days')
  SELECT t.id, t.owner_unit_id, t.created_at, t.admitted_at, to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date,
         k.kinds, coalesce(e.events, '[]') AS events, t.triage, s.unit_ids, r.id IS NOT NULL AS readmitted
    FROM scope s JOIN thread t ON t.id = s.thread_id JOIN kinds k ON k.thread_id = s.thread_id
    LEFT JOIN events e ON e.thread_id = s.thread_id LEFT JOIN readmitted r ON r.id = s.thread_id`;

/** A thread of a period, with what the statistics count beside its clock. */
export interface PeriodClockRow extends ClockRow {
  owner_unit_id: string;
  triage: string;
  /** The units (of those asked for) that take part. */
  unit_ids: string[];
  /** Another thread of the patient was admitted within 30 days of this one's discharge. */
  readmitted: boolean;
}

/**
 * The clock rows of the threads (not makulerad) that one of the units takes part in, admitted (or
 * created) in [from, to). In the caller's transaction; it sets a planner option for the rest of it.
 */
export async function periodClockRows(manager: EntityManager, unitIds: readonly string[], from: Date, to: Date): Promise<PeriodClockRow[]> {
  // Every CTE here spans the whole period, but the planner, unable to estimate the period filter
  // on an expression, expects 50 rows and loops over index scans; hash joins are several times faster.
  await manager.query('SET LOCAL enable_nestloop = off');
  return manager.query(PERIOD_CLOCKS_SQL, [unitIds, from, to]);
}

/** The clock rows of every thread in one of these statuses (the deadline sweep's: the active ones). */
export async function clockRowsOfStatus(manager: EntityManager, statuses: readonly string[]): Promise<ClockRow[]> {
  return manager.query(CLOCK_SELECT('SELECT id FROM thread WHERE status = ANY($1::text[])'), [statuses]);
}
