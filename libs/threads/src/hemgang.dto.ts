import { ApiProperty } from '@nestjs/swagger';

export const HEMGANG_STATES = ['ej_klar', 'klar', 'kontrollera_tiderna', 'utskriven'] as const;
export type HemgangState = (typeof HEMGANG_STATES)[number];

/** What one responsible party still has to do (Swedish). */
export class HemgangMissingGroup {
  /** Who is responsible, for people: "Hemtjänst Norr", "Hemsjukvård", "Slutenvård". */
  ansvarig: string;
  punkter: string[];
}

/**
 * The thread's one derived going-home state, with its reason (libs/checklists hemgang-status.ts):
 * ej_klar (what is missing per responsible party), klar (from a time), kontrollera_tiderna (the
 * times do not fit: amber) and, once the patient has left, utskriven.
 */
export class HemgangStatus {
  @ApiProperty({ enum: HEMGANG_STATES }) state: HemgangState;
  /** klar / kontrollera_tiderna: the earliest moment the patient can be received; utskriven: the discharge time. */
  fran: string | null;
  /** ej_klar: what is missing, grouped per responsible party. */
  saknas: HemgangMissingGroup[];
  /** Why the times must be checked (Swedish); also shown while ej_klar. */
  kontrollera: string[];
  /** utskriven: the discharge went against the plan (conflicts recorded with the discharge message). */
  utskrivenForeHemgangsklar?: boolean;
  /** The booked pick-up (the transport checklist's time, when done), before discharge: the receiving units' inbox shows it. */
  upphamtning?: string;
}
