import type { AvvikelseKategori, HemtjanstimmarTidpunkt, KatzAdl, MatningMoment, OrgKind, SkattadAv } from './enums';

/**
 * The one definition of the message kinds: each kind's payload as a client sends it, who may post
 * it (KIND_RULES) and the timeline's event kinds. Derived from it or checked against it at compile
 * time: the server's validation classes and posting rules (libs/threads message-kinds.ts), the web
 * client's forms (apps/web/src/thread/kinds.ts) and the socket's message type (socket-events.ts);
 * test/message-kinds-contract.spec.ts checks the same at run time in `npm test`.
 */
export interface InskrivningsmeddelandePayload {
  inskrivenAt: string;
  forvantatUtskrivningsdatum?: string;
  /** The ward's judgement of the support the patient will need after discharge. */
  bedomtBehov: string;
}
export interface PlaneradUtskrivningPayload {
  /** YYYY-MM-DD */
  planeradUtskrivning: string;
}
export interface UtskrivningsklarPayload {
  utskrivningsklarAt: string;
}
export interface AvbrottPayload {
  avbrottAt: string;
  orsak: string;
}
export interface UtskrivningsmeddelandePayload {
  utskrivenAt: string;
  lakemedelslistaBifogad?: boolean;
  /** The medication list as one of the message's attachments (its id, one of attachmentIds). */
  lakemedelslistaBilaga?: string;
  /** Discharge although the plan does not fit (GET …/discharge-check lists what); else 409. */
  bekraftaTrotsKonflikter?: boolean;
  /** Why the patient is discharged anyway; required with bekraftaTrotsKonflikter. */
  orsak?: string;
}
/** Leave from the ward (permission). */
export interface PermissionPayload {
  permissionFran: string;
}
export interface PermissionSlutPayload {
  aterkomstAt: string;
}
/** The patient died during the hospital stay. */
export interface DodsfallPayload {
  avlidenAt: string;
}
export interface SipKallelsePayload {
  motesTid: string;
  plats: string;
  deltagare?: string[];
  /** The participating units summoned; absent: every other participant. */
  inbjudnaEnheter?: string[];
}
export interface SipSvarPayload {
  kallelseId: string;
  svar: 'accepterar' | 'avbojer' | 'foreslar_annan_tid';
  orsak?: string;
  foreslagenTid?: string;
}
export interface KvittensPayload {
  meddelandeId: string;
  kommentar?: string;
}
export interface HemgangsbeslutPayload {
  beviljadeTimmar: number;
  per: 'dag' | 'vecka' | 'manad' | 'period';
  /** YYYY-MM-DD */
  giltigtFran: string;
  giltigtTill?: string;
  insatser?: string[];
}
export interface RedoPayload {
  /** From when the unit can receive the patient. */
  redoFran: string;
}
export interface RedoAterkalladPayload {
  orsak?: string;
}

/** The home phase after discharge (libs/home-phase). */
export interface MottagenHemmaPayload {
  /** When the patient was observed at home; the message's createdAt is when it was recorded. */
  mottagenAt: string;
}
export interface AvvikelsePayload {
  kategori: AvvikelseKategori;
  beskrivning: string;
  /** The participating unit of the responsible organisation. */
  ansvarigEnhet: string;
}
export interface AvvikelseSvarPayload {
  avvikelseId: string;
  svar: string;
}
export interface TryggHemgangStartPayload {
  startdatum: string;
  planeratSlut: string;
  barandeEnhet: string;
  mal?: string[];
}
export interface MatningPayload {
  moment: MatningMoment;
  matdAt: string;
  trygghet?: number;
  adl?: KatzAdl;
  skattadAv?: SkattadAv;
}
export interface HemtjanstimmarPayload {
  tidpunkt: HemtjanstimmarTidpunkt;
  timmarPerVecka: number;
}
export interface LevereradeTimmarPayload {
  veckaFran: string;
  timmar: number;
}
export interface LangsiktigtBeslutPayload {
  beslutsdatum: string;
  timmarPerVecka: number;
  insatser?: string[];
}
export interface OverlamningPayload {
  overlamnadDatum: string;
  till: string;
}

