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

/**
 * Of each thread, the latest message of the kind that no later message corrects (the one in
 * force), with its payload; threads without one are absent.
 */
export async function inForceOfKind(
  manager: EntityManager,
  threadIds: readonly string[],
  kind: MessageKind,
): Promise<Map<string, Record<string, unknown> | null>> {
  if (!threadIds.length) return new Map();
  const rows: { thread_id: string; payload: Record<string, unknown> | null }[] = await manager.query(
    `SELECT DISTINCT ON (m.thread_id) m.thread_id, m.payload FROM message m
      WHERE m.thread_id = ANY($1::uuid[]) AND m.kind = $2
        AND NOT EXISTS (SELECT 1 FROM message c WHERE c.thread_id = m.thread_id AND c.corrects_message_id = m.id)
      ORDER BY m.thread_id, m.seq DESC`,
    [[...new Set(threadIds)], kind],
  );
  return new Map(rows.map((r) => [r.thread_id, r.payload]));
}

/** Each message's place in its thread's timeline (sequence number), by id; ids not found are absent. */
export async function messageSeqs(manager: EntityManager, messageIds: readonly string[]): Promise<Map<string, number>> {
  if (!messageIds.length) return new Map();
  const rows: { id: string; seq: number }[] = await manager.query('SELECT id, seq FROM message WHERE id = ANY($1::uuid[])', [
    [...new Set(messageIds)],
  ]);
  return new Map(rows.map((r) => [r.id, r.seq]));
}

/** The id of the thread's message with this sequence number; undefined when there is none. */
export async function messageIdAt(manager: EntityManager, threadId: string, seq: number): Promise<string | undefined> {
  const [row]: { id: string }[] = await manager.query('SELECT id FROM message WHERE thread_id = $1 AND seq = $2', [threadId, seq]);
  return row?.id;
}
