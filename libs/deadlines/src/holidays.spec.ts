import { easterSunday, isWorkingDay, nonWorkingReason, swedishHolidays } from './holidays';

/**
 * Written by hand from the published Swedish calendar (helgdagar 2025–2027), not computed: the
 * computus and the "Saturday between" rules must reproduce it.
 */
const PUBLISHED: Record<number, Record<string, string>> = {
  2025: {
    Nyårsdagen: '2025-01-01',
    'Trettondedag jul': '2025-01-06',
    Långfredagen: '2025-04-18',
    Påskdagen: '2025-04-20',
    'Annandag påsk': '2025-04-21',
    'Första maj': '2025-05-01',
    'Kristi himmelsfärdsdag': '2025-05-29',
    Pingstdagen: '2025-06-08',
    'Sveriges nationaldag': '2025-06-06',
    Midsommarafton: '2025-06-20',
    Midsommardagen: '2025-06-21',
    'Alla helgons dag': '2025-11-01',
    Julafton: '2025-12-24',
    Juldagen: '2025-12-25',
    'Annandag jul': '2025-12-26',
    Nyårsafton: '2025-12-31',
  },
  2026: {
    Nyårsdagen: '2026-01-01',
    'Trettondedag jul': '2026-01-06',
    Långfredagen: '2026-04-03',
    Påskdagen: '2026-04-05',
    'Annandag påsk': '2026-04-06',
    'Första maj': '2026-05-01',
    'Kristi himmelsfärdsdag': '2026-05-14',
    Pingstdagen: '2026-05-24',
    'Sveriges nationaldag': '2026-06-06',
    Midsommarafton: '2026-06-19',
    Midsommardagen: '2026-06-20',
    'Alla helgons dag': '2026-10-31',
    Julafton: '2026-12-24',
    Juldagen: '2026-12-25',
    'Annandag jul': '2026-12-26',
    Nyårsafton: '2026-12-31',
  },
  2027: {
    Nyårsdagen: '2027-01-01',
    'Trettondedag jul': '2027-01-06',
    Långfredagen: '2027-03-26',
    Påskdagen: '2027-03-28',
    'Annandag påsk': '2027-03-29',
    'Första maj': '2027-05-01',
    'Kristi himmelsfärdsdag': '2027-05-06',
    Pingstdagen: '2027-05-16',
    'Sveriges nationaldag': '2027-06-06',
    Midsommarafton: '2027-06-25',
    Midsommardagen: '2027-06-26',
    'Alla helgons dag': '2027-11-06',
    Julafton: '2027-12-24',
    Juldagen: '2027-12-25',
    'Annandag jul': '2027-12-26',
    Nyårsafton: '2027-12-31',
  },
};

describe('Swedish holidays', () => {
  it.each([2025, 2026, 2027])('match the published calendar for %i', (year) => {
    const computed = Object.fromEntries(swedishHolidays(year).map((h) => [h.name, h.date]));
    expect(computed).toEqual(PUBLISHED[year]);
  });

  it('finds Easter in other centuries too', () => {
    expect(easterSunday(1818)).toBe('1818-03-22'); // earliest possible
    expect(easterSunday(1943)).toBe('1943-04-25'); // latest possible
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('tells working days from weekends, holidays and the three eves', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // a Monday
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(nonWorkingReason('2026-11-29')).toBe('söndag');
    expect(nonWorkingReason('2026-06-19')).toBe('Midsommarafton');
    expect(nonWorkingReason('2027-05-06')).toBe('Kristi himmelsfärdsdag');
    expect(nonWorkingReason('2026-12-23')).toBeNull();
  });
});
