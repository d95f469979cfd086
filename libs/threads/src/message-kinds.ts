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
import {
  KIND_RULES,
  POSTABLE_KINDS,
  type Assert,
  type Equal,
  type KindCapability,
  type KindRule as ContractKindRule,
  type MessagePayloads,
  type PostableKind,
  type StructuredKind,
} from '@brygga/contracts';
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

/** A kind's rule as the server applies it: the contract's (KIND_RULES), its validation class and its effect on the thread. */
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

/** The validation class of each structured kind; each implements the contract's payload exactly (below). */
const PAYLOADS = {
  inskrivningsmeddelande: InskrivningsmeddelandePayload,
  planerad_utskrivning: PlaneradUtskrivningPayload,
  utskrivningsklar: UtskrivningsklarPayload,
  avbrott: AvbrottPayload,
  utskrivningsmeddelande: UtskrivningsmeddelandePayload,
  permission: PermissionPayload,
  permission_slut: PermissionSlutPayload,
  dodsfall: DodsfallPayload,
  sip_kallelse: SipKallelsePayload,
  sip_svar: SipSvarPayload,
  kvittens: KvittensPayload,
  hemgangsbeslut: HemgangsbeslutPayload,
  redo: RedoPayload,
  redo_aterkallad: RedoAterkalladPayload,
  mottagen_hemma: MottagenHemmaPayload,
  avvikelse: AvvikelsePayload,
  avvikelse_svar: AvvikelseSvarPayload,
  trygg_hemgang_start: TryggHemgangStartPayload,
  matning: MatningPayload,
  hemtjanstimmar: HemtjanstimmarPayload,
  levererade_timmar: LevereradeTimmarPayload,
  langsiktigt_beslut: LangsiktigtBeslutPayload,
  overlamning: OverlamningPayload,
} satisfies { [K in StructuredKind]: new () => MessagePayloads[K] };

/**
 * Compile-time checks against @brygga/contracts: every validation class has exactly its kind's
 * payload fields (names, types, optionality), and posting needs only capabilities there are.
 */
export type PayloadClassesMatchContract = Assert<
  Equal<{ [K in StructuredKind]: InstanceType<(typeof PAYLOADS)[K]> }, { [K in StructuredKind]: MessagePayloads[K] }>
>;
export type KindCapabilitiesExist = Assert<KindCapability extends Capability ? true : false>;

const advance = (thread: Thread, to: ThreadStatus, from: readonly ThreadStatus[]): ThreadStatus =>
  from.includes(thread.status) ? to : thread.status;

/** What a kind changes on the thread (its dates and status). */
const EFFECTS: { [K in StructuredKind]?: (payload: MessagePayloads[K], thread: Thread) => ThreadChange } = {
  inskrivningsmeddelande: (p) => ({
    admittedAt: new Date(p.inskrivenAt),
    ...(p.forvantatUtskrivningsdatum ? { plannedDischargeDate: p.forvantatUtskrivningsdatum } : {}),
  }),
  planerad_utskrivning: (p, t) => ({
    plannedDischargeDate: p.planeradUtskrivning,
    status: advance(t, 'planering', ['inskriven']),
  }),
  utskrivningsklar: (p, t) => ({
    utskrivningsklarAt: new Date(p.utskrivningsklarAt),
    status: advance(t, 'utskrivningsklar', ['inskriven', 'planering', 'avbrott', 'utskrivningsklar']),
  }),
  avbrott: (_, t) => ({ status: advance(t, 'avbrott', ['utskrivningsklar']) }),
  utskrivningsmeddelande: (p, t) => ({
    dischargedAt: new Date(p.utskrivenAt),
    status: advance(t, 'utskriven', ['inskriven', 'planering', 'utskrivningsklar', 'avbrott', 'utskriven']),
  }),
};

function serverRule(kind: PostableKind): KindRule {
  const rule: ContractKindRule = KIND_RULES[kind];
  return {
    capability: rule.capability,
    bodyRequired: rule.bodyRequired,
    ownerOnly: rule.postedBy === 'owner',
    postedBy: typeof rule.postedBy === 'string' ? undefined : rule.postedBy,
    beforeDischargeOnly: rule.beforeDischargeOnly,
    afterDischargeOnly: rule.afterDischargeOnly,
    payload: kind === 'fritext' ? undefined : PAYLOADS[kind],
    effect: kind === 'fritext' ? undefined : (EFFECTS[kind] as KindRule['effect']),
  };
}

/** The server's rules, derived from the contract's KIND_RULES (who may post what, when). */
export const MESSAGE_KINDS = Object.fromEntries(POSTABLE_KINDS.map((kind) => [kind, serverRule(kind)])) as Record<PostableKind, KindRule>;

export type MessageKind = PostableKind;
export const MESSAGE_KIND_NAMES: readonly MessageKind[] = POSTABLE_KINDS;

export function kindRule(kind: MessageKind): KindRule {
  return MESSAGE_KINDS[kind];
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

export { EVENT_KINDS, SYSTEM_KINDS } from '@brygga/contracts';

export function threadChange(kind: MessageKind, payload: Record<string, unknown> | null, thread: Thread): ThreadChange {
  const rule = kindRule(kind);
  return rule.effect && payload ? rule.effect(payload as never, thread) : {};
}
