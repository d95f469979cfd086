import { formatDayTime, formatShortDayTime } from '../format';
import type { Hemgang } from '../api/model';

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

/**
 * The one going-home state in words, the same in the thread header, the inbox and on the phone:
 * "Hemgångsklar från ons 9 dec 10:00", "Kontrollera tiderna", "Utskriven sön 6 dec 15:08" — never
 * "Hemgångsklar från …" once the patient has left.
 */
export function hemgangLabel(h: Hemgang, now = Date.now(), compact = false): string {
  // The inbox table's column is narrow: the date without its weekday ("9 dec 10:00").
  const when = compact ? formatShortDayTime : formatDayTime;
  switch (h.state) {
    case 'utskriven':
      return h.fran ? `Utskriven ${when(h.fran)}` : 'Utskriven';
    case 'kontrollera_tiderna':
      return 'Kontrollera tiderna';
    case 'klar':
      return h.fran && Date.parse(h.fran) > now ? `Hemgångsklar från ${when(h.fran)}` : 'Hemgångsklar';
    case 'ej_klar':
      return 'Ej hemgångsklar';
  }
}

/** Why, in one line for a tooltip: what is missing per party, or which times to check. */
export function hemgangReason(h: Hemgang): string {
  const missing = h.saknas.map((g) => `${g.ansvarig}: ${g.punkter.join(' ')}`);
  return [...missing, ...h.kontrollera].join('\n');
}
