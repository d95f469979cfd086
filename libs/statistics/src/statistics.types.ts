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
