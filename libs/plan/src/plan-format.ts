/** Dates and times as a patient reads them: Swedish words, Stockholm time. */

const DATE = new Intl.DateTimeFormat('sv-SE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_OF_INSTANT = new Intl.DateTimeFormat('sv-SE', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Stockholm',
});
const TIME = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' });

/** "onsdag 9 december 2026" for a calendar date (YYYY-MM-DD). */
export function formatDate(date: string): string {
  const parsed = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : DATE.format(parsed);
}

/** "onsdag 9 december 2026 kl. 10:00" for an instant (ISO 8601), in Stockholm time. */
export function formatDateTime(instant: string): string {
  const parsed = new Date(instant);
  return Number.isNaN(parsed.getTime()) ? instant : `${DATE_OF_INSTANT.format(parsed)} kl. ${TIME.format(parsed)}`;
}
