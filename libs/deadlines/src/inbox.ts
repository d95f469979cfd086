/** The inbox's views on the clock ("utskrivningsklar, ej hemgångsklar", "försenad"). */
export const INBOX_FILTERS = ['utskrivningsklar_ej_hemgangsklar', 'forsenad'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];
/** `aktivitet`: latest activity first (default); `frist`: the most pressing deadline first. */
export const INBOX_SORTS = ['aktivitet', 'frist'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
