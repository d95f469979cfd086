import type { EntityManager } from 'typeorm';
import { threadDatesOf, timelineOfKinds } from '@brygga/threads';
import type { PlanFacts } from './hemgang-status';

/** A payload field as the database's `->>` reads it: text, or null when absent (a JSON null too). */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface PlannedRow {
  planned: string | null;
  created_at: Date;
}

/**
 * What the thread's own timeline says about the plan (planned date, its changes, an active avbrott,
 * how the discharge went), read in the caller's transaction and scoped by the thread id.
 */
export async function loadPlanFacts(manager: EntityManager, threadId: string): Promise<PlanFacts> {
  // The thread's state and its timeline (libs/threads), in the caller's transaction.
  const dates = (await threadDatesOf(manager, threadId))!;
  const thread = { status: dates.status, planned: dates.plannedDischargeDate, discharged_at: dates.dischargedAt };
  const timeline = await timelineOfKinds(manager, threadId, [
    'planerad_utskrivning',
    'inskrivningsmeddelande',
    'avbrott',
    'utskrivningsmeddelande',
  ]);
  const planned: PlannedRow[] = timeline
    .filter((m) => m.kind === 'planerad_utskrivning' || m.kind === 'inskrivningsmeddelande')
    .map((m) => ({
      planned: text(m.payload?.planeradUtskrivning) ?? text(m.payload?.forvantatUtskrivningsdatum),
      created_at: m.createdAt,
    }));
  const latest = (kind: string) => timeline.filter((m) => m.kind === kind).at(-1);
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
  const avbrott = thread.status === 'avbrott' ? { at: text(latest('avbrott')?.payload?.avbrottAt) } : undefined;
  const konflikter = thread.discharged_at ? latest('utskrivningsmeddelande')?.payload?.konflikter : undefined;
  const discharge = { against: Array.isArray(konflikter) && konflikter.length > 0 };
  return {
    status: thread.status,
    plannedDischargeDate: thread.planned,
    dischargedAt: thread.discharged_at?.toISOString() ?? null,
    plannedChangedAt,
    pickUpChangedAt: pickUp?.changed_at.toISOString() ?? null,
    avbrottAt: avbrott?.at ?? null,
    dischargedAgainstPlan: discharge.against,
  };
}
