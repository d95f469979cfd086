import type { EntityManager } from 'typeorm';
import type { OrgKind } from '@brygga/common';
import { lastKindBefore, latestOfKindsPerUnit, PARTICIPANT_SELECT, type ParticipantRow } from '@brygga/threads';
import { RECEIVING_KINDS, type ReceivingUnitState } from './hemgangsklar';
import type { ItemState } from './item-values';
import type { ItemValue, TemplateItem } from './template-definition';

/** Reads of a thread's checklists and readiness. Every one is scoped by the thread id it must be given. */

export interface ChecklistRow {
  id: string;
  template_id: string;
  template_key: string;
  template_version: number;
  name: string;
  created_at: Date;
  applied_by_user_id: string;
  applied_by_name: string;
  applied_by_unit_id: string;
  applied_by_unit_name: string;
}

export interface ItemRow {
  id: string;
  checklist_id: string;
  key: string;
  position: number;
  definition: TemplateItem;
  state: ItemState;
  value: ItemValue;
  version: number;
  updated_at: Date | null;
  updated_by_user_id: string | null;
  updated_by_name: string | null;
  updated_by_unit_id: string | null;
  updated_by_unit_name: string | null;
}

export interface ReadinessRow {
  unit_id: string;
  message_id: string;
  kind: 'redo' | 'redo_aterkallad';
  payload: { redoFran?: string; orsak?: string } | null;
  created_at: Date;
  author_user_id: string;
  author_name: string;
}

export interface ReceivingUnitView extends ReceivingUnitState {
  /** The message that gave the unit's current readiness. */
  since: { messageId: string; at: string; userId: string; name: string; orsak: string | null } | null;
}

export interface ThreadChecklists {
  checklists: (ChecklistRow & { items: ItemRow[] })[];
  receiving: ReceivingUnitView[];
}

const CHECKLIST_SELECT = `
  SELECT c.id, c.template_id, c.template_key, c.template_version, c.name, c.created_at,
         c.applied_by_user_id, au.given_name || ' ' || au.family_name AS applied_by_name,
         c.applied_by_unit_id, un.name AS applied_by_unit_name
    FROM checklist c JOIN directory_person au ON au.id = c.applied_by_user_id JOIN directory_unit un ON un.id = c.applied_by_unit_id`;

export const ITEM_SELECT = `
  SELECT i.id, i.checklist_id, i.key, i.position, i.definition, i.state, i.value, i.version, i.updated_at,
         i.updated_by_user_id, uu.given_name || ' ' || uu.family_name AS updated_by_name,
         i.updated_by_unit_id, un.name AS updated_by_unit_name
    FROM checklist_item i LEFT JOIN directory_person uu ON uu.id = i.updated_by_user_id LEFT JOIN directory_unit un ON un.id = i.updated_by_unit_id`;

export async function loadChecklist(
  manager: EntityManager,
  threadId: string,
  checklistId: string,
): Promise<ChecklistRow & { items: ItemRow[] }> {
  const [checklist]: ChecklistRow[] = await manager.query(`${CHECKLIST_SELECT} WHERE c.thread_id = $1 AND c.id = $2`, [
    threadId,
    checklistId,
  ]);
  const items: ItemRow[] = await manager.query(`${ITEM_SELECT} WHERE i.thread_id = $1 AND i.checklist_id = $2 ORDER BY i.position`, [
    threadId,
    checklistId,
  ]);
  return { ...checklist, items };
}

export async function loadItem(manager: EntityManager, threadId: string, itemId: string): Promise<ItemRow | undefined> {
  const [row]: ItemRow[] = await manager.query(`${ITEM_SELECT} WHERE i.thread_id = $1 AND i.id = $2`, [threadId, itemId]);
  return row;
}

/** Everything the overview and the hemgångsklar derivation need, read in the caller's transaction. */
export async function loadThreadChecklists(manager: EntityManager, threadId: string): Promise<ThreadChecklists> {
  const checklists: ChecklistRow[] = await manager.query(`${CHECKLIST_SELECT} WHERE c.thread_id = $1 ORDER BY c.created_at, c.id`, [
    threadId,
  ]);
  const items: ItemRow[] = await manager.query(`${ITEM_SELECT} WHERE i.thread_id = $1 ORDER BY i.checklist_id, i.position`, [threadId]);
  const participants: ParticipantRow[] = await manager.query(PARTICIPANT_SELECT, [[threadId]]);
  // Each unit's latest readiness (libs/threads' timeline).
  const readiness: ReadinessRow[] = (await latestOfKindsPerUnit(manager, threadId, ['redo', 'redo_aterkallad'])).map((r) => ({
    unit_id: r.authorUnitId,
    message_id: r.id,
    kind: r.kind as ReadinessRow['kind'],
    payload: r.payload as ReadinessRow['payload'],
    created_at: r.createdAt,
    author_user_id: r.authorUserId,
    author_name: r.authorName,
  }));
  const receiving = participants
    .filter((p) => RECEIVING_KINDS.includes(p.kind))
    .map((p): ReceivingUnitView => {
      const latest = readiness.find((r) => r.unit_id === p.unit_id);
      return {
        unitId: p.unit_id,
        name: p.unit_name,
        orgKind: p.kind as OrgKind,
        latest: !latest ? null : latest.kind === 'redo' ? 'redo' : 'aterkallad',
        redoFran: latest?.kind === 'redo' ? (latest.payload?.redoFran ?? null) : null,
        since: latest
          ? {
              messageId: latest.message_id,
              at: latest.created_at.toISOString(),
              userId: latest.author_user_id,
              name: latest.author_name,
              orsak: latest.kind === 'redo_aterkallad' ? (latest.payload?.orsak ?? null) : null,
            }
          : null,
      };
    });
  return {
    checklists: checklists.map((c) => ({ ...c, items: items.filter((i) => i.checklist_id === c.id) })),
    receiving,
  };
}

/** The unit's latest readiness message before a given sequence number. */
export async function readinessBefore(
  manager: EntityManager,
  threadId: string,
  unitId: string,
  seq: number,
): Promise<'redo' | 'redo_aterkallad' | null> {
  return (await lastKindBefore(manager, threadId, unitId, ['redo', 'redo_aterkallad'], seq)) as 'redo' | 'redo_aterkallad' | null;
}
