/**
 * The statistics' response shapes: classes, so the @nestjs/swagger CLI plugin describes them in
 * openapi.json (the web client's types are generated from it).
 */
export class LeadTime {
  median: number | null;
  p90: number | null;
}

export class Share {
  count: number;
  of: number;
  share: number | null;
}

export class TriageCounts {
  gron: number;
  gul: number;
  rod: number;
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
  n: number;
  mean: number | null;
}

export class DaysFigure {
  n: number;
  mean: number | null;
  median: number | null;
}

/** SIP meetings held in a month, by place (i_hemmet, pa_sjukhuset, digitalt, annat) and kind (forebyggande, vid_utskrivning). */
export class SipHeld {
  /** YYYY-MM */
  month: string;
  plats: string;
  typ: string;
  count: number;
}

export class HemgangsbeslutFigures {
  /** Threads with a hemgångsbeslut in force. */
  count: number;
  /** Of those, the decisions whose total hours can be known (a pot, or a rate with an end date). */
  withHours: number;
  hoursGranted: number;
  /** Reported by the providers, week by week (a provider sees its own). */
  hoursDelivered: number;
}

export class AdlChange {
  n: number;
  improved: number;
  unchanged: number;
  worsened: number;
  /** Mean steps towards Katz A (positive: better). */
  meanSteps: number | null;
}

export class GoalFigures {
  /** Threads with an evaluation of their SIP plan. */
  threads: number;
  /** Goals evaluated (the latest evaluation per thread). */
  goals: number;
  reached: number;
  partly: number;
  notReached: number;
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
  hemgangsbeslut: HemgangsbeslutFigures;
  /** Upplevd trygghet (0–10): end minus start, of the threads with both. */
  safetyChange: Mean;
  adlChange: AdlChange;
  goals: GoalFigures;
  /** Home-care hours per week, where recorded. */
  homeCareHours: HomeCareHours;
}

export class Figures {
  threads: number;
  discharged: number;
  /** Ready → discharged, avbrott excluded, in hours: median and 90th percentile (nearest rank). */
  leadTimeHours: LeadTime;
  /** Discharged on the calendar day of the (latest) ready notice, of those discharged after one. */
  sameDay: Share;
  paymentDays: number;
  cost: number;
  /** SIP summons in time, of the threads where the SIP deadline applies. */
  sipInTime: Share;
  avbrott: number;
  readmissions30: number;
  /**
   * "Utskriven före hemgångsklar": discharged although the plan did not fit (a receiving unit not
   * ready by then, the pick-up later, a required item open or an avbrott: the conflicts the
   * discharge check recorded with the discharge message in force), of those discharged.
   */
  dischargedBeforeReady: Share;
  /** Of those: recorded by an import without a person's confirmation. */
  dischargedBeforeReadyUnconfirmed: number;
  triage: TriageCounts;
  outcomes: Outcomes;
}

export class UnitFigures {
  unitId: string | null;
  unitName: string;
  figures: Figures;
}

export class Statistics {
  period: Period;
  region: string;
  dayRate: number;
  units: UnitFigures[];
  total: UnitFigures;
  /** How long the query and the derivation took, in milliseconds (BENCHMARKS.md). */
  tookMs: Took;
}
