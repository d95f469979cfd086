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

/** Each kind a user may post, with its payload (null: free text only). */
export interface MessagePayloads {
  fritext: null;
  inskrivningsmeddelande: InskrivningsmeddelandePayload;
  planerad_utskrivning: PlaneradUtskrivningPayload;
  utskrivningsklar: UtskrivningsklarPayload;
  avbrott: AvbrottPayload;
  utskrivningsmeddelande: UtskrivningsmeddelandePayload;
  sip_kallelse: SipKallelsePayload;
  sip_svar: SipSvarPayload;
  kvittens: KvittensPayload;
  hemgangsbeslut: HemgangsbeslutPayload;
  redo: RedoPayload;
  redo_aterkallad: RedoAterkalladPayload;
}
export type PostableKind = keyof MessagePayloads;
export const POSTABLE_KINDS = [
  'fritext',
  'inskrivningsmeddelande',
  'planerad_utskrivning',
  'utskrivningsklar',
  'avbrott',
  'utskrivningsmeddelande',
  'sip_kallelse',
  'sip_svar',
  'kvittens',
  'hemgangsbeslut',
  'redo',
  'redo_aterkallad',
] as const satisfies readonly PostableKind[];
