import type { ThreadClock } from './clock';

/** The inbox's views on the clock ("utskrivningsklar, ej hemgångsklar", "försenad"). */
export const INBOX_FILTERS = ['utskrivningsklar_ej_hemgangsklar', 'forsenad'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];
/** `aktivitet`: latest activity first (default); `frist`: the most pressing deadline first. */
export const INBOX_SORTS = ['aktivitet', 'frist'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

interface Listed {
  hemgangsklar: boolean;
  updatedAt: string;
  clock?: ThreadClock;
}

export function matchesInboxFilter(thread: Listed, filter: InboxFilter): boolean {
  switch (filter) {
    case 'utskrivningsklar_ej_hemgangsklar':
      return thread.clock?.state === 'utskrivningsklar' && !thread.hemgangsklar;
    case 'forsenad':
      return thread.clock?.overdue === true;
  }
}

/** Past due first (longest past first), then the nearest deadline, then threads without one by activity. */
export function byDeadline(a: Listed, b: Listed): number {
  const due = (t: Listed) => t.clock?.nextDeadline?.dueAt ?? null;
  const [da, db] = [due(a), due(b)];
  if (da && db) return da.localeCompare(db);
  if (da || db) return da ? -1 : 1;
  return b.updatedAt.localeCompare(a.updatedAt);
}

export function applyInboxQuery<T extends Listed>(threads: T[], query: { filter?: InboxFilter; sort?: InboxSort }): T[] {
  const kept = query.filter ? threads.filter((t) => matchesInboxFilter(t, query.filter!)) : threads;
  return query.sort === 'frist' ? [...kept].sort(byDeadline) : kept;
}
