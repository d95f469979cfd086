import { formatDayTime } from '../format';

/**
 * "Hemgångsklar från fre 27 nov 10:30" while the patient cannot yet be received, "sedan …" after:
 * the later of when everything was in place and when every receiver is ready.
 */
export function hemgangsklarText(o: { hemgangsklarAt: string | null; kanTaEmotFran: string | null }, now = Date.now()): string {
  const from = o.kanTaEmotFran && Date.parse(o.kanTaEmotFran) > now ? o.kanTaEmotFran : null;
  if (from) return `Hemgångsklar från ${formatDayTime(from)}`;
  const times = [o.hemgangsklarAt, o.kanTaEmotFran].filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b));
  return times.length ? `Hemgångsklar sedan ${formatDayTime(times[times.length - 1])}` : 'Hemgångsklar';
}
