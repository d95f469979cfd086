import type { EntityManager } from 'typeorm';
import type { PlanFacts } from './hemgang-status';

interface PlannedRow {
  planned: string | null;
  created_at: Date;
}

/**
 * What the thread's own timeline says about the plan (planned date, its changes, an active avbrott,
 * how the discharge went), read in the caller's transaction and scoped by the thread id.
 */
export async function loadPlanFacts(manager: EntityManager, threadId: string): Promise<PlanFacts> {
  const [thread]: { status: string; planned: string | null; discharged_at: Date | null }[] = await manager.query(
    `SELECT status, to_char(planned_discharge_date, 'YYYY-MM-DD') AS planned, discharged_at FROM thread WHERE id = $1`,
    [threadId],
  );
  const planned: PlannedRow[] = await manager.query(
    `SELECT COALESCE(payload->>'planeradUtskrivning', payload->>'forvantatUtskrivningsdatum') AS planned, created_at
       FROM message WHERE thread_id = $1 AND kind IN ('planerad_utskrivning', 'inskrivningsmeddelande') ORDER BY seq`,
    [threadId],
  );
  // A change is a new date replacing an earlier, different one (the first date is no change).
  let plannedChangedAt: string | null = null;
  let previous: string | null = null;
  for (const row of planned) {
    if (!row.planned) continue;
    if (previous !== null && row.planned !== previous) plannedChangedAt = row.created_at.toISOString();
    previous = row.planned;
  }
  const [pickUp]: { changed_at: Date }[] = await manager.query(
    `SELECT c.changed_at FROM checklist_item_change c JOIN checklist_item i ON i.id = c.item_id
      WHERE c.thread_id = $1 AND i.key = 'upphamtning' AND c.value_before IS NOT NULL AND c.value_after IS NOT NULL
        AND c.value_before <> c.value_after
      ORDER BY c.changed_at DESC LIMIT 1`,
    [threadId],
  );
  const [avbrott]: { at: string | null }[] =
    thread.status === 'avbrott'
      ? await manager.query(
          `SELECT payload->>'avbrottAt' AS at FROM message WHERE thread_id = $1 AND kind = 'avbrott' ORDER BY seq DESC LIMIT 1`,
          [threadId],
        )
      : [];
  const [discharge]: { against: boolean }[] = thread.discharged_at
    ? await manager.query(
        `SELECT COALESCE(jsonb_array_length(payload->'konflikter'), 0) > 0 AS against
           FROM message WHERE thread_id = $1 AND kind = 'utskrivningsmeddelande' ORDER BY seq DESC LIMIT 1`,
        [threadId],
      )
    : [];
  return {
    status: thread.status,
    plannedDischargeDate: thread.planned,
    dischargedAt: thread.discharged_at?.toISOString() ?? null,
    plannedChangedAt,
    pickUpChangedAt: pickUp?.changed_at.toISOString() ?? null,
    avbrottAt: avbrott?.at ?? null,
    dischargedAgainstPlan: discharge?.against ?? false,
  };
}
