import { isWorkingDay, nonWorkingReason } from './holidays';
import type { DayType, DeadlineRules } from './rules';
import { addDays, daysBetween, localDate, localParts, startOfDay } from './stockholm-time';

/**
 * The discharge law's clock for one thread, derived from its events alone by one pure function
 * with the time passed in. The thread view, the inbox, the warnings and the statistics all call
 * it, so they cannot disagree. Whatever the events (out of order, repeated, withdrawn twice), the
 * clock stays defined, and `notes` says in Swedish what was set aside and why.
 */

/** The message kinds the clock reads. */
export const CLOCK_KINDS = ['inskrivningsmeddelande', 'utskrivningsklar', 'avbrott', 'sip_kallelse', 'utskrivningsmeddelande'] as const;

export interface ClockEvent {
  id: string;
  seq: number;
  kind: string;
  /** When the message was sent through Brygga. */
  sentAt: Date;
  payload: Record<string, unknown> | null;
  correctsMessageId: string | null;
}

export interface ClockThread {
  createdAt: Date;
  /** From the thread (set when opened or by an admission notice). */
  admittedAt: Date | null;
  plannedDischargeDate: string | null;
  /** Organisation kinds taking part: the SIP deadline applies when both primary care and the municipality do. */
  participantKinds: string[];
}

export type DeadlineKey = 'inskrivningsmeddelande' | 'sip_kallelse' | 'betalningsansvar';
export type DeadlineState = 'kommande' | 'forsenad' | 'uppfylld' | 'uppfylld_sent';

/** Response classes (Deadline, ThreadClock): the @nestjs/swagger CLI plugin describes them in openapi.json. */
export class Deadline {
  key: DeadlineKey;
  label: string;
  /** When it falls due; for betalningsansvar, when liability starts. */
  dueAt: string;
  state: DeadlineState;
  metAt: string | null;
  /** Hours past due (state forsenad), rounded down. */
  hoursOverdue: number | null;
}

export type ClockState = 'ej_utskrivningsklar' | 'utskrivningsklar' | 'avbrott' | 'utskriven';

export class AvbrottPause {
  since: string;
  orsak: string | null;
}

export class DischargeDay {
  /** YYYY-MM-DD */
  date: string;
  /** The holiday's or weekend day's name; null on a working day. */
  nonWorking: string | null;
}

export class ThreadClock {
  region: string;
  state: ClockState;
  admittedAt: string;
  /** The effective ready time of the current (or last) ready period. */
  utskrivningsklarSince: string | null;
  /** When liability started or starts in the current (or last) ready period; null when it cannot. */
  betalningsansvarFrom: string | null;
  /** Whole days of liability so far, every ready period together. */
  paymentDays: number;
  cost: number;
  pausedByAvbrott: AvbrottPause | null;
  avbrottCount: number;
  dischargedAt: string | null;
  /** Ready → discharged, avbrott periods excluded (statistics). */
  leadTimeHours: number | null;
  /** Discharged on the calendar day of the latest ready notice. */
  dischargedSameDay: boolean | null;
  /** The discharge date (or the planned one) when it is a weekend day or holiday, with its name. */
  dischargeDay: DischargeDay | null;
  deadlines: Deadline[];
  /** The earliest deadline not yet met (past due first). */
  nextDeadline: Deadline | null;
  overdue: boolean;
  notes: string[];
}

interface Period {
  readyAt: Date;
  noticeAt: Date;
  end: Date | null;
  endReason: 'avbrott' | 'utskriven' | null;
  orsak: string | null;
}

const HOUR = 3_600_000;
const LABELS: Record<DeadlineKey, string> = {
  inskrivningsmeddelande: 'Inskrivningsmeddelande',
  sip_kallelse: 'Kallelse till SIP',
  betalningsansvar: 'Betalningsansvar',
};

function timeOf(payload: Record<string, unknown> | null, field: string): Date | null {
  const value = payload?.[field];
  if (typeof value !== 'string') return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t;
}

const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
const show = (d: Date) => fmt.format(d);
const max = (a: Date, b: Date) => (a > b ? a : b);

/** The day `count` days (of the type) after `day0`: calendar days, or working days. */
export function countDays(day0: string, count: number, type: DayType): string {
  if (type === 'kalenderdagar') return addDays(day0, count);
  let day = day0;
  for (let n = 0; n < count;) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) n += 1;
  }
  return day;
}

/**
 * The first day of liability for a ready notice sent at `noticeAt`: day 0 is the notice's date,
 * or the next day when it went at or after the cut-off hour; the threshold's days after day 0 are
 * free; liability begins at the start of the next calendar day.
 */
