import type { EntityManager } from 'typeorm';
import { pagedTasks, TASK_SCOPE, type TaskPage, type TaskRow } from '@brygga/threads';

/** Open avvikelser routed to the unit: it answers (avvikelse_svar) or acknowledges them. */
export function deviationTasks(manager: EntityManager, page: TaskPage): Promise<TaskRow[]> {
  return pagedTasks(
    manager,
    `SELECT 'avvikelse'::text AS kind, d.thread_id, s.unit_id, d.message_id AS ref_id, NULL::timestamptz AS due_at, d.reported_at AS sort_at,
            'avvikelse:' || d.message_id || ':' || s.unit_id AS key, jsonb_build_object('kategori', d.category) AS detail
       FROM home_deviation d JOIN ${TASK_SCOPE} s ON s.thread_id = d.thread_id AND s.unit_id = d.responsible_unit_id
      WHERE d.state = 'oppen'`,
    page,
  );
}
