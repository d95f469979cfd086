/**
 * Dates and times in Europe/Stockholm, whatever the server's own time zone. The law's days are
 * Swedish calendar days: a day starts at local midnight, which is 23:00 or 22:00 UTC depending on
 * daylight saving. Dates are plain 'YYYY-MM-DD' strings; arithmetic on them is done in UTC, where
 * every day has 24 hours, and only the step to and from an instant goes through the time zone.
 */
export const TIME_ZONE = 'Europe/Stockholm';

const HOUR = 3_600_000;
const dstBounds = new Map<number, [number, number]>();

/** 01:00 UTC on the last Sunday of a month (0-based): when EU clocks change. */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

/**
 * Stockholm's offset from UTC at an instant, in milliseconds: summer time (+2) from the last
 * Sunday of March to the last Sunday of October at 01:00 UTC, the EU rule Sweden has followed since
 * 1996; otherwise +1. Computed instead of asked of Intl, which is a hundred times slower (the
 * statistics derive tens of thousands of clocks); stockholm-time.spec.ts checks it against Intl.
 */
export function stockholmOffset(instant: number): number {
  const year = new Date(instant).getUTCFullYear();
  let bounds = dstBounds.get(year);
  if (!bounds) dstBounds.set(year, (bounds = [lastSunday(year, 2), lastSunday(year, 9)]));
  return instant >= bounds[0] && instant < bounds[1] ? 2 * HOUR : HOUR;
}

interface LocalParts {
  date: string;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(instant: Date): LocalParts {
  const local = new Date(instant.getTime() + stockholmOffset(instant.getTime()));
  return {
    date: local.toISOString().slice(0, 10),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The Swedish calendar date of an instant. */
export function localDate(instant: Date): string {
  return localParts(instant).date;
}

const utcOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

/**
 * The instant a Swedish date begins. Clocks change at 02:00/03:00, never near midnight, so the
 * offset two hours before UTC midnight is the offset at local midnight.
 */
export function startOfDay(date: string): Date {
  const utc = utcOf(date);
  return new Date(utc - stockholmOffset(utc - 2 * HOUR));
}

export function addDays(date: string, days: number): string {
  return new Date(utcOf(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcOf(b) - utcOf(a)) / 86_400_000);
}

/** 1 = Monday … 7 = Sunday (ISO). */
export function isoWeekday(date: string): number {
  const d = new Date(utcOf(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isDate(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(utcOf(value)) &&
    new Date(utcOf(value)).toISOString().startsWith(value)
  );
}
