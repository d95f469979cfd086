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

/** A thread as if it had been created at `createdAt`, with its state and dates already set (demo threads). */
export interface PastThread {
  patientId: string;
  ownerUnitId: string;
  givenName: string;
  familyName: string;
  status: string;
  triage: string;
  admittedAt: Date;
  /** A date (YYYY-MM-DD). */
  plannedDischargeDate?: string | null;
  utskrivningsklarAt?: Date | null;
  dischargedAt?: Date | null;
  hemgangsklarAt?: Date | null;
  createdByUserId: string;
  /** How the demo seed finds it again (countThreadsWithKey). */
  idempotencyKey: string;
  createdAt: Date;
  participantUnitIds: string[];
}

/** Inserts a thread and its participants as they were at `createdAt`; its timeline comes from insertPastEvent. */
export async function insertPastThread(manager: EntityManager, thread: PastThread): Promise<string> {
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO thread (patient_id, owner_unit_id, patient_given_name, patient_family_name, status, triage, admitted_at, planned_discharge_date,
                         utskrivningsklar_at, discharged_at, hemgangsklar_at, created_by_user_id, idempotency_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      thread.patientId,
      thread.ownerUnitId,
      thread.givenName,
      thread.familyName,
      thread.status,
      thread.triage,
      thread.admittedAt,
      thread.plannedDischargeDate ?? null,
      thread.utskrivningsklarAt ?? null,
      thread.dischargedAt ?? null,
      thread.hemgangsklarAt ?? null,
      thread.createdByUserId,
      thread.idempotencyKey,
      thread.createdAt,
    ],
  );
  await manager.query('INSERT INTO thread_participant (thread_id, unit_id) SELECT $1, unnest($2::uuid[])', [id, thread.participantUnitIds]);
  return id;
}

/** How many threads were created with this key (`prefix`: with a key that starts with it), e.g. whether a demo seed ran. */
export async function countThreadsWithKey(manager: EntityManager, key: string, prefix = false): Promise<number> {
  const [{ n }]: { n: number }[] = prefix
    ? await manager.query(`SELECT count(*)::int AS n FROM thread WHERE starts_with(idempotency_key, $1)`, [key])
    : await manager.query('SELECT count(*)::int AS n FROM thread WHERE idempotency_key = $1', [key]);
  return n;
}
