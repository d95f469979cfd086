import { daysBetween, localDate, type ThreadClock } from '@brygga/deadlines';
import { median } from './median';
import type { Outcomes, SipHeld } from './statistics.types';

/**
 * The outcome figures of issue 25 (SKL's Trygg hemgång and Region Gotland's report), each by one
 * definition, written in docs/statistics.md. Inputs are what the timeline recorded per thread:
 * the home phase's rows and the SIP plan's versions and evaluations.
 */
export interface OutcomeThread {
  /** The hemgångsbeslut in force (the latest not corrected), as posted. */
  granted: { beviljadeTimmar: number; per: string; giltigtFran: string; giltigtTill?: string } | null;
  /** Delivered hours as the provider reported them per week, with the reporting unit. */
  delivered: { unitId: string; hours: number }[];
  /** The start and end measurements (one of each at most). */
  measurements: { moment: string; safety: number | null; adl: string | null }[];
  /** Home-care hours per week by when (the latest record of each kind). */
  homeCareHours: { kind: string; hours: number }[];
  /** The SIP plan's versions: the meeting each records. */
  sipVersions: { version: number; motesdatum: string; plats: string; typ: string }[];
  /** The latest evaluation's result per goal (uppnatt | delvis | ej_uppnatt), or null if none. */
  goalResults: string[] | null;
}

export const NO_OUTCOME: OutcomeThread = {
  granted: null,
  delivered: [],
  measurements: [],
  homeCareHours: [],
  sipVersions: [],
  goalResults: null,
};

const round = (value: number, decimals = 1) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const mean = (values: number[]) => ({
  n: values.length,
  mean: values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null,
});

/**
 * Hours granted over the decision's validity: a pot for the period as given; hours per day, week
 * or month times the days from giltigtFran to giltigtTill inclusive (a month counted as 30 days).
 * Without an end date the total cannot be known: null.
 */
export function grantedHours(granted: OutcomeThread['granted']): number | null {
  if (!granted) return null;
  if (granted.per === 'period') return Number(granted.beviljadeTimmar);
  if (!granted.giltigtTill) return null;
  const days = daysBetween(granted.giltigtFran, granted.giltigtTill) + 1;
  if (days <= 0) return null;
  const perDay = { dag: 1, vecka: 1 / 7, manad: 1 / 30 }[granted.per];
  return perDay === undefined ? null : round(Number(granted.beviljadeTimmar) * perDay * days);
}

/** Calendar days (Swedish time) from the ready notice in force to the discharge: 0 is the same day. */
export function readyToDischargeDays(clock: ThreadClock): number | null {
  if (!clock.dischargedAt || !clock.utskrivningsklarSince) return null;
  return daysBetween(localDate(new Date(clock.utskrivningsklarSince)), localDate(new Date(clock.dischargedAt)));
}

/** Each distinct meeting date of the plan, described by the latest version that records it; held when dated today or before. */
export function sipMeetings(versions: OutcomeThread['sipVersions'], today: string): { month: string; plats: string; typ: string }[] {
  const byDate = new Map<string, OutcomeThread['sipVersions'][number]>();
  for (const v of [...versions].sort((a, b) => a.version - b.version)) byDate.set(v.motesdatum, v);
  return [...byDate.values()]
    .filter((v) => v.motesdatum <= today)
    .map((v) => ({ month: v.motesdatum.slice(0, 7), plats: v.plats, typ: v.typ }));
}

const KATZ = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

/** The outcome figures of a set of threads; `deliveredBy` limits delivered hours to those units' reports (a provider's own). */
export function outcomes(threads: { clock: ThreadClock; outcome: OutcomeThread }[], today: string, deliveredBy?: Set<string>): Outcomes {
  const days = threads.map((t) => readyToDischargeDays(t.clock)).filter((d): d is number => d !== null);
  const held = new Map<string, SipHeld>();
  for (const t of threads) {
    for (const m of sipMeetings(t.outcome.sipVersions, today)) {
      const key = `${m.month}|${m.plats}|${m.typ}`;
      const cell = held.get(key) ?? { ...m, count: 0 };
      cell.count = (cell.count ?? 0) + 1;
      held.set(key, cell);
    }
  }
  const decisions = threads.filter((t) => t.outcome.granted);
  const granted = decisions.map((t) => grantedHours(t.outcome.granted)).filter((h): h is number => h !== null);
  const delivered = threads.flatMap((t) => t.outcome.delivered).filter((d) => !deliveredBy || deliveredBy.has(d.unitId));
  const moment = (t: { outcome: OutcomeThread }, m: string) => t.outcome.measurements.find((x) => x.moment === m);
  const safety = threads
    .map((t) => [moment(t, 'start')?.safety, moment(t, 'slut')?.safety])
    .filter((p): p is [number, number] => typeof p[0] === 'number' && typeof p[1] === 'number')
    .map(([start, end]) => end - start);
  // Katz A (independent) to G: a step towards A is an improvement.
  const adl = threads
    .map((t) => [KATZ.indexOf(moment(t, 'start')?.adl ?? ''), KATZ.indexOf(moment(t, 'slut')?.adl ?? '')])
    .filter(([start, end]) => start >= 0 && end >= 0)
    .map(([start, end]) => start - end);
  const goals = threads.flatMap((t) => t.outcome.goalResults ?? []);
  const evaluatedThreads = threads.filter((t) => t.outcome.goalResults !== null).length;
  const hoursOf = (kind: string) =>
    threads.map((t) => t.outcome.homeCareHours.find((h) => h.kind === kind)?.hours).filter((h): h is number => h !== undefined);
  const reached = goals.filter((g) => g === 'uppnatt').length;
  return {
    readyToDischargeDays: { ...mean(days), median: median(days) },
    sipHeld: [...held.values()].sort(
      (a, b) => a.month.localeCompare(b.month) || a.plats.localeCompare(b.plats) || a.typ.localeCompare(b.typ),
    ),
    sipHeldCount: [...held.values()].reduce((n, c) => n + (c.count ?? 0), 0),
    hemgangsbeslut: {
      count: decisions.length,
      withHours: granted.length,
      hoursGranted: round(granted.reduce((a, b) => a + b, 0)),
      hoursDelivered: round(delivered.reduce((a, d) => a + d.hours, 0)),
    },
    safetyChange: mean(safety),
    adlChange: {
      n: adl.length,
      improved: adl.filter((d) => d > 0).length,
      unchanged: adl.filter((d) => d === 0).length,
      worsened: adl.filter((d) => d < 0).length,
      meanSteps: mean(adl).mean,
    },
    goals: {
      threads: evaluatedThreads,
      goals: goals.length,
      reached,
      partly: goals.filter((g) => g === 'delvis').length,
      notReached: goals.filter((g) => g === 'ej_uppnatt').length,
      shareReached: goals.length ? round(reached / goals.length, 3) : null,
    },
    homeCareHours: {
      beforeAdmission: mean(hoursOf('fore_inskrivning')),
      endOfPeriod: mean(hoursOf('efter_perioden')),
      after90Days: mean(hoursOf('efter_90_dagar')),
    },
  };
}
