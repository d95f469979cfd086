import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  validateSync,
} from 'class-validator';
import { DomainError, validationErrorsToFields, type OrgKind } from '@brygga/common';
import type { Thread, ThreadStatus } from './thread.entities';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' };
const DATETIME = { strict: true, strictSeparator: true };
const DATETIME_MESSAGE = { message: 'måste vara en tidpunkt (ISO 8601, t.ex. 2026-11-23T10:00:00+01:00)' };

class InskrivningsmeddelandePayload {
  @IsISO8601(DATETIME, DATETIME_MESSAGE) inskrivenAt: string;
  @IsOptional() @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) forvantatUtskrivningsdatum?: string;
  /** The ward's judgement of the support the patient will need after discharge. */
  @IsString() @MaxLength(4000) bedomtBehov: string;
}

class PlaneradUtskrivningPayload {
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) planeradUtskrivning: string;
}

class UtskrivningsklarPayload {
  @IsISO8601(DATETIME, DATETIME_MESSAGE) utskrivningsklarAt: string;
}

class AvbrottPayload {
  @IsISO8601(DATETIME, DATETIME_MESSAGE) avbrottAt: string;
  @IsString() @MaxLength(1000) orsak: string;
}

class UtskrivningsmeddelandePayload {
  @IsISO8601(DATETIME, DATETIME_MESSAGE) utskrivenAt: string;
  @IsOptional() @IsBoolean() lakemedelslistaBifogad?: boolean;
}

class SipKallelsePayload {
  @IsISO8601(DATETIME, DATETIME_MESSAGE) motesTid: string;
  @IsString() @MaxLength(200) plats: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true }) deltagare?: string[];
}

class HemgangsbeslutPayload {
  /** Granted hours of home care per period. */
  @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(744) beviljadeTimmar: number;
  @IsIn(['dag', 'vecka', 'manad']) per: 'dag' | 'vecka' | 'manad';
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) giltigtFran: string;
  @IsOptional() @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) giltigtTill?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(200, { each: true }) insatser?: string[];
}

class RedoPayload {
  /** From when the unit can receive the patient. */
  @IsISO8601(DATETIME, DATETIME_MESSAGE) redoFran: string;
}

class RedoAterkalladPayload {
  @IsOptional() @IsString() @MaxLength(1000) orsak?: string;
}

type ThreadChange = Partial<Pick<Thread, 'admittedAt' | 'plannedDischargeDate' | 'utskrivningsklarAt' | 'dischargedAt' | 'status'>>;

interface KindRule {
  payload?: new () => object;
  /** Free text must carry a body; structured kinds may add one. */
  bodyRequired: boolean;
  /** Only the owning ward may post it. */
  ownerOnly?: boolean;
  /** Organisation kinds that may post it (any participant when absent). */
  postedBy?: readonly OrgKind[];
  effect?: (payload: never, thread: Thread) => ThreadChange;
}

const advance = (thread: Thread, to: ThreadStatus, from: readonly ThreadStatus[]): ThreadStatus =>
  from.includes(thread.status) ? to : thread.status;

export const MESSAGE_KINDS = {
  fritext: { bodyRequired: true },
  inskrivningsmeddelande: {
    payload: InskrivningsmeddelandePayload,
    bodyRequired: false,
    ownerOnly: true,
    effect: (p: InskrivningsmeddelandePayload) => ({
      admittedAt: new Date(p.inskrivenAt),
      ...(p.forvantatUtskrivningsdatum ? { plannedDischargeDate: p.forvantatUtskrivningsdatum } : {}),
    }),
  },
  planerad_utskrivning: {
    payload: PlaneradUtskrivningPayload,
    bodyRequired: false,
    ownerOnly: true,
    effect: (p: PlaneradUtskrivningPayload, t: Thread) => ({
      plannedDischargeDate: p.planeradUtskrivning,
      status: advance(t, 'planering', ['inskriven']),
    }),
  },
  utskrivningsklar: {
    payload: UtskrivningsklarPayload,
    bodyRequired: false,
    ownerOnly: true,
    effect: (p: UtskrivningsklarPayload, t: Thread) => ({
      utskrivningsklarAt: new Date(p.utskrivningsklarAt),
      status: advance(t, 'utskrivningsklar', ['inskriven', 'planering', 'avbrott', 'utskrivningsklar']),
    }),
  },
  avbrott: {
    payload: AvbrottPayload,
    bodyRequired: false,
    ownerOnly: true,
    effect: (_: AvbrottPayload, t: Thread) => ({ status: advance(t, 'avbrott', ['utskrivningsklar']) }),
  },
  utskrivningsmeddelande: {
    payload: UtskrivningsmeddelandePayload,
    bodyRequired: false,
    ownerOnly: true,
    effect: (p: UtskrivningsmeddelandePayload, t: Thread) => ({
      dischargedAt: new Date(p.utskrivenAt),
      status: advance(t, 'utskriven', ['inskriven', 'planering', 'utskrivningsklar', 'avbrott', 'utskriven']),
    }),
  },
  sip_kallelse: { payload: SipKallelsePayload, bodyRequired: false },
  hemgangsbeslut: { payload: HemgangsbeslutPayload, bodyRequired: false, postedBy: ['sof'] },
  /** A receiving unit is ready to receive the patient from a time ("redo att ta emot"). */
  redo: { payload: RedoPayload, bodyRequired: false, postedBy: ['hemtjanst', 'hemsjukvard'] },
  /** The unit withdraws its readiness; its latest redo / redo_aterkallad decides. */
  redo_aterkallad: { payload: RedoAterkalladPayload, bodyRequired: false, postedBy: ['hemtjanst', 'hemsjukvard'] },
} satisfies Record<string, KindRule>;

export type MessageKind = keyof typeof MESSAGE_KINDS;
export const MESSAGE_KIND_NAMES = Object.keys(MESSAGE_KINDS) as MessageKind[];

export function kindRule(kind: MessageKind): KindRule {
  return MESSAGE_KINDS[kind] as KindRule;
}

/** Validates a structured payload against its kind; returns the clean (whitelisted) payload. */
export function validatePayload(kind: MessageKind, payload: unknown, body: string | undefined): Record<string, unknown> | null {
  const rule = kindRule(kind);
  if (rule.bodyRequired && !body?.trim()) throw new DomainError('validation', 'Ogiltiga uppgifter: body får inte vara tomt', [{ field: 'body', message: 'får inte vara tomt' }]);
  if (!rule.payload) {
    if (payload !== undefined && payload !== null) {
      throw new DomainError('validation', `Ogiltiga uppgifter: payload hör inte till meddelandetypen ${kind}`, [
        { field: 'payload', message: `hör inte till meddelandetypen ${kind}` },
      ]);
    }
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DomainError('validation', `Ogiltiga uppgifter: payload krävs för ${kind}`, [{ field: 'payload', message: `krävs för ${kind}` }]);
  }
  const instance = plainToInstance(rule.payload, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const fields = validationErrorsToFields(errors, 'payload');
    throw new DomainError('validation', `Ogiltiga uppgifter: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields);
  }
  return { ...(instance as Record<string, unknown>) };
}

export function threadChange(kind: MessageKind, payload: Record<string, unknown> | null, thread: Thread): ThreadChange {
  const rule = kindRule(kind);
  return rule.effect && payload ? rule.effect(payload as never, thread) : {};
}