/** Each kind a user may post, with its payload (null: free text only). */
export interface MessagePayloads {
  fritext: null;
  inskrivningsmeddelande: InskrivningsmeddelandePayload;
  planerad_utskrivning: PlaneradUtskrivningPayload;
  utskrivningsklar: UtskrivningsklarPayload;
  avbrott: AvbrottPayload;
  utskrivningsmeddelande: UtskrivningsmeddelandePayload;
  permission: PermissionPayload;
  permission_slut: PermissionSlutPayload;
  dodsfall: DodsfallPayload;
  sip_kallelse: SipKallelsePayload;
  sip_svar: SipSvarPayload;
  kvittens: KvittensPayload;
  hemgangsbeslut: HemgangsbeslutPayload;
  redo: RedoPayload;
  redo_aterkallad: RedoAterkalladPayload;
  mottagen_hemma: MottagenHemmaPayload;
  avvikelse: AvvikelsePayload;
  avvikelse_svar: AvvikelseSvarPayload;
  trygg_hemgang_start: TryggHemgangStartPayload;
  matning: MatningPayload;
  hemtjanstimmar: HemtjanstimmarPayload;
  levererade_timmar: LevereradeTimmarPayload;
  langsiktigt_beslut: LangsiktigtBeslutPayload;
  overlamning: OverlamningPayload;
}
export type PostableKind = keyof MessagePayloads;
/** The kinds with a payload. */
export type StructuredKind = { [K in PostableKind]: MessagePayloads[K] extends null ? never : K }[PostableKind];

/** The capabilities that posting a kind needs (a subset of libs/common's CAPABILITIES; checked there). */
export type KindCapability = 'message.post' | 'discharge.notify' | 'decision.post' | 'readiness.declare';

/** Who may post a kind: the owning ward only, any participant, or participants of these organisation kinds. */
export type KindPoster = 'owner' | 'any' | readonly OrgKind[];

export interface KindRule {
  /** What the author's role in the posting unit must grant (libs/common ROLE_CAPABILITIES). */
  capability: KindCapability;
  postedBy: KindPoster;
  /** Free text must carry a body; structured kinds may add one. */
  bodyRequired: boolean;
  /** The ward's admission-phase notices: pointless once the patient is discharged. */
  beforeDischargeOnly?: boolean;
  /** The home phase's reports: only once the patient has been discharged. */
  afterDischargeOnly?: boolean;
}

const HOME_UNITS = ['hemtjanst', 'hemsjukvard'] as const;
const MUNICIPAL = ['sof', 'hemtjanst', 'hemsjukvard'] as const;

/** Who may post what, and when: the server enforces it, the web client offers only these. */
export const KIND_RULES = {
  fritext: { capability: 'message.post', postedBy: 'any', bodyRequired: true },
  inskrivningsmeddelande: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false, beforeDischargeOnly: true },
  planerad_utskrivning: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false, beforeDischargeOnly: true },
  utskrivningsklar: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false, beforeDischargeOnly: true },
  avbrott: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false, beforeDischargeOnly: true },
  utskrivningsmeddelande: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false },
  // Leave and death: the ward's HospitalNotifications a municipal system acts on (libs/fhir sends them as MedCom's).
  permission: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false, beforeDischargeOnly: true },
  permission_slut: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false, beforeDischargeOnly: true },
  dodsfall: { capability: 'discharge.notify', postedBy: 'owner', bodyRequired: false, beforeDischargeOnly: true },
  sip_kallelse: { capability: 'message.post', postedBy: 'any', bodyRequired: false },
  sip_svar: { capability: 'message.post', postedBy: 'any', bodyRequired: false },
  kvittens: { capability: 'message.post', postedBy: 'any', bodyRequired: false },
  hemgangsbeslut: { capability: 'decision.post', postedBy: ['sof'], bodyRequired: false },
  /** A receiving unit is ready to receive the patient from a time ("redo att ta emot"). */
  redo: { capability: 'readiness.declare', postedBy: HOME_UNITS, bodyRequired: false },
  /** The unit withdraws its readiness; its latest redo / redo_aterkallad decides. */
  redo_aterkallad: { capability: 'readiness.declare', postedBy: HOME_UNITS, bodyRequired: false },
  // The home phase (libs/home-phase checks the rules that need the thread's state).
  /** A receiving unit saw the patient at home, at the observed time. */
  mottagen_hemma: { capability: 'message.post', postedBy: HOME_UNITS, bodyRequired: false, afterDischargeOnly: true },
  /** Something missing or not done at home, routed to the unit that must answer. */
  avvikelse: { capability: 'message.post', postedBy: 'any', bodyRequired: false, afterDischargeOnly: true },
  avvikelse_svar: { capability: 'message.post', postedBy: 'any', bodyRequired: false },
  trygg_hemgang_start: { capability: 'message.post', postedBy: MUNICIPAL, bodyRequired: false },
  matning: { capability: 'message.post', postedBy: MUNICIPAL, bodyRequired: false },
  hemtjanstimmar: { capability: 'message.post', postedBy: ['sof', 'hemtjanst'], bodyRequired: false },
  levererade_timmar: { capability: 'message.post', postedBy: ['hemtjanst'], bodyRequired: false, afterDischargeOnly: true },
  langsiktigt_beslut: { capability: 'decision.post', postedBy: ['sof'], bodyRequired: false },
  overlamning: { capability: 'message.post', postedBy: MUNICIPAL, bodyRequired: false, afterDischargeOnly: true },
} as const satisfies { [K in PostableKind]: KindRule };

