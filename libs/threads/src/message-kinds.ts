import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  ValidateIf,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import {
  DomainError,
  fieldsException,
  IsOffsetDateTime,
  SafeName,
  SafeText,
  validationErrorsToFields,
  type Capability,
  type OrgKind,
} from '@brygga/common';
import type { Thread, ThreadStatus } from './thread.entities';
import {
  AvvikelsePayload,
  AvvikelseSvarPayload,
  HemtjanstimmarPayload,
  LangsiktigtBeslutPayload,
  LevereradeTimmarPayload,
  MatningPayload,
  MottagenHemmaPayload,
  OverlamningPayload,
  TryggHemgangStartPayload,
} from './home-phase-kinds';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' };

class InskrivningsmeddelandePayload {
  @IsOffsetDateTime() inskrivenAt: string;
  @IsOptional() @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) forvantatUtskrivningsdatum?: string;
  /** The ward's judgement of the support the patient will need after discharge. */
  @SafeText({ max: 4000, multiline: true }) bedomtBehov: string;
}

class PlaneradUtskrivningPayload {
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) planeradUtskrivning: string;
}

class UtskrivningsklarPayload {
  @IsOffsetDateTime() utskrivningsklarAt: string;
}

class AvbrottPayload {
  @IsOffsetDateTime() avbrottAt: string;
  @SafeText({ max: 1000, multiline: true }) orsak: string;
}

class UtskrivningsmeddelandePayload {
  @IsOffsetDateTime() utskrivenAt: string;
  @IsOptional() @IsBoolean() lakemedelslistaBifogad?: boolean;
  /** The medication list as one of the message's attachments (its id, one of attachmentIds). */
  @IsOptional() @IsUUID('all', { message: 'måste vara id för en av meddelandets bilagor' }) lakemedelslistaBilaga?: string;
  /**
   * The ward discharges although the plan does not fit (GET …/discharge-check lists what): without
   * it such a discharge answers 409. Brygga then records the conflicts with the message
   * (`konflikter`, `konfliktStatus`), fields no client can send.
   */
  @IsOptional() @IsBoolean() bekraftaTrotsKonflikter?: boolean;
  /** Why the patient is discharged anyway; required with bekraftaTrotsKonflikter. */
  @ValidateIf((o: UtskrivningsmeddelandePayload) => o.bekraftaTrotsKonflikter === true || o.orsak !== undefined)
  @IsDefined({ message: 'krävs när utskrivningen bekräftas trots att planen inte stämmer' })
  @SafeText({ max: 1000, multiline: true })
  orsak?: string;
}

/** The patient leaves the ward on leave (permission; MedCom's start-leave-inpatient). */
class PermissionPayload {
  @IsOffsetDateTime() permissionFran: string;
}

/** The patient is back from leave (MedCom's end-leave-inpatient). */
class PermissionSlutPayload {
  @IsOffsetDateTime() aterkomstAt: string;
}

/** The patient died during the hospital stay (MedCom's deceased HospitalNotification). */
class DodsfallPayload {
  @IsOffsetDateTime() avlidenAt: string;
}

class SipKallelsePayload {
  @IsOffsetDateTime() motesTid: string;
  @SafeName(200) plats: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @SafeName(200, { each: true }) deltagare?: string[];
  /** The participating units summoned; they answer with sip_svar. Absent: every other participant. */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true, message: 'måste vara enheters id' }) inbjudnaEnheter?: string[];
}

/** A summoned unit's answer to a SIP summons. */
class SipSvarPayload {
  @IsUUID('all', { message: 'måste vara id för en SIP-kallelse' }) kallelseId: string;
  @IsIn(['accepterar', 'avbojer', 'foreslar_annan_tid'], { message: 'måste vara accepterar, avbojer eller foreslar_annan_tid' }) svar:
    'accepterar' | 'avbojer' | 'foreslar_annan_tid';
  @ValidateIf((o: SipSvarPayload) => o.svar === 'avbojer' || o.orsak !== undefined)
  @SafeText({ max: 1000, multiline: true })
  orsak?: string;
  @ValidateIf((o: SipSvarPayload) => o.svar === 'foreslar_annan_tid' || o.foreslagenTid !== undefined)
  @IsOffsetDateTime({ message: 'krävs när ni föreslår en annan tid (en tidpunkt med tidszon, t.ex. 2026-11-23T10:00:00+01:00)' })
  foreslagenTid?: string;
}

