import type { EntityManager } from 'typeorm';
import { inForceOfKind, messageSeqs } from '@brygga/threads';

/** What the statistics' outcome figures read of the home phase, for a set of threads (set-based: one query per table). */
export interface HomeOutcomeRows {
  granted: Map<string, { beviljadeTimmar: number; per: string; giltigtFran: string; giltigtTill?: string }>;
  delivered: Map<string, { unitId: string; hours: number }[]>;
  measurements: Map<string, { moment: string; safety: number | null; adl: string | null }[]>;
  homeCareHours: Map<string, { kind: string; hours: number }[]>;
}

function group<T extends { thread_id: string }, V>(rows: T[], map: (row: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const row of rows) out.set(row.thread_id, [...(out.get(row.thread_id) ?? []), map(row)]);
  return out;
}

export async function homeOutcomeRows(manager: EntityManager, threadIds: string[]): Promise<HomeOutcomeRows> {
  // The hemgångsbeslut in force: the latest not replaced by a correction.
  const granted = (await inForceOfKind(manager, threadIds, 'hemgangsbeslut')) as HomeOutcomeRows['granted'];
  const hourRows: { thread_id: string; kind: string; unit_id: string; hours: number; message_id: string }[] = await manager.query(
    `SELECT h.thread_id, h.kind, h.unit_id, h.hours::float AS hours, h.message_id FROM home_hours h WHERE h.thread_id = ANY($1::uuid[])`,
    [threadIds],
  );
  // Latest message first (the timeline's order, libs/threads).
  const seqs = await messageSeqs(
    manager,
    hourRows.map((h) => h.message_id),
  );
  const hours = hourRows.sort((a, b) => (seqs.get(b.message_id) ?? 0) - (seqs.get(a.message_id) ?? 0));
  const measurements: { thread_id: string; moment: string; safety: number | null; adl: string | null }[] = await manager.query(
    // One row per moment: trygghet and ADL may be separate measurements (at most one of each).
    `SELECT thread_id, moment, max(safety) AS safety, max(adl) AS adl FROM home_measurement
      WHERE thread_id = ANY($1::uuid[]) GROUP BY thread_id, moment`,
    [threadIds],
  );
  return {
    granted,
    delivered: group(
      hours.filter((h) => h.kind === 'levererade'),
      (h) => ({ unitId: h.unit_id, hours: h.hours }),
    ),
    measurements: group(measurements, (m) => ({ moment: m.moment, safety: m.safety, adl: m.adl })),
    // Latest first, so the first of a kind is the one in force.
    homeCareHours: group(
      hours.filter((h) => h.kind !== 'levererade'),
      (h) => ({ kind: h.kind, hours: h.hours }),
    ),
  };
}
