/** The enumerations the api and the web client share (the server's tables and DTOs use these). */
export const ORG_KINDS = ['slutenvard', 'sof', 'hemsjukvard', 'hemtjanst', 'primarvard'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = ['koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin'] as const;
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
