/**
 * The statistics' response shapes: classes, so the @nestjs/swagger CLI plugin describes them in
 * openapi.json (the web client's types are generated from it).
 */
export class LeadTime {
  median: number | null;
  p90: number | null;
}

export class Share {
  count: number | null;
  of: number | null;
  share: number | null;
}

export class TriageCounts {
  gron: number | null;
  gul: number | null;
  rod: number | null;
}

export class Period {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD */
  to: string;
}

export class Took {
  query: number;
  derive: number;
}

export class Mean {
  /** How many threads the mean is of. */
  n: number | null;
  mean: number | null;
}

export class DaysFigure {
  n: number | null;
  mean: number | null;
  median: number | null;
}

/** SIP meetings held in a month, by place (i_hemmet, pa_sjukhuset, digitalt, annat) and kind (forebyggande, vid_utskrivning). */
export class SipHeld {
  /** YYYY-MM */
  month: string;
  plats: string;
  typ: string;
  count: number | null;
}

export class HemgangsbeslutFigures {
  /** Threads with a hemgångsbeslut in force. */
  count: number | null;
  /** Of those, the decisions whose total hours can be known (a pot, or a rate with an end date). */
  withHours: number | null;
  hoursGranted: number | null;
  /** Reported by the providers, week by week (a provider sees its own). */
  hoursDelivered: number | null;
}

export class AdlChange {
  n: number | null;
  improved: number | null;
  unchanged: number | null;
  worsened: number | null;
  /** Mean steps towards Katz A (positive: better). */
  meanSteps: number | null;
}

export class GoalFigures {
  /** Threads with an evaluation of their SIP plan. */
  threads: number | null;
  /** Goals evaluated (the latest evaluation per thread). */
  goals: number | null;
  reached: number | null;
  partly: number | null;
  notReached: number | null;
  shareReached: number | null;
}

export class HomeCareHours {
  beforeAdmission: Mean;
  endOfPeriod: Mean;
  after90Days: Mean;
}

/** The outcome figures (docs/statistics.md defines each). */
export class Outcomes {
  /** Calendar days from the ready notice in force to discharge. */
  readyToDischargeDays: DaysFigure;
  sipHeld: SipHeld[];
  /** All SIP meetings held (the sum of sipHeld). */
  sipHeldCount: number | null;
  hemgangsbeslut: HemgangsbeslutFigures;
  /** Upplevd trygghet (0–10): end minus start, of the threads with both. */
  safetyChange: Mean;
  adlChange: AdlChange;
  goals: GoalFigures;
  /** Home-care hours per week, where recorded. */
  homeCareHours: HomeCareHours;
}

export class Figures {
  threads: number | null;
  discharged: number | null;
  /** Ready → discharged, avbrott excluded, in hours: median and 90th percentile (nearest rank). */
  leadTimeHours: LeadTime;
  /** Discharged on the calendar day of the (latest) ready notice, of those discharged after one. */
  sameDay: Share;
  paymentDays: number | null;
  cost: number | null;
  /** SIP summons in time, of the threads where the SIP deadline applies. */
  sipInTime: Share;
  avbrott: number | null;
  readmissions30: number | null;
  /**
   * "Utskriven före hemgångsklar": discharged although the plan did not fit (a receiving unit not
   * ready by then, the pick-up later, a required item open or an avbrott: the conflicts the
   * discharge check recorded with the discharge message in force), of those discharged.
   */
  dischargedBeforeReady: Share;
  /** Of those: recorded by an import without a person's confirmation. */
  dischargedBeforeReadyUnconfirmed: number | null;
  triage: TriageCounts;
  outcomes: Outcomes;
}

export class UnitFigures {
  unitId: string | null;
  unitName: string;
  figures: Figures;
  /** The figures suppressed (null) so that no patient can be identified: paths such as 'sameDay.count'. */
  suppressed: string[];
}

export class Statistics {
  period: Period;
  region: string;
  dayRate: number;
  units: UnitFigures[];
  /** The same threads per discharging ward (the thread's owning ward): SOF's view of where patients come from. */
  wards: UnitFigures[];
  total: UnitFigures;
  /** Whether the payment liability's cost is shown: not to a provider (hemtjänst), whose figures are its own delivery. */
  costShown: boolean;
  /** The small-cell rule, as the page states it beside the figures. */
  rule: string;
  /** How long the query and the derivation took, in milliseconds (BENCHMARKS.md). */
  tookMs: Took;
}
