import { addDays, isoWeekday } from './stockholm-time';

/**
 * Swedish public holidays (allmänna helgdagar, lag 1989:253) and the three eves that the law on
 * reckoning statutory time (lag 1930:173) treats like them: midsommarafton, julafton and
 * nyårsafton. Computed for any year; Easter by the Gregorian computus.
 */
export interface Holiday {
  date: string;
  name: string;
  /** An eve treated like a holiday for deadlines, not an allmän helgdag itself. */
  eve?: true;
}

/** Easter Sunday (Anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The Saturday in [from, from + 6]. */
function saturdayFrom(from: string): string {
  return addDays(from, (6 - isoWeekday(from) + 7) % 7);
}

const cache = new Map<number, Holiday[]>();

export function swedishHolidays(year: number): Holiday[] {
  const cached = cache.get(year);
  if (cached) return cached;
  const y = (md: string) => `${year}-${md}`;
  const easter = easterSunday(year);
  const midsommardagen = saturdayFrom(y('06-20'));
  const list: Holiday[] = [
    { date: y('01-01'), name: 'Nyårsdagen' },
    { date: y('01-06'), name: 'Trettondedag jul' },
    { date: addDays(easter, -2), name: 'Långfredagen' },
    { date: easter, name: 'Påskdagen' },
    { date: addDays(easter, 1), name: 'Annandag påsk' },
    { date: y('05-01'), name: 'Första maj' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärdsdag' },
    { date: addDays(easter, 49), name: 'Pingstdagen' },
    { date: y('06-06'), name: 'Sveriges nationaldag' },
    { date: addDays(midsommardagen, -1), name: 'Midsommarafton', eve: true },
    { date: midsommardagen, name: 'Midsommardagen' },
    { date: saturdayFrom(y('10-31')), name: 'Alla helgons dag' },
    { date: y('12-24'), name: 'Julafton', eve: true },
    { date: y('12-25'), name: 'Juldagen' },
    { date: y('12-26'), name: 'Annandag jul' },
    { date: y('12-31'), name: 'Nyårsafton', eve: true },
  ].sort((a, b) => a.date.localeCompare(b.date)) as Holiday[];
  cache.set(year, list);
  return list;
}

export function holidayOn(date: string): Holiday | undefined {
  return swedishHolidays(Number(date.slice(0, 4))).find((h) => h.date === date);
}

/** A weekday (Monday–Friday) that is neither a holiday nor one of the three eves. */
export function isWorkingDay(date: string): boolean {
  return isoWeekday(date) <= 5 && !holidayOn(date);
}

/** Why a date is not an ordinary working day ("lördag", "Midsommardagen"), or null. */
export function nonWorkingReason(date: string): string | null {
  const holiday = holidayOn(date);
  if (holiday) return holiday.name;
  const weekday = isoWeekday(date);
  return weekday === 6 ? 'lördag' : weekday === 7 ? 'söndag' : null;
}
