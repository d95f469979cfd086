/** The enumerations the api and the web client share (the server's tables and DTOs use these). */
export const ORG_KINDS = ['slutenvard', 'sof', 'hemsjukvard', 'hemtjanst', 'primarvard'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = ['koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin', 'enhetschef'] as const;
export type Role = (typeof ROLES)[number];

export const THREAD_STATUSES = ['inskriven', 'planering', 'utskrivningsklar', 'avbrott', 'utskriven', 'avslutad', 'makulerad'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const TRIAGE_COLOURS = ['gron', 'gul', 'rod'] as const;
export type Triage = (typeof TRIAGE_COLOURS)[number];

export const ITEM_STATES = ['ej_paborjad', 'pagar', 'klar', 'ej_aktuell'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const VALUE_TYPES = ['boolean', 'datetime', 'date', 'text', 'choice'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** not_scanned: no scanner configured; scan_pending: väntar på viruskontroll; infected: never served. */
export const ATTACHMENT_STATES = ['not_scanned', 'clean', 'scan_pending', 'infected'] as const;
export type AttachmentState = (typeof ATTACHMENT_STATES)[number];

/** A message's FHIR delivery to a receiving unit's system: väntar på kvittens, kvitterat, fel. */
export const DELIVERY_STATUSES = ['vantar_pa_kvittens', 'kvitterat', 'fel'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The home phase (libs/home-phase): what an avvikelse is about. */
export const AVVIKELSE_KATEGORIER = ['lakemedel_saknas', 'hjalpmedel_saknas', 'insats_uteblev', 'annat'] as const;
export type AvvikelseKategori = (typeof AVVIKELSE_KATEGORIER)[number];
/** Katz ADL index: A (independent in all six activities) to G (dependent in all six). */
export const KATZ_ADL = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type KatzAdl = (typeof KATZ_ADL)[number];
/** A Trygg hemgång measurement is taken at the start or at the end of the period. */
export const MATNING_MOMENT = ['start', 'slut'] as const;
export type MatningMoment = (typeof MATNING_MOMENT)[number];
/** Who answered the safety question. */
export const SKATTAD_AV = ['patienten', 'personal_med_patienten'] as const;
export type SkattadAv = (typeof SKATTAD_AV)[number];
/** When home-care hours per week were recorded (SKL's follow-up). */
export const HEMTJANSTTIMMAR_TIDPUNKTER = ['fore_inskrivning', 'efter_perioden', 'efter_90_dagar'] as const;
export type HemtjanstimmarTidpunkt = (typeof HEMTJANSTTIMMAR_TIDPUNKTER)[number];
