import type { Thread } from '../api/model';

/** The inbox's sortable columns; 'server' keeps the server's order (latest activity, or deadline). */
export type SortKey = 'server' | 'patient' | 'triage' | 'status' | 'utskrivningsklar' | 'planerad' | 'frist' | 'olasta';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const TRIAGE_RANK = { rod: 0, gul: 1, gron: 2 } as const;
const STATUS_RANK = { inskriven: 0, planering: 1, utskrivningsklar: 2, avbrott: 3, utskriven: 4, avslutad: 5, makulerad: 6 } as const;

/** Missing values (no date yet) always go last, whichever the direction. */
function value(t: Thread, key: SortKey): string | number | null {
  switch (key) {
    case 'server':
      return null;
    case 'patient':
      return t.patient.name?.toLocaleLowerCase('sv') ?? null;
    case 'triage':
      return TRIAGE_RANK[t.triage];
    case 'status':
      return STATUS_RANK[t.status];
    case 'utskrivningsklar':
      return t.dates.utskrivningsklarAt;
    case 'planerad':
      return t.dates.plannedDischargeDate;
    case 'frist':
      return t.clock?.nextDeadline?.dueAt ?? null;
    case 'olasta':
      return t.unreadCount ?? 0;
  }
}

export function sortThreads(threads: Thread[], sort: Sort): Thread[] {
  if (sort.key === 'server') return threads;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...threads].sort((a, b) => {
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    if (va === vb) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    return (typeof va === 'string' && typeof vb === 'string' ? va.localeCompare(vb, 'sv') : Number(va) - Number(vb)) * sign;
  });
}
