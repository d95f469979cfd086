import type { EntityManager } from 'typeorm';
import { pagedTasks, readinessTasks as threadReadinessTasks, TASK_SCOPE, type TaskPage, type TaskRow } from '@brygga/threads';
import { RECEIVING_KINDS } from './hemgangsklar';

/** The planned discharge as a moment (its day's start in Sweden): what a checklist task is due by. */
const PLANNED = `(s.planned_discharge_date::timestamp AT TIME ZONE 'Europe/Stockholm')`;

/**
 * An item applies while the item its `when` names holds one of the listed values, and that item
 * applies itself: checked two levels deep, as deep as templates nest (a device's "installed" hangs
 * on its "behov"). The same rule as `applies` in template-definition.ts.
 */
const APPLIES = `(i.definition->'when' IS NULL OR EXISTS (
    SELECT 1 FROM checklist_item w WHERE w.checklist_id = i.checklist_id AND w.key = i.definition->'when'->>'item'
       AND w.value IS NOT NULL AND (i.definition->'when'->'in') @> jsonb_build_array(w.value)
       AND (w.definition->'when' IS NULL OR EXISTS (
         SELECT 1 FROM checklist_item w2 WHERE w2.checklist_id = w.checklist_id AND w2.key = w.definition->'when'->>'item'
            AND w2.value IS NOT NULL AND (w.definition->'when'->'in') @> jsonb_build_array(w2.value)))))`;

/**
 * Required items, applying and not done, that the unit's organisation kind is responsible for
 * (what blocks hemgångsklar on its side). Due by the planned discharge, when there is one.
 */
export function checklistItemTasks(manager: EntityManager, page: TaskPage): Promise<TaskRow[]> {
  return pagedTasks(
    manager,
    `SELECT 'punkt'::text AS kind, i.thread_id, s.unit_id, i.id AS ref_id, ${PLANNED} AS due_at,
            coalesce(${PLANNED}, c.created_at) AS sort_at,
            'punkt:' || lpad(i.position::text, 4, '0') || ':' || i.id || ':' || s.unit_id AS key,
            jsonb_build_object('checklistId', c.id, 'checklist', c.name, 'definition', i.definition, 'state', i.state) AS detail
       FROM checklist_item i JOIN checklist c ON c.id = i.checklist_id
       JOIN ${TASK_SCOPE} s ON s.thread_id = i.thread_id AND s.org_kind = i.definition->>'responsible'
      WHERE i.state NOT IN ('klar', 'ej_aktuell') AND (i.definition->>'required')::boolean AND s.discharged_at IS NULL AND ${APPLIES}`,
    page,
  );
}

/**
 * Receiving units (hemtjänst, hemsjukvård) whose latest readiness is not `redo`, in threads whose
 * patient has not left: "Er bekräftelse saknas". Due by the planned discharge (libs/threads reads the timeline).
 */
export function readinessTasks(manager: EntityManager, page: TaskPage): Promise<TaskRow[]> {
  return threadReadinessTasks(manager, page, RECEIVING_KINDS);
}
