import type { ThreadClock } from '@brygga/deadlines';
import { median, percentile } from './median';
import { NO_OUTCOME, outcomes, type OutcomeThread } from './outcomes';
import type { Figures } from './statistics.types';

/** One thread as the statistics see it: its clock and what SQL adds (triage, readmission). */
export interface StatThread {
  clock: ThreadClock;
  triage: string;
  readmitted: boolean;
  /** The discharge message in force recorded conflicts with the plan: confirmed by the ward, or not (an import). */
  dischargeConflicts: 'bekraftad' | 'obekraftad' | null;
  /** The home phase and the SIP plan as recorded (outcomes.ts). */
  outcome?: OutcomeThread;
}

/** What the discharge check recorded with the thread's discharge message in force (the latest; a correction replaces it). */
export function dischargeConflicts(
  events: { kind: string; seq: number; payload: Record<string, unknown> | null }[],
): StatThread['dischargeConflicts'] {
  const discharge = events.filter((e) => e.kind === 'utskrivningsmeddelande').sort((a, b) => b.seq - a.seq)[0];
  const recorded = discharge?.payload?.konflikter;
  if (!Array.isArray(recorded) || !recorded.length) return null;
  return discharge.payload?.konfliktStatus === 'bekraftad' ? 'bekraftad' : 'obekraftad';
}

export { median, percentile };

const share = (count: number, of: number) => ({ count, of, share: of ? Math.round((count / of) * 1000) / 1000 : null });

/** The figures of a set of threads, every one from the same clock the thread view shows. */
export function figures(threads: StatThread[], today: string, deliveredBy?: Set<string>): Figures {
  const lead = threads.map((t) => t.clock.leadTimeHours).filter((h): h is number => h !== null);
  const sameDay = threads.filter((t) => t.clock.dischargedSameDay !== null);
  const sip = threads.map((t) => t.clock.deadlines.find((d) => d.key === 'sip_kallelse')).filter((d) => d !== undefined);
  const triage = { gron: 0, gul: 0, rod: 0 };
  for (const t of threads) if (t.triage in triage) triage[t.triage as keyof typeof triage] += 1;
  const discharged = threads.filter((t) => t.clock.dischargedAt);
  const againstPlan = discharged.filter((t) => t.dischargeConflicts !== null);
  return {
    threads: threads.length,
    discharged: discharged.length,
    leadTimeHours: { median: median(lead), p90: percentile(lead, 0.9) },
    sameDay: share(sameDay.filter((t) => t.clock.dischargedSameDay).length, sameDay.length),
    paymentDays: threads.reduce((n, t) => n + t.clock.paymentDays, 0),
    cost: threads.reduce((n, t) => n + t.clock.cost, 0),
    sipInTime: share(sip.filter((d) => d.state === 'uppfylld').length, sip.length),
    avbrott: threads.reduce((n, t) => n + t.clock.avbrottCount, 0),
    readmissions30: threads.filter((t) => t.readmitted).length,
    dischargedBeforeReady: share(againstPlan.length, discharged.length),
    dischargedBeforeReadyUnconfirmed: againstPlan.filter((t) => t.dischargeConflicts === 'obekraftad').length,
    triage,
    outcomes: outcomes(
      threads.map((t) => ({ clock: t.clock, outcome: t.outcome ?? NO_OUTCOME })),
      today,
      deliveredBy,
    ),
  };
}
