import { createContext, useContext } from 'react';
import type { Me, Membership, OrgKind, Thread } from './api/model';

export const SessionContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside a session');
  return me;
}

/** Mirrors the server's rules only to decide what to offer; the server decides what is allowed. */
export const can = {
  openThread: (me: Me) => me.units.some((m) => m.orgKind === 'slutenvard' && m.capabilities.includes('thread.open')),
  reviewLog: (me: Me) => me.units.some((m) => m.capabilities.includes('audit.review')),
  readThreads: (me: Me) => me.units.some((m) => m.capabilities.includes('thread.read')),
  readStatistics: (me: Me) => me.units.some((m) => m.capabilities.includes('statistics.read')),
  notify: (me: Me) => me.units.some((m) => m.capabilities.includes('push.subscribe')),
  listTasks: (me: Me) => me.units.some((m) => m.capabilities.includes('task.list')),
  /** Members, checklist templates or system clients of an organisation (apps/web/src/admin). */
  administer: (me: Me) =>
    me.units.some((m) => m.capabilities.some((c) => c === 'directory.admin' || c === 'template.admin' || c === 'system.admin')),
};

/** My units that take part in the thread (the owning ward first). */
export function myUnitsIn(me: Me, thread: Thread) {
  const ids = new Set([thread.ownerUnit.id, ...thread.participants.map((p) => p.unitId)]);
  return me.units
    .filter((m) => ids.has(m.unitId) && m.capabilities.includes('thread.read'))
    .sort((a) => (a.unitId === thread.ownerUnit.id ? -1 : 1));
}

export function isOwner(me: Me, thread: Thread): boolean {
  return me.units.some((m) => m.unitId === thread.ownerUnit.id);
}

export function myOrgKindsIn(me: Me, thread: Thread): Set<OrgKind> {
  return new Set(myUnitsIn(me, thread).map((m) => m.orgKind));
}

/** My units in the thread whose role grants the capability (the owning ward first). */
export function myUnitsWith(me: Me, thread: Thread, capability: Membership['capabilities'][number]) {
  return myUnitsIn(me, thread).filter((m) => m.capabilities.includes(capability));
}

/** Closed (avslutad) or cancelled (makulerad): readable, but every write is refused. */
export function isClosed(thread: Pick<Thread, 'status'>): boolean {
  return thread.status === 'avslutad' || thread.status === 'makulerad';
}
