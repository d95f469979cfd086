import type { EntityManager } from 'typeorm';
import type { OrgKind } from '@brygga/common';
import { loadThreadChecklists } from './checklist.queries';
import type { ItemState } from './item-values';
import type { ItemValue } from './template-definition';

/** One checklist item's current state and value, without who changed it. */
export interface SnapshotItem {
  templateKey: string;
  key: string;
  state: ItemState;
  value: ItemValue;
  updatedAt: string | null;
}

/** A receiving unit's current readiness. */
export interface SnapshotReceiving {
  unitId: string;
  name: string;
  orgKind: OrgKind;
  redoFran: string | null;
  since: string | null;
}

/** A thread's checklist values and readiness, for derived read-only views (libs/plan). */
export interface ChecklistSnapshot {
  items: SnapshotItem[];
  receiving: SnapshotReceiving[];
}

/** Reads in the caller's transaction; no access check and no log row: the caller has done both. */
export async function loadChecklistSnapshot(manager: EntityManager, threadId: string): Promise<ChecklistSnapshot> {
  const state = await loadThreadChecklists(manager, threadId);
  return {
    items: state.checklists.flatMap((c) =>
      c.items.map((i) => ({
        templateKey: c.template_key,
        key: i.key,
        state: i.state,
        value: i.value,
        updatedAt: i.updated_at?.toISOString() ?? null,
      })),
    ),
    receiving: state.receiving.map((r) => ({
      unitId: r.unitId,
      name: r.name,
      orgKind: r.orgKind,
      redoFran: r.redoFran,
      since: r.since?.at ?? null,
    })),
  };
}