export function liabilityStart(noticeAt: Date, rules: DeadlineRules): string {
  const { date, hour } = localParts(noticeAt);
  const day0 = hour >= rules.betalningsansvar.brytpunktTimme ? addDays(date, 1) : date;
  return addDays(countDays(day0, rules.betalningsansvar.troskelDagar, rules.betalningsansvar.dagtyp), 1);
}

/** Latest correction wins: a message corrected by a later one is replaced by it, in its place. */
function applyCorrections(events: ClockEvent[]): ClockEvent[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const byId = new Map(sorted.map((e) => [e.id, e]));
  const rootOf = (e: ClockEvent): ClockEvent => {
    let current = e;
    for (let guard = 0; current.correctsMessageId && byId.has(current.correctsMessageId) && guard < 100; guard++)
      current = byId.get(current.correctsMessageId)!;
    return current;
  };
  const latest = new Map<string, ClockEvent>();
  for (const e of sorted) latest.set(rootOf(e).id, e);
  return [...latest.entries()]
    .map(([rootId, e]) => ({ ...e, seq: byId.get(rootId)!.seq, sentAt: byId.get(rootId)!.sentAt }))
    .sort((a, b) => a.seq - b.seq);
}

export function deriveClock(thread: ClockThread, rawEvents: ClockEvent[], rules: DeadlineRules, now: Date): ThreadClock {
  const notes: string[] = [];
  const events = applyCorrections(rawEvents.filter((e) => (CLOCK_KINDS as readonly string[]).includes(e.kind)));
  const admissionNotices = events.filter((e) => e.kind === 'inskrivningsmeddelande');
  const admittedAt = timeOf(admissionNotices[0]?.payload ?? null, 'inskrivenAt') ?? thread.admittedAt ?? thread.createdAt;

  const periods: Period[] = [];
  let dischargedAt: Date | null = null;
  let avbrottCount = 0;
  for (const e of events) {
    const open = periods.at(-1)?.end === null ? periods.at(-1)! : undefined;
    if (e.kind === 'utskrivningsklar') {
      if (dischargedAt) {
        notes.push(`Underrättelsen om utskrivningsklar (nr ${e.seq}) kom efter utskrivningen och räknas inte.`);
        continue;
      }
      if (open) {
        notes.push(`Upprepad underrättelse om utskrivningsklar (nr ${e.seq}) ändrar inte klockan, som går sedan ${show(open.readyAt)}.`);
        continue;
      }
      let readyAt = timeOf(e.payload, 'utskrivningsklarAt') ?? e.sentAt;
      if (readyAt < admittedAt) {
        notes.push(
          `Utskrivningsklar (nr ${e.seq}) anger en tid före inskrivningen; klockan räknas från inskrivningen ${show(admittedAt)}.`,
        );
        readyAt = admittedAt;
      }
      const previousEnd = periods.at(-1)?.end;
      if (previousEnd && readyAt < previousEnd) {
        notes.push(`Utskrivningsklar (nr ${e.seq}) anger en tid före avbrottet; klockan räknas från avbrottet ${show(previousEnd)}.`);
        readyAt = previousEnd;
      }
      // The municipality cannot be liable before it was told: the clock runs from the later of the two.
      const noticeAt = max(readyAt, e.sentAt);
      if (noticeAt > readyAt && noticeAt.getTime() - readyAt.getTime() > HOUR) {
        notes.push(
          `Underrättelsen (nr ${e.seq}) skickades ${show(e.sentAt)}, efter den angivna tiden ${show(readyAt)}; betalningsansvaret räknas från när den skickades.`,
        );
      }
      periods.push({ readyAt, noticeAt, end: null, endReason: null, orsak: null });
    } else if (e.kind === 'avbrott') {
      if (!open) {
        notes.push(`Avbrott (nr ${e.seq}) utan pågående utskrivningsklar räknas inte.`);
        continue;
      }
      let at = timeOf(e.payload, 'avbrottAt') ?? e.sentAt;
      if (at < open.readyAt) {
        notes.push(`Avbrott (nr ${e.seq}) anger en tid före utskrivningsklar; räknas från ${show(open.readyAt)}.`);
        at = open.readyAt;
      }
      open.end = at;
      open.endReason = 'avbrott';
      open.orsak = typeof e.payload?.orsak === 'string' ? e.payload.orsak : null;
      avbrottCount += 1;
    } else if (e.kind === 'utskrivningsmeddelande') {
      if (dischargedAt) {
        notes.push(`Upprepat utskrivningsmeddelande (nr ${e.seq}) räknas inte.`);
        continue;
      }
      dischargedAt = timeOf(e.payload, 'utskrivenAt') ?? e.sentAt;
      if (dischargedAt < admittedAt) {
        notes.push(`Utskrivningsmeddelandet (nr ${e.seq}) anger en tid före inskrivningen; räknas som inskrivningen ${show(admittedAt)}.`);
        dischargedAt = admittedAt;
      }
      if (open) {
        if (dischargedAt < open.readyAt) {
          notes.push(`Utskriven (nr ${e.seq}) före utskrivningsklar; ledtiden räknas som noll.`);
          dischargedAt = open.readyAt;
        }
        open.end = dischargedAt;
        open.endReason = 'utskriven';
      }
    }
  }

  const current = periods.at(-1);
  const admissionSent = admissionNotices[0]?.sentAt ?? null;
  const deadlines: Deadline[] = [];
  const deadline = (key: DeadlineKey, due: Date, metAt: Date | null): Deadline => {
    const state: DeadlineState = metAt ? (metAt <= due ? 'uppfylld' : 'uppfylld_sent') : now > due ? 'forsenad' : 'kommande';
    return {
      key,
      label: LABELS[key],
      dueAt: due.toISOString(),
      state,
      metAt: metAt?.toISOString() ?? null,
      hoursOverdue: state === 'forsenad' ? Math.floor((now.getTime() - due.getTime()) / HOUR) : null,
    };
  };

  // Admission notice within N hours of admission (or of the thread's opening, when later).
  deadlines.push(
    deadline('inskrivningsmeddelande', new Date(admittedAt.getTime() + rules.frister.inskrivningsmeddelandeTimmar * HOUR), admissionSent),
  );

  // SIP summons within N days of the first ready notice, when primary care and the municipality both take part.
  const municipal = thread.participantKinds.some((k) => k === 'sof' || k === 'hemsjukvard' || k === 'hemtjanst');
  if (periods.length && municipal && thread.participantKinds.includes('primarvard')) {
    const sip = rules.frister.sipKallelse;
    const due = startOfDay(addDays(countDays(localDate(periods[0].noticeAt), sip.dagar, sip.dagtyp), 1));
    const summons = events.find((e) => e.kind === 'sip_kallelse');
    deadlines.push(deadline('sip_kallelse', due, summons?.sentAt ?? null));
  }

  // Payment liability: needs the admission notice sent before the ready notice.
  let paymentDays = 0;
  let liabilityFrom: Date | null = null;
  const today = localDate(now);
  periods.forEach((p, i) => {
    if (!admissionSent || admissionSent > p.noticeAt) {
      if (i === periods.length - 1)
        notes.push('Inget betalningsansvar: inskrivningsmeddelandet skickades inte före underrättelsen om utskrivningsklar.');
      return;
    }
    const first = liabilityStart(p.noticeAt, rules);
    // The day the patient leaves (or the avbrott falls) is not a payment day; today is, while it lasts.
    const endExclusive = p.end ? localDate(p.end) : addDays(today, 1);
    paymentDays += Math.max(0, daysBetween(first, endExclusive));
    if (i === periods.length - 1) liabilityFrom = startOfDay(first);
  });
  if (current && liabilityFrom) {
    // Discharged or paused before liability began: met in time; after: met late; neither: running or coming.
    deadlines.push(deadline('betalningsansvar', liabilityFrom, current.end));
  }

  const pending = deadlines.filter((d) => d.state === 'kommande' || d.state === 'forsenad').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const leadTimeHours =
    dischargedAt && periods.length
      ? periods.reduce((sum, p) => sum + ((p.end ?? dischargedAt!).getTime() - p.readyAt.getTime()), 0) / HOUR
      : null;
  const dischargeDate = dischargedAt ? localDate(dischargedAt) : thread.plannedDischargeDate;
  const state: ClockState = dischargedAt ? 'utskriven' : !current ? 'ej_utskrivningsklar' : current.end ? 'avbrott' : 'utskrivningsklar';
  return {
    region: rules.region,
    state,
    admittedAt: admittedAt.toISOString(),
    utskrivningsklarSince: current?.readyAt.toISOString() ?? null,
    betalningsansvarFrom: (liabilityFrom as Date | null)?.toISOString() ?? null,
    paymentDays,
    cost: paymentDays * rules.betalningsansvar.dygnskostnadKr,
    pausedByAvbrott: state === 'avbrott' && current?.end ? { since: current.end.toISOString(), orsak: current.orsak } : null,
    avbrottCount,
    dischargedAt: dischargedAt?.toISOString() ?? null,
    leadTimeHours: leadTimeHours === null ? null : Math.round(leadTimeHours * 100) / 100,
    dischargedSameDay: dischargedAt && current ? localDate(current.readyAt) === localDate(dischargedAt) : null,
    dischargeDay: dischargeDate ? { date: dischargeDate, nonWorking: nonWorkingReason(dischargeDate) } : null,
    deadlines,
    // Once discharged nothing is pending for the inbox: what was missed stays in `deadlines`.
    nextDeadline: dischargedAt ? null : (pending[0] ?? null),
    overdue: !dischargedAt && pending.some((d) => d.state === 'forsenad'),
    notes,
  };
}