/** A receiving unit acknowledges a structured message, with an optional comment. */
class KvittensPayload {
  @IsUUID('all', { message: 'måste vara id för ett meddelande' }) meddelandeId: string;
  @IsOptional() @SafeText({ max: 1000, multiline: true }) kommentar?: string;
}

class HemgangsbeslutPayload {
  /**
   * Granted hours of home care per day, week or month, or (per: 'period') a pot of hours for the
   * whole period from giltigtFran to giltigtTill, to be used as the patient needs (Gotland's model).
   */
  @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(2000) beviljadeTimmar: number;
  @IsIn(['dag', 'vecka', 'manad', 'period']) per: 'dag' | 'vecka' | 'manad' | 'period';
  @Matches(DATE, DATE_MESSAGE) @IsISO8601({ strict: true }, DATE_MESSAGE) giltigtFran: string;
  @ValidateIf((o: HemgangsbeslutPayload) => o.per === 'period' || o.giltigtTill !== undefined)
  @Matches(DATE, { message: 'krävs för en pott timmar för perioden (ÅÅÅÅ-MM-DD)' })
  @IsISO8601({ strict: true }, DATE_MESSAGE)
  giltigtTill?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @SafeName(200, { each: true }) insatser?: string[];
}

class RedoPayload {
  /** From when the unit can receive the patient. */
  @IsOffsetDateTime() redoFran: string;
}

class RedoAterkalladPayload {
  @IsOptional() @SafeText({ max: 1000, multiline: true }) orsak?: string;
}

type ThreadChange = Partial<Pick<Thread, 'admittedAt' | 'plannedDischargeDate' | 'utskrivningsklarAt' | 'dischargedAt' | 'status'>>;

interface KindRule {
  /** What the author's role in the posting unit must grant (see ROLE_CAPABILITIES). */
  capability: Capability;
  payload?: new () => object;
  /** Free text must carry a body; structured kinds may add one. */
  bodyRequired: boolean;
  /** Only the owning ward may post it. */
  ownerOnly?: boolean;
  /** Organisation kinds that may post it (any participant when absent). */
  postedBy?: readonly OrgKind[];
  /** The ward's admission-phase notices: pointless once the patient is discharged. */
  beforeDischargeOnly?: boolean;
  /** The home phase's reports: only once the patient has been discharged. */
  afterDischargeOnly?: boolean;
  effect?: (payload: never, thread: Thread) => ThreadChange;
}

const advance = (thread: Thread, to: ThreadStatus, from: readonly ThreadStatus[]): ThreadStatus =>
  from.includes(thread.status) ? to : thread.status;

