/** GET /api/threads/:id/home-phase: the phase after discharge as the thread's participants see it. */
export class HomeReceptionDto {
  messageId: string;
  unitId: string;
  unitName: string;
  /** When the patient was seen at home. */
  observedAt: string;
  /** When the unit recorded it in Brygga. */
  recordedAt: string;
}

export class HomeDeviationDto {
  messageId: string;
  /** lakemedel_saknas, hjalpmedel_saknas, insats_uteblev or annat. */
  category: string;
  reportedByUnitId: string;
  responsibleUnitId: string;
  responsibleUnitName: string;
  responsibleOrganisationName: string;
  /** oppen, besvarad or kvitterad. */
  state: string;
  reportedAt: string;
  closedAt: string | null;
  /** Whether one of the reader's units may answer it (a unit of the responsible organisation, while open). */
  mayAnswer: boolean;
}

export class HomePeriodDto {
  startDate: string;
  plannedEndDate: string;
  carryingUnitId: string;
  carryingUnitName: string;
  goals: string[];
  handedOverOn: string | null;
  handedOverTo: string | null;
  /** Started and not yet handed over. */
  running: boolean;
}

export class HomeMeasurementDto {
  /** start or slut. */
  moment: string;
  measuredAt: string;
  /** Upplevd trygghet 0–10. */
  safety: number | null;
  /** Katz ADL A–G. */
  adl: string | null;
  ratedBy: string | null;
}

export class GrantedHoursDto {
  hours: number;
  /** dag, vecka, manad or period. */
  per: string;
  from: string;
  to: string | null;
}

export class DeliveredWeekDto {
  weekFrom: string;
  hours: number;
  unitId: string;
}

export class RecordedHoursDto {
  /** fore_inskrivning, efter_perioden or efter_90_dagar. */
  kind: string;
  hoursPerWeek: number;
}

export class LongTermDecisionDto {
  decidedOn: string;
  hoursPerWeek: number;
  insatser: string[];
}

export class HomePhaseDto {
  threadId: string;
  /** fore_utskrivning, hemma (after discharge, the thread still open) or avslutad. */
  phase: string;
  dischargedAt: string | null;
  receptions: HomeReceptionDto[];
  deviations: HomeDeviationDto[];
  period: HomePeriodDto | null;
  measurements: HomeMeasurementDto[];
  granted: GrantedHoursDto | null;
  delivered: DeliveredWeekDto[];
  deliveredTotal: number;
  recordedHours: RecordedHoursDto[];
  longTermDecision: LongTermDecisionDto | null;
  /** What keeps the thread from being closed without a reason (Swedish). */
  openItems: string[];
}
