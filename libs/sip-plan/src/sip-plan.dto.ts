import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { SafeName, SafeText } from '@brygga/common';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' };
export const SIP_PLATSER = ['i_hemmet', 'pa_sjukhuset', 'digitalt', 'annat'] as const;
export const SIP_TYPER = ['forebyggande', 'vid_utskrivning'] as const;
export const GOAL_RESULTS = ['uppnatt', 'delvis', 'ej_uppnatt'] as const;

export class SipInsatsInput {
  /** What is done, e.g. "Hjälp med dusch". */
  @SafeName(300) vad: string;
  /** The participating unit (of the organisation) that gives it. */
  @IsUUID('all', { message: 'måste vara id för en enhet som deltar i ärendet' }) enhetId: string;
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) fran: string;
  /** How often, e.g. "morgon och kväll". */
  @SafeName(200) hurOfta: string;
}

export class SipDeltagareInput {
  @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true, message: 'måste vara enheters id' }) enheter: string[];
  @IsBoolean() patientenDeltog: boolean;
  @IsBoolean() narstaendeDeltog: boolean;
}

/** POST /api/threads/:id/sip-plan: a new version of the whole plan. */
export class SipPlanInput {
  /** Kartläggning: the person's situation. */
  @SafeText({ max: 4000, multiline: true }) situation: string;
  /** The person's own goals, in their words: at least one, none empty. */
  @IsArray()
  @ArrayMinSize(1, { message: 'ange minst ett mål med personens egna ord' })
  @ArrayMaxSize(20)
  @SafeText({ max: 500, each: true })
  mal: string[];
  @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => SipInsatsInput) insatser: SipInsatsInput[];
  /** The unit whose staff is SIP-ansvarig. */
  @IsUUID('all', { message: 'måste vara id för en enhet som deltar i ärendet' }) sipAnsvarigEnhet: string;
  @IsOptional() @SafeName(200) sipAnsvarigNamn?: string;
  @IsObject() @ValidateNested() @Type(() => SipDeltagareInput) deltagare: SipDeltagareInput;
  @IsIn(SIP_PLATSER, { message: 'måste vara i_hemmet, pa_sjukhuset, digitalt eller annat' }) plats: (typeof SIP_PLATSER)[number];
  @IsIn(SIP_TYPER, { message: 'måste vara forebyggande eller vid_utskrivning' }) typ: (typeof SIP_TYPER)[number];
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) motesdatum: string;
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) uppfoljningsdatum: string;
  /** The version this change starts from (absent for the first): a change on an old version is refused. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) grundversion?: number;
}

/** POST /api/threads/:id/sip-plan/accept: my unit accepts its part of this version. */
export class AcceptSipPlanDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsOptional() @IsUUID() unitId?: string;
}

/** POST /api/threads/:id/sip-plan/entries: a follow-up or an evaluation. */
export class SipPlanEntryInput {
  @IsIn(['uppfoljning', 'utvardering'], { message: 'måste vara uppfoljning eller utvardering' }) typ: 'uppfoljning' | 'utvardering';
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) datum: string;
  @SafeText({ max: 4000, multiline: true }) text: string;
  /** Evaluation: per goal of the current version, in order. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(GOAL_RESULTS, { each: true, message: 'måste vara uppnatt, delvis eller ej_uppnatt' })
  malResultat?: string[];
  @IsOptional() @IsUUID() unitId?: string;
}
