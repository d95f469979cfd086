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
