import { isOffsetDateTime, OFFSET_DATE_TIME_MESSAGE } from './date-time';
import { invalid } from './errors';

/** A phone's clock may run a little ahead of the server's: this much is still "now". */
export const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * The time of an act made without coverage (observedAt), checked against the time it reached the
 * server: not in the future (beyond a small clock skew) and not older than a work shift. Absent:
 * the act happened when it was received (null). A refusal is a 400 in Swedish; the outbox shows it.
 */
export function checkObservedAt(raw: string | undefined | null, receivedAt: Date, shiftHours: number): Date | null {
  if (raw === undefined || raw === null) return null;
  if (!isOffsetDateTime(raw)) throw invalid('observedAt', OFFSET_DATE_TIME_MESSAGE);
  const at = new Date(raw);
  if (at.getTime() > receivedAt.getTime() + CLOCK_SKEW_MS) {
    throw invalid('observedAt', 'tidpunkten ligger i framtiden – kontrollera telefonens klocka');
  }
  if (at.getTime() < receivedAt.getTime() - shiftHours * 3_600_000) {
    throw invalid('observedAt', `tidpunkten är äldre än ett arbetspass (${shiftHours} timmar) och kan inte längre skickas`);
  }
  return at;
}
