import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface PastEvent {
  kind: string;
  payload: Record<string, unknown> | null;
  body?: string | null;
  sentAt: Date;
  authorUserId: string;
  authorUnitId: string;
}

/**
 * Appends a timeline message as if it had been sent at `sentAt`, for the demo threads and test
 * factories that need threads of different ages (the message table accepts inserts only). It
 * takes the next sequence number like every append; the caller holds the thread row lock or
 * owns the thread alone, and sets the thread's own dates and status.
 */
export async function insertPastEvent(manager: EntityManager, threadId: string, event: PastEvent): Promise<number> {
  const [{ seq }]: { seq: number }[] = await manager.query(
    `WITH s AS (UPDATE thread SET last_seq = last_seq + 1, updated_at = greatest(updated_at, $8) WHERE id = $1 RETURNING last_seq)
     INSERT INTO message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, idempotency_key, request_hash, created_at)
     SELECT $1, s.last_seq, $2, $3, $4::jsonb, $5, $6, $7, 'past', $8 FROM s RETURNING seq`,
    [
      threadId,
      event.kind,
      event.body ?? null,
      event.payload ? JSON.stringify(event.payload) : null,
      event.authorUserId,
      event.authorUnitId,
      `past:${randomUUID()}`,
      event.sentAt,
    ],
  );
  return seq;
}
