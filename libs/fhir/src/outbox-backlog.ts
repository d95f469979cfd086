import type { EntityManager } from 'typeorm';

/**
 * The FHIR outbox as an operator watches it (libs/observability's gauges): messages not yet
 * settled (waiting to be sent, or sent and waiting for an acknowledgement or their next attempt),
 * and how long the oldest one that is due to be sent has been due. Normally that age stays below
 * FHIR_OUTBOX_POLL_SECONDS plus a send; it grows when no node sends (FHIR_OUTBOX_SEND=false
 * everywhere, a stuck loop) or when messages wait behind an earlier one to the same receiver.
 */
export async function outboxBacklog(manager: EntityManager): Promise<{ queued: number; oldestDueSeconds: number }> {
  const [row]: { queued: string; oldest: number | null }[] = await manager.query(
    `SELECT count(*)::text AS queued,
            extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()))::float8 AS oldest
       FROM fhir_outbox WHERE status = 'vantar_pa_kvittens'`,
  );
  return { queued: Number(row.queued), oldestDueSeconds: Math.max(0, row.oldest ?? 0) };
}
