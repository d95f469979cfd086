import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ThreadClocks, type ClockRow } from '@brygga/deadlines';
import { CLOCK_SELECT } from './clock-reads';

/**
 * Everything the clock reads of a thread, as one fingerprint: the timeline (last_seq), the thread's
 * own dates and status (an ended thread owes nothing), who takes part (the SIP deadline depends on it) and the region's rules ($2).
 */
const SOURCE = `md5(concat_ws('|', t.last_seq, t.status, t.updated_at, t.admitted_at, t.planned_discharge_date, t.created_at,
  (SELECT string_agg(tp.unit_id::text, ',' ORDER BY tp.unit_id) FROM thread_participant tp WHERE tp.thread_id = t.id), $2::text))`;

/** Re-derived per round trip: a unit that follows thousands of threads is refreshed in pieces. */
const CHUNK = 1000;

/**
 * Keeps thread_inbox_clock current for the threads a user may see, so the inbox can filter on
 * "försenad" and sort by deadline in SQL, over all of them, instead of deriving clocks in memory for
 * the most recent few hundred. Only rows whose fingerprint changed are derived again (the first
 * list after a change, or after a rules change, pays for it).
 */
@Injectable()
export class ThreadInboxClocks {
  private readonly rulesKey: string;

  constructor(private readonly clocks: ThreadClocks) {
    this.rulesKey = createHash('sha256').update(JSON.stringify(clocks.rules)).digest('hex');
  }

  /** In the caller's transaction: derives again the rows of the units' threads that changed; returns how many. */
  async refresh(manager: EntityManager, units: readonly string[]): Promise<number> {
    const stale: { id: string }[] = await manager.query(
      `SELECT t.id FROM thread t LEFT JOIN thread_inbox_clock c ON c.thread_id = t.id
        WHERE t.id IN (SELECT thread_id FROM thread_participant WHERE unit_id = ANY($1::uuid[]))
          AND (c.thread_id IS NULL OR c.source <> ${SOURCE})
        ORDER BY t.id`,
      [units, this.rulesKey],
    );
    for (let i = 0; i < stale.length; i += CHUNK)
      await this.derive(
        manager,
        stale.slice(i, i + CHUNK).map((s) => s.id),
      );
    return stale.length;
  }

  private async derive(manager: EntityManager, ids: string[]): Promise<void> {
    // The fingerprint is read in the same statement as the events: one snapshot, so a message
    // committed meanwhile leaves the row stale (and derived again next time), never wrongly fresh.
    const rows: (ClockRow & { source: string })[] = await manager.query(
      `SELECT x.*, (SELECT ${SOURCE} FROM thread t WHERE t.id = x.id) AS source
         FROM (${CLOCK_SELECT('SELECT unnest($1::uuid[])')}) x ORDER BY x.id`,
      [ids, this.rulesKey],
    );
    const now = this.clocks.now();
    const clocks = rows.map((row) => this.clocks.derive(row, now));
    await manager.query(
      `INSERT INTO thread_inbox_clock (thread_id, source, clock_state, next_due_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (thread_id) DO UPDATE SET source = EXCLUDED.source, clock_state = EXCLUDED.clock_state, next_due_at = EXCLUDED.next_due_at`,
      [rows.map((r) => r.id), rows.map((r) => r.source), clocks.map((c) => c.state), clocks.map((c) => c.nextDeadline?.dueAt ?? null)],
    );
  }
}
