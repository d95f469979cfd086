import type { DeadlineRules, ThreadClock } from '@brygga/deadlines';

export type WarningLevel = 'nara' | 'passerad';
export type WarningKind = 'inskrivningsmeddelande' | 'sip_kallelse' | 'betalningsansvar' | 'olast';

export interface WarningCandidate {
  key: string;
  kind: WarningKind;
  level: WarningLevel;
  dueAt: Date;
  text: string;
}

const HOUR = 3_600_000;
/** A deadline passed longer ago than this gets no warning: on a first start over old threads, no flood. */
const STALE = 14 * 24 * HOUR;
const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

const TEXT: Record<Exclude<WarningKind, 'olast'>, Record<WarningLevel, (due: string) => string>> = {
  inskrivningsmeddelande: {
    nara: (due) => `Bevakning: inskrivningsmeddelandet ska skickas senast ${due}.`,
    passerad: (due) => `Bevakning: inskrivningsmeddelandet skulle ha skickats senast ${due}.`,
  },
  sip_kallelse: {
    nara: (due) => `Bevakning: kallelse till SIP ska skickas före ${due}.`,
    passerad: (due) => `Bevakning: ingen kallelse till SIP skickades före ${due}.`,
  },
  betalningsansvar: {
    nara: (due) => `Bevakning: kommunens betalningsansvar inträder ${due}.`,
    passerad: (due) => `Bevakning: kommunens betalningsansvar har inträtt (från ${due}).`,
  },
};

/**
 * Which deadlines of a clock call for a warning now: near (within the rules' window; for the
 * admission notice, whose whole span is a day, a shorter one) or past. The key names the deadline
 * and level, so a new ready period gives new warnings and a repeated sweep none.
 */
export function deadlineWarnings(clock: ThreadClock, rules: DeadlineRules, now: Date): WarningCandidate[] {
  if (clock.state === 'utskriven') return [];
  const out: WarningCandidate[] = [];
  for (const d of clock.deadlines) {
    const due = new Date(d.dueAt);
    const window = (d.key === 'inskrivningsmeddelande' ? rules.bevakning.inskrivningTimmarFore : rules.bevakning.varnaTimmarFore) * HOUR;
    const level: WarningLevel | null =
      d.state === 'forsenad' ? 'passerad' : d.state === 'kommande' && due.getTime() - now.getTime() <= window ? 'nara' : null;
    // Liability cannot start while the clock is paused by avbrott.
    if (!level || (d.key === 'betalningsansvar' && clock.state === 'avbrott') || now.getTime() - due.getTime() > STALE) continue;
    out.push({ key: `${d.key}:${d.dueAt}:${level}`, kind: d.key, level, dueAt: due, text: TEXT[d.key][level](fmt.format(due)) });
  }
  return out;
}

export function unreadWarning(
  seq: number,
  kindLabel: string,
  unitId: string,
  unitName: string,
  sentAt: Date,
  hours: number,
): WarningCandidate {
  return {
    key: `olast:${seq}:${unitId}`,
    kind: 'olast',
    level: 'passerad',
    dueAt: new Date(sentAt.getTime() + hours * HOUR),
    text: `Bevakning: ${kindLabel} (nr ${seq}) är oläst hos ${unitName} efter ${hours} timmar.`,
  };
}
