import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsOffsetDateTime, SafeName, SafeText } from '@brygga/common';
import {
  AVVIKELSE_KATEGORIER,
  HEMTJANSTTIMMAR_TIDPUNKTER,
  KATZ_ADL,
  MATNING_MOMENT,
  SKATTAD_AV,
  type AvvikelseKategori,
  type HemtjanstimmarTidpunkt,
  type KatzAdl,
  type MatningMoment,
  type SkattadAv,
} from '@brygga/contracts';

/**
 * The home phase's message kinds (after discharge: mottagen hemma, avvikelser, the Trygg hemgång
 * period, its measurements and hours). The payloads are checked here; the rules that need the
 * thread's state (a participant, a second start, before admission) are checked by libs/home-phase
 * in the post's transaction.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' };
/** Hours in a week: delivered or granted hours per week cannot exceed it. */
export const HOURS_PER_WEEK = 168;

export class MottagenHemmaPayload {
  /** When the patient was observed to be at home (the message's own time is when it was recorded). */
  @IsOffsetDateTime() mottagenAt: string;
}

export class AvvikelsePayload {
  @IsIn(AVVIKELSE_KATEGORIER, { message: 'måste vara lakemedel_saknas, hjalpmedel_saknas, insats_uteblev eller annat' })
  kategori: AvvikelseKategori;
  @SafeText({ max: 2000, multiline: true }) beskrivning: string;
  /** The unit (of the responsible organisation) that must answer; it must take part in the thread. */
  @IsUUID('all', { message: 'måste vara id för en enhet som deltar i ärendet' }) ansvarigEnhet: string;
}

export class AvvikelseSvarPayload {
  @IsUUID('all', { message: 'måste vara id för en avvikelse' }) avvikelseId: string;
  @SafeText({ max: 2000, multiline: true }) svar: string;
}

export class TryggHemgangStartPayload {
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) startdatum: string;
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) planeratSlut: string;
  /** The unit that carries the period (e.g. the Trygg hemgång team); it must take part. */
  @IsUUID('all', { message: 'måste vara id för en enhet som deltar i ärendet' }) barandeEnhet: string;
  /** The person's goals for the period, in their words. */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @SafeText({ max: 500, each: true }) mal?: string[];
}

/** A measurement at the start or the end of the period: upplevd trygghet (0–10) and/or Katz ADL (A–G). */
export class MatningPayload {
  @IsIn(MATNING_MOMENT, { message: 'måste vara start eller slut' }) moment: MatningMoment;
  @IsOffsetDateTime() matdAt: string;
  @ValidateIf((o: MatningPayload) => o.trygghet !== undefined || o.adl === undefined)
  @Type(() => Number)
  @IsInt({ message: 'upplevd trygghet måste vara ett heltal 0–10' })
  @Min(0, { message: 'upplevd trygghet måste vara 0–10' })
  @Max(10, { message: 'upplevd trygghet måste vara 0–10' })
  trygghet?: number;
  @ValidateIf((o: MatningPayload) => o.adl !== undefined || o.trygghet === undefined)
  @IsIn(KATZ_ADL, { message: 'ADL enligt Katz måste vara A–G' })
  adl?: KatzAdl;
  /** Who answered the safety question: the patient themself, or staff together with the patient. */
  @IsOptional() @IsIn(SKATTAD_AV, { message: 'måste vara patienten eller personal_med_patienten' }) skattadAv?: SkattadAv;
}

/** Home-care hours per week: before admission, right after the period, or some months after discharge. */
export class HemtjanstimmarPayload {
  @IsIn(HEMTJANSTTIMMAR_TIDPUNKTER, { message: 'måste vara fore_inskrivning, efter_perioden eller efter_90_dagar' })
  tidpunkt: HemtjanstimmarTidpunkt;
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'måste vara ett antal timmar per vecka' })
  @Min(0, { message: 'kan inte vara negativt' })
  @Max(HOURS_PER_WEEK, { message: 'kan inte vara fler än veckans 168 timmar' })
  timmarPerVecka: number;
}

/** The provider's weekly report of the hours it delivered under the hemgångsbeslut. */
export class LevereradeTimmarPayload {
  /** The first day of the week reported (YYYY-MM-DD). */
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) veckaFran: string;
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'måste vara ett antal timmar' })
  @Min(0, { message: 'levererade timmar kan inte vara negativa' })
  @Max(HOURS_PER_WEEK, { message: 'kan inte vara fler än veckans 168 timmar' })
  timmar: number;
}

/** SOF's long-term decision after the assessment at home. */
export class LangsiktigtBeslutPayload {
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) beslutsdatum: string;
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'måste vara ett antal timmar per vecka' })
  @Min(0, { message: 'kan inte vara negativt' })
  @Max(HOURS_PER_WEEK, { message: 'kan inte vara fler än veckans 168 timmar' })
  timmarPerVecka: number;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @SafeName(200, { each: true }) insatser?: string[];
}

/** The Trygg hemgång period ends: the person goes on with ordinary insatser. */
export class OverlamningPayload {
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) overlamnadDatum: string;
  /** To what: e.g. "ordinarie hemtjänst", "inga insatser". */
  @SafeName(200) till: string;
}
