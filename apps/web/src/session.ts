import { createContext, useContext } from 'react';
import type { Me, OrgKind, Role, Thread } from './types';

export const SessionContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside a session');
  return me;
}

const OPENERS: readonly Role[] = ['koordinator', 'lakare', 'admin'];
const REVIEWERS: readonly Role[] = ['logggranskare', 'admin'];

/** Mirrors the server's rules only to decide what to offer; the server decides what is allowed. */
export const can = {
  openThread: (me: Me) => me.units.some((m) => m.orgKind === 'slutenvard' && OPENERS.includes(m.role)),
  reviewLog: (me: Me) => me.units.some((m) => REVIEWERS.includes(m.role)),
};

/** My units that take part in the thread (the owning ward first). */
export function myUnitsIn(me: Me, thread: Thread) {
  const ids = new Set([thread.ownerUnit.id, ...thread.participants.map((p) => p.unitId)]);
  return me.units.filter((m) => ids.has(m.unitId)).sort((a) => (a.unitId === thread.ownerUnit.id ? -1 : 1));
}

export function isOwner(me: Me, thread: Thread): boolean {
  return me.units.some((m) => m.unitId === thread.ownerUnit.id);
}

export function myOrgKindsIn(me: Me, thread: Thread): Set<OrgKind> {
  return new Set(myUnitsIn(me, thread).map((m) => m.orgKind));
}
