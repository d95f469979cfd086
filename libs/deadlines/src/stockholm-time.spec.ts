import { localParts, startOfDay } from './stockholm-time';

/** The computed EU summer-time rule against the time-zone database (Intl), hour by hour. */
describe('Stockholm time', () => {
  const intl = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const viaIntl = (d: Date) => {
    const p = Object.fromEntries(intl.formatToParts(d).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}`;
  };

  it('agrees with the time-zone database for every hour of 2024–2028', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2029, 0, 1); t += 3_600_000) {
      const d = new Date(t);
      const p = localParts(d);
      const ours = `${p.date} ${String(p.hour).padStart(2, '0')}`;
      if (ours !== viaIntl(d)) wrong.push(`${d.toISOString()}: ${ours} ≠ ${viaIntl(d)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('starts every day of 2024–2028 at local midnight', () => {
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      expect(viaIntl(startOfDay(date))).toBe(`${date} 00`);
    }
  });
});