export const MESSAGE_KINDS = {
  fritext: { capability: 'message.post', bodyRequired: true },
  inskrivningsmeddelande: {
    capability: 'discharge.notify',
    payload: InskrivningsmeddelandePayload,
    bodyRequired: false,
    ownerOnly: true,
    beforeDischargeOnly: true,
    effect: (p: InskrivningsmeddelandePayload) => ({
      admittedAt: new Date(p.inskrivenAt),
      ...(p.forvantatUtskrivningsdatum ? { plannedDischargeDate: p.forvantatUtskrivningsdatum } : {}),
    }),
  },
  planerad_utskrivning: {
    capability: 'discharge.notify',
    payload: PlaneradUtskrivningPayload,
    bodyRequired: false,
    ownerOnly: true,
    beforeDischargeOnly: true,
    effect: (p: PlaneradUtskrivningPayload, t: Thread) => ({
      plannedDischargeDate: p.planeradUtskrivning,
      status: advance(t, 'planering', ['inskriven']),
    }),
  },
  utskrivningsklar: {
    capability: 'discharge.notify',
    payload: UtskrivningsklarPayload,
    bodyRequired: false,
    ownerOnly: true,
    beforeDischargeOnly: true,
    effect: (p: UtskrivningsklarPayload, t: Thread) => ({
      utskrivningsklarAt: new Date(p.utskrivningsklarAt),
      status: advance(t, 'utskrivningsklar', ['inskriven', 'planering', 'avbrott', 'utskrivningsklar']),
    }),
  },
  avbrott: {
    capability: 'discharge.notify',
    payload: AvbrottPayload,
    bodyRequired: false,
    ownerOnly: true,
    beforeDischargeOnly: true,
    effect: (_: AvbrottPayload, t: Thread) => ({ status: advance(t, 'avbrott', ['utskrivningsklar']) }),
  },
  utskrivningsmeddelande: {
    capability: 'discharge.notify',
    payload: UtskrivningsmeddelandePayload,
    bodyRequired: false,
    ownerOnly: true,
    effect: (p: UtskrivningsmeddelandePayload, t: Thread) => ({
      dischargedAt: new Date(p.utskrivenAt),
      status: advance(t, 'utskriven', ['inskriven', 'planering', 'utskrivningsklar', 'avbrott', 'utskriven']),
    }),
  },
  // Leave and death: the ward's HospitalNotifications a municipal system acts on (libs/fhir sends them as MedCom's).
  permission: {
    capability: 'discharge.notify',
    payload: PermissionPayload,
    bodyRequired: false,
    ownerOnly: true,
    beforeDischargeOnly: true,
  },
  permission_slut: {
    capability: 'discharge.notify',
    payload: PermissionSlutPayload,
    bodyRequired: false,
    ownerOnly: true,
    beforeDischargeOnly: true,
  },
  dodsfall: { capability: 'discharge.notify', payload: DodsfallPayload, bodyRequired: false, ownerOnly: true, beforeDischargeOnly: true },
  sip_kallelse: { capability: 'message.post', payload: SipKallelsePayload, bodyRequired: false },
  sip_svar: { capability: 'message.post', payload: SipSvarPayload, bodyRequired: false },
  kvittens: { capability: 'message.post', payload: KvittensPayload, bodyRequired: false },
  hemgangsbeslut: { capability: 'decision.post', payload: HemgangsbeslutPayload, bodyRequired: false, postedBy: ['sof'] },
  /** A receiving unit is ready to receive the patient from a time ("redo att ta emot"). */
  redo: { capability: 'readiness.declare', payload: RedoPayload, bodyRequired: false, postedBy: ['hemtjanst', 'hemsjukvard'] },
  /** The unit withdraws its readiness; its latest redo / redo_aterkallad decides. */
  redo_aterkallad: {
    capability: 'readiness.declare',
    payload: RedoAterkalladPayload,
    bodyRequired: false,
    postedBy: ['hemtjanst', 'hemsjukvard'],
  },
  // The home phase (libs/home-phase checks the rules that need the thread's state and keeps its tables).
  /** A receiving unit saw the patient at home, at the observed time. */
  mottagen_hemma: {
    capability: 'message.post',
    payload: MottagenHemmaPayload,
    bodyRequired: false,
    postedBy: ['hemtjanst', 'hemsjukvard'],
    afterDischargeOnly: true,
  },
  /** Something missing or not done at home, routed to the unit that must answer. */
  avvikelse: { capability: 'message.post', payload: AvvikelsePayload, bodyRequired: false, afterDischargeOnly: true },
  avvikelse_svar: { capability: 'message.post', payload: AvvikelseSvarPayload, bodyRequired: false },
  trygg_hemgang_start: {
    capability: 'message.post',
    payload: TryggHemgangStartPayload,
    bodyRequired: false,
    postedBy: ['sof', 'hemtjanst', 'hemsjukvard'],
  },
  matning: { capability: 'message.post', payload: MatningPayload, bodyRequired: false, postedBy: ['sof', 'hemtjanst', 'hemsjukvard'] },
  hemtjanstimmar: { capability: 'message.post', payload: HemtjanstimmarPayload, bodyRequired: false, postedBy: ['sof', 'hemtjanst'] },
  levererade_timmar: {
    capability: 'message.post',
    payload: LevereradeTimmarPayload,
    bodyRequired: false,
    postedBy: ['hemtjanst'],
    afterDischargeOnly: true,
  },
  langsiktigt_beslut: { capability: 'decision.post', payload: LangsiktigtBeslutPayload, bodyRequired: false, postedBy: ['sof'] },
  overlamning: {
    capability: 'message.post',
    payload: OverlamningPayload,
    bodyRequired: false,
    postedBy: ['sof', 'hemtjanst', 'hemsjukvard'],
    afterDischargeOnly: true,
  },
} satisfies Record<string, KindRule>;

