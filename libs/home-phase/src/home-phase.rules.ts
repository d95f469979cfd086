/** Pure rules of the home phase (dates in Swedish time), kept apart so they can be tested alone. */

const STOCKHOLM_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Sweden of an instant (YYYY-MM-DD). */
export function swedishDate(at: Date): string {
  return STOCKHOLM_DATE.format(at);
}

/** Clocks of phones and servers differ a little: a report "now" may arrive a moment ahead. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function isInFuture(at: Date, now: Date): boolean {
  return at.getTime() > now.getTime() + CLOCK_SKEW_MS;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
