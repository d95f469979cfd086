import type { ThreadDto } from './thread.mapper';

export const IDEMPOTENCY_REUSED = 'Idempotensnyckeln har redan använts för ett annat ärende (annan patient eller andra deltagare).';

/**
 * Whether a create with an already used idempotency key repeats the first request: same patient
 * and same participating units (the owner included). Anything else is a misuse of the key, and
 * answering with the first thread would show one patient's thread for another.
 */
export function sameRetry(existing: ThreadDto, patientId: string | undefined, participantIds: readonly string[]): boolean {
  const before = new Set(existing.participants.map((p) => p.unitId));
  return existing.patient.id === patientId && before.size === new Set(participantIds).size && participantIds.every((id) => before.has(id));
}