export const POSTABLE_KINDS = Object.keys(KIND_RULES) as PostableKind[];

/** Whether a payload field must be sent ('required') or may be left out ('optional'). */
type Presence<P> = { [F in keyof P]-?: object extends Pick<P, F> ? 'optional' : 'required' };

/**
 * Each structured kind's payload fields at run time, exactly the interface's (the `satisfies`
 * rejects a missing, extra or wrongly optional field): the run-time check of the server's classes
 * and the web's forms (test/message-kinds-contract.spec.ts) reads it.
 */
export const PAYLOAD_FIELDS = {
  inskrivningsmeddelande: { inskrivenAt: 'required', forvantatUtskrivningsdatum: 'optional', bedomtBehov: 'required' },
  planerad_utskrivning: { planeradUtskrivning: 'required' },
  utskrivningsklar: { utskrivningsklarAt: 'required' },
  avbrott: { avbrottAt: 'required', orsak: 'required' },
  utskrivningsmeddelande: {
    utskrivenAt: 'required',
    lakemedelslistaBifogad: 'optional',
    lakemedelslistaBilaga: 'optional',
    bekraftaTrotsKonflikter: 'optional',
    orsak: 'optional',
  },
  permission: { permissionFran: 'required' },
  permission_slut: { aterkomstAt: 'required' },
  dodsfall: { avlidenAt: 'required' },
  sip_kallelse: { motesTid: 'required', plats: 'required', deltagare: 'optional', inbjudnaEnheter: 'optional' },
  sip_svar: { kallelseId: 'required', svar: 'required', orsak: 'optional', foreslagenTid: 'optional' },
  kvittens: { meddelandeId: 'required', kommentar: 'optional' },
  hemgangsbeslut: { beviljadeTimmar: 'required', per: 'required', giltigtFran: 'required', giltigtTill: 'optional', insatser: 'optional' },
  redo: { redoFran: 'required' },
  redo_aterkallad: { orsak: 'optional' },
  mottagen_hemma: { mottagenAt: 'required' },
  avvikelse: { kategori: 'required', beskrivning: 'required', ansvarigEnhet: 'required' },
  avvikelse_svar: { avvikelseId: 'required', svar: 'required' },
  trygg_hemgang_start: { startdatum: 'required', planeratSlut: 'required', barandeEnhet: 'required', mal: 'optional' },
  matning: { moment: 'required', matdAt: 'required', trygghet: 'optional', adl: 'optional', skattadAv: 'optional' },
  hemtjanstimmar: { tidpunkt: 'required', timmarPerVecka: 'required' },
  levererade_timmar: { veckaFran: 'required', timmar: 'required' },
  langsiktigt_beslut: { beslutsdatum: 'required', timmarPerVecka: 'required', insatser: 'optional' },
  overlamning: { overlamnadDatum: 'required', till: 'required' },
} as const satisfies { [K in StructuredKind]: Presence<MessagePayloads[K]> };

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
export type EventKind = (typeof EVENT_KINDS)[number];

/** Entries Brygga writes itself (derived state), shown as from Brygga rather than the person whose action triggered them. */
export const SYSTEM_KINDS = ['hemgangsklar', 'bevakning'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

/** Every kind a timeline entry can have. */
export type MessageKindName = PostableKind | EventKind | SystemKind;

/** A compile-time assertion: `Assert<Equal<A, B>>` fails to compile unless A and B are the same type. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;
