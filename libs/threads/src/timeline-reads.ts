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

/** A message of the timeline as the derivations of other libraries read it (no free text). */
export interface TimelineEntry {
  id: string;
  seq: number;
  kind: string;
  payload: Record<string, unknown> | null;
  authorUnitId: string;
  createdAt: Date;
}

/** The thread's messages of these kinds, oldest first. */
export async function timelineOfKinds(manager: EntityManager, threadId: string, kinds: readonly MessageKind[]): Promise<TimelineEntry[]> {
  const rows: {
    id: string;
    seq: number;
    kind: string;
    payload: Record<string, unknown> | null;
    author_unit_id: string;
    created_at: Date;
  }[] = await manager.query(
    'SELECT id, seq, kind, payload, author_unit_id, created_at FROM message WHERE thread_id = $1 AND kind = ANY($2::text[]) ORDER BY seq',
    [threadId, kinds],
  );
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    payload: r.payload,
    authorUnitId: r.author_unit_id,
    createdAt: r.created_at,
  }));
}

/** Of each unit that posted one of these kinds in the thread, its latest such message and who wrote it. */
export async function latestOfKindsPerUnit(
  manager: EntityManager,
  threadId: string,
  kinds: readonly MessageKind[],
): Promise<(TimelineEntry & { authorUserId: string; authorName: string })[]> {
  const rows: {
    unit_id: string;
    message_id: string;
    seq: number;
    kind: string;
    payload: Record<string, unknown> | null;
    created_at: Date;
    author_user_id: string;
    author_name: string;
  }[] = await manager.query(
    `SELECT DISTINCT ON (m.author_unit_id) m.author_unit_id AS unit_id, m.id AS message_id, m.seq, m.kind, m.payload, m.created_at,
            m.author_user_id, au.given_name || ' ' || au.family_name AS author_name
       FROM message m JOIN directory_person au ON au.id = m.author_user_id
      WHERE m.thread_id = $1 AND m.kind = ANY($2::text[])
      ORDER BY m.author_unit_id, m.seq DESC`,
    [threadId, kinds],
  );
  return rows.map((r) => ({
    id: r.message_id,
    seq: r.seq,
    kind: r.kind,
    payload: r.payload,
    authorUnitId: r.unit_id,
    createdAt: r.created_at,
    authorUserId: r.author_user_id,
    authorName: r.author_name,
  }));
}

/** The kind of the unit's latest message of these kinds before a sequence number; null when there is none. */
export async function lastKindBefore(
  manager: EntityManager,
  threadId: string,
  unitId: string,
  kinds: readonly MessageKind[],
  seq: number,
): Promise<MessageKind | null> {
  const [row]: { kind: MessageKind }[] = await manager.query(
    `SELECT kind FROM message WHERE thread_id = $1 AND author_unit_id = $2 AND seq < $3 AND kind = ANY($4::text[])
      ORDER BY seq DESC LIMIT 1`,
    [threadId, unitId, seq, kinds],
  );
  return row?.kind ?? null;
}
