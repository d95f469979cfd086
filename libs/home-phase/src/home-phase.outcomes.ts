import type { EntityManager } from 'typeorm';

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
  const granted: { thread_id: string; payload: HomeOutcomeRows['granted'] extends Map<string, infer P> ? P : never }[] =
    await manager.query(
      `SELECT DISTINCT ON (m.thread_id) m.thread_id, m.payload FROM message m
      WHERE m.thread_id = ANY($1::uuid[]) AND m.kind = 'hemgangsbeslut'
        AND NOT EXISTS (SELECT 1 FROM message c WHERE c.thread_id = m.thread_id AND c.corrects_message_id = m.id)
      ORDER BY m.thread_id, m.seq DESC`,
      [threadIds],
    );
  const hours: { thread_id: string; kind: string; unit_id: string; hours: number }[] = await manager.query(
    `SELECT h.thread_id, h.kind, h.unit_id, h.hours::float AS hours FROM home_hours h JOIN message m ON m.id = h.message_id
      WHERE h.thread_id = ANY($1::uuid[]) ORDER BY m.seq DESC`,
    [threadIds],
  );
  const measurements: { thread_id: string; moment: string; safety: number | null; adl: string | null }[] = await manager.query(
    // One row per moment: trygghet and ADL may be separate measurements (at most one of each).
    `SELECT thread_id, moment, max(safety) AS safety, max(adl) AS adl FROM home_measurement
      WHERE thread_id = ANY($1::uuid[]) GROUP BY thread_id, moment`,
    [threadIds],
  );
  return {
    granted: new Map(granted.map((g) => [g.thread_id, g.payload])),
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