export type MessageKind = keyof typeof MESSAGE_KINDS;
export const MESSAGE_KIND_NAMES = Object.keys(MESSAGE_KINDS) as MessageKind[];

export function kindRule(kind: MessageKind): KindRule {
  return MESSAGE_KINDS[kind] as KindRule;
}

/** Validates a structured payload against its kind; returns the clean (whitelisted) payload. */
export function validatePayload(kind: MessageKind, payload: unknown, body: string | undefined): Record<string, unknown> | null {
  const rule = kindRule(kind);
  if (rule.bodyRequired && !body?.trim())
    throw new DomainError('validation', 'Ogiltiga uppgifter: body får inte vara tomt', [{ field: 'body', message: 'får inte vara tomt' }]);
  if (!rule.payload) {
    if (payload !== undefined && payload !== null) {
      throw new DomainError('validation', `Ogiltiga uppgifter: payload hör inte till meddelandetypen ${kind}`, [
        { field: 'payload', message: `hör inte till meddelandetypen ${kind}` },
      ]);
    }
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DomainError('validation', `Ogiltiga uppgifter: payload krävs för ${kind}`, [
      { field: 'payload', message: `krävs för ${kind}` },
    ]);
  }
  const instance = plainToInstance(rule.payload, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw fieldsException(validationErrorsToFields(errors, 'payload'));
  }
  return { ...(instance as Record<string, unknown>) };
}

/** The kinds a state allows: no admission notice once the patient has left. */
export function assertKindAllowedNow(kind: MessageKind, thread: Thread): void {
  if (kindRule(kind).beforeDischargeOnly && thread.status === 'utskriven') {
    throw new DomainError('conflict', `Patienten är utskriven: ${kind} kan inte längre skickas.`);
  }
  if (kindRule(kind).afterDischargeOnly && thread.status !== 'utskriven') {
    throw new DomainError('conflict', `Patienten är inte utskriven ännu: ${kind} hör till tiden hemma efter utskrivningen.`);
  }
}

/**
 * Timeline entries that record what happened to the thread rather than what someone wrote: they
 * do not count as unread, and the client groups them.
 */
export const EVENT_KINDS = [
  'checklista_tillagd',
  'checklista_andrad',
  'hemgangsklar',
  'deltagare_tillagd',
  'deltagare_borttagen',
  'agare_bytt',
  'arende_avslutat',
  'arende_makulerat',
  'uppgift_andrad',
  /** "Min hemgång" published (libs/plan). */
  'plan_publicerad',
  /** The SIP plan (libs/sip-plan): a new version, a unit's acceptance, a follow-up or evaluation. */
  'sip_plan_version',
  'sip_plan_accepterad',
  'sip_plan_anteckning',
] as const;

/** Entries Brygga writes itself (derived state), shown as from Brygga rather than the person whose action triggered them. */
export const SYSTEM_KINDS = ['hemgangsklar', 'bevakning'] as const;

export function threadChange(kind: MessageKind, payload: Record<string, unknown> | null, thread: Thread): ThreadChange {
  const rule = kindRule(kind);
  return rule.effect && payload ? rule.effect(payload as never, thread) : {};
}
