import type { EntityManager } from 'typeorm';
import type { MessageKind } from './message-kinds';

/**
 * Reads of the thread timeline for libraries above this one, which name no table of it
 * (test/table-ownership.spec.ts): the answer, not the rows.
 */

/** The messages of one kind in the thread, oldest first: who posted each (unit) and its structured payload. */
export async function messagesOfKind(
  manager: EntityManager,
  threadId: string,
  kind: MessageKind,
): Promise<{ authorUnitId: string; payload: Record<string, unknown> | null }[]> {
  const rows: { author_unit_id: string; payload: Record<string, unknown> | null }[] = await manager.query(
    'SELECT author_unit_id, payload FROM message WHERE thread_id = $1 AND kind = $2 ORDER BY seq',
    [threadId, kind],
  );
  return rows.map((r) => ({ authorUnitId: r.author_unit_id, payload: r.payload }));
}
