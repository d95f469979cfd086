import type { AvvikelseKategori, HemtjanstimmarTidpunkt, KatzAdl, MatningMoment, SkattadAv } from './enums';

/**
 * The structured message kinds and their payloads as the api accepts and returns them (the
 * server validates them with the classes in libs/threads message-kinds.ts, which implement these).
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
export const POSTABLE_KINDS = [
  'fritext',
  'inskrivningsmeddelande',
  'planerad_utskrivning',
  'utskrivningsklar',
  'avbrott',
  'utskrivningsmeddelande',
  'permission',
  'permission_slut',
  'dodsfall',
  'sip_kallelse',
  'sip_svar',
  'kvittens',
  'hemgangsbeslut',
  'redo',
  'redo_aterkallad',
  'mottagen_hemma',
  'avvikelse',
  'avvikelse_svar',
  'trygg_hemgang_start',
  'matning',
  'hemtjanstimmar',
  'levererade_timmar',
  'langsiktigt_beslut',
  'overlamning',
] as const satisfies readonly PostableKind[];
