import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { IsOffsetDateTime, SafeName, SafeText } from '@brygga/common';
import { PlanView } from '@brygga/plan';

/** Swedish phone numbers: +46 or 0, then 6–12 digits with optional spaces or dashes (as thread facts). */
const PHONE = /^(\+46|0)[\d\s-]{6,15}$/;
export const TIMES_OF_DAY = ['formiddag', 'eftermiddag', 'kvall'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
export const TIME_OF_DAY_LABELS: Record<TimeOfDay, string> = {
  formiddag: 'förmiddag (8–12)',
  eftermiddag: 'eftermiddag (12–16)',
  kvall: 'kväll (16–19)',
};

/** The patient names a närstående. The personnummer travels in the body, never in a URL. */
export class GiveConsentDto {
  @IsString() @Length(10, 13, { message: 'måste vara ett personnummer (ÅÅÅÅMMDD-NNNN)' }) personnummer: string;
  /** The name the patient knows the närstående by (shown to the patient and to staff). */
  @SafeName(100) namn: string;
  /** The last day of access (inclusive). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' }) slutdatum: string;
  /** What the närstående may see: only the plan, never the staff's conversation or the log. */
  @IsIn(['plan'], { message: 'kan bara vara plan (närstående ser aldrig personalens meddelanden eller loggen)' }) omfattning: 'plan';
}

export class CallMeDto {
  @Matches(PHONE, { message: 'måste vara ett telefonnummer (t.ex. 070-123 45 67)' }) telefon: string;
  @IsIn(TIMES_OF_DAY, { message: 'måste vara formiddag, eftermiddag eller kvall' }) tidPaDagen: TimeOfDay;
}

/** "Jag har tagit del": optionally which published version the patient read. */
export class AcknowledgeDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) version?: number;
}

/** The patient's own rating of upplevd trygghet (0–10) at the start or the end of the Trygg hemgång period. */
export class RateSafetyDto {
  @IsIn(['start', 'slut'], { message: 'måste vara start eller slut' }) moment: 'start' | 'slut';
  @Type(() => Number)
  @IsInt({ message: 'måste vara ett heltal 0–10' })
  @Min(0, { message: 'måste vara 0–10' })
  @Max(10, { message: 'måste vara 0–10' })
  varde: number;
  /** When the patient felt this (defaults to now); not in the future, not before admission. */
  @IsOptional() @IsOffsetDateTime() observedAt?: string;
}

/** A withdrawal: why, for the access log (optional). */
export class WithdrawConsentDto {
  @IsOptional() @SafeText({ max: 300 }) orsak?: string;
}

export class AccountExportQueryDto {
  @IsIn(['csv', 'html']) format: 'csv' | 'html';
}

// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.

export class ConsentDto {
  id: string;
  namn: string;
  omfattning: 'plan';
  /** YYYY-MM-DD, the last day of access. */
  slutdatum: string;
  givetAt: string;
  aterkallatAt: string | null;
  /** aktivt; utgatt (the end date has passed); aterkallat. */
  status: 'aktivt' | 'utgatt' | 'aterkallat';
}

export class ConsentListDto {
  samtycken: ConsentDto[];
}

export class CitizenMeDto {
  namn: string;
  csrfToken: string;
  /** Brygga has a patient record for this person. */
  arPatient: boolean;
  /** The patients whose plans this person may read as närstående now (first names only). */
  narstaendeTill: string[];
}

/** What a patient's answer wrote: the entry in the thread, to whom. */
export class CitizenAnswerDto {
  messageId: string;
  /** The unit the answer went to (the ward before discharge, SOF after). */
  till: string;
}

/** A published plan as a citizen reads it. */
export class CitizenPlanDto {
  /** The reader's role for this plan: the patient, or a närstående the patient chose. */
  roll: 'patient' | 'narstaende';
  /** For a närstående: whose plan it is (first name); null for the patient. */
  patientFornamn: string | null;
  plan: PlanView;
  /** The safety question while a Trygg hemgång period runs (the patient only); null otherwise. */
  trygghet: CitizenSafetyQuestionDto | null;
}

export class CitizenSafetyQuestionDto {
  /** The moment to rate now: start at once, slut in the period's last days; null when nothing is asked now. */
  moment: 'start' | 'slut' | null;
  /** The moments already measured (by the patient or by staff with them). */
  besvarade: ('start' | 'slut')[];
}

export class CitizenPlanListDto {
  /** Empty when nothing is published yet (a friendly empty page, not an error). */
  planer: CitizenPlanDto[];
}

export class CitizenLogoutDto {
  loggedOut: boolean;
}
