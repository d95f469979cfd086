import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { currentSocket, useOnConnect, useSocketEvent } from '../socket';
import type { InboxCount } from '@brygga/contracts';
import type { Thread } from './model';
import { alertKeys } from '../clock/alerts';
import { asListed, keys, threadQuery } from './queries';

type Lists = [readonly unknown[], Thread[] | undefined][];

const listsHolding = (qc: QueryClient, threadId: string): Lists =>
  qc.getQueriesData<Thread[]>({ queryKey: keys.inboxAll() }).filter(([, list]) => list?.some((t) => t.id === threadId));

const isMina = (key: readonly unknown[]) => (key[1] as { mina?: string } | undefined)?.mina === 'true';

/** Calls wait `ms`; a burst of events (e.g. a checklist filled in) costs one refetch. */
function debounced(ms: number) {
  const timers = new Map<string, number>();
  return (key: string, run: () => void) => {
    window.clearTimeout(timers.get(key));
    timers.set(
      key,
      window.setTimeout(() => {
        timers.delete(key);
        run();
      }, ms),
    );
  };
}

/**
 * The socket's events applied to the query cache, for the whole session (mounted once, in the app
 * shell): each event updates or invalidates only the query it concerns. A new message or a read
 * changes the inbox's counts in place, without refetching the list (a refetch writes one
 * access-log row per listed thread); a thread's own change refetches that one thread.
 */
export function useLiveUpdates(myUserId: string): void {
  const qc = useQueryClient();
  const later = useRef(debounced(200)).current;
  const refetchInboxes = () => later('inbox', () => void qc.invalidateQueries({ queryKey: keys.inboxAll() }));
  // Mina uppgifter: anything that may do or add a task of my units (a checklist item, a readiness,
  // a message asking for a kvittens or answering a SIP, a read, a new thread, a thread's change)
  // refetches the list when it is on screen, once per burst (each fetch writes an access-log row).
  const laterTasks = useRef(debounced(500)).current;
  const refetchTasks = () => laterTasks('tasks', () => void qc.invalidateQueries({ queryKey: keys.tasks() }));

  // A new thread: the list itself changes.
  useSocketEvent('inbox:thread', () => {
    refetchInboxes();
    refetchTasks();
  });
  // Coalesced by the server: per thread the last seq, how many new messages, and how many each
  // author wrote (mine are not unread). `inbox:counts` every 250 ms at most while the tab shows the
  // inbox or Mina uppgifter (useShowsInbox), `inbox:unread` every 5 s elsewhere (the title's total).
  const onCounts = (notice: { threads: InboxCount[] }) => {
    refetchTasks();
    const all = qc.getQueriesData<Thread[]>({ queryKey: keys.inboxAll() });
    // A thread no list holds yet (e.g. a unit was just added to it): ask for the lists.
    if (notice.threads.some((n) => !listsHolding(qc, n.threadId).length)) refetchInboxes();
    // My own message makes the thread one of "mina": a "mina" list without it asks the server.
    const wroteIn = notice.threads.filter((n) => (n.byAuthor[myUserId] ?? 0) > 0).map((n) => n.threadId);
    for (const [key, list] of all) {
      if (isMina(key) && wroteIn.some((id) => !list?.some((t) => t.id === id))) void qc.invalidateQueries({ queryKey: key, exact: true });
    }
    const changed = new Map(notice.threads.map((n) => [n.threadId, n]));
    for (const [key, list] of all) {
      if (!list?.some((t) => changed.has(t.id))) continue;
      const next = list.map((t) => {
        const n = changed.get(t.id);
        if (!n || n.seq <= t.lastSeq) return t;
        // Only what is newer than the list counts (the list may already include some of them).
        const fresh = Math.min(n.count, n.seq - t.lastSeq);
        const others = Math.max(0, fresh - (n.byAuthor[myUserId] ?? 0));
        return { ...t, lastSeq: n.seq, unreadCount: (t.unreadCount ?? 0) + others, updatedAt: new Date().toISOString() };
      });
      // Most recently active first, as the server orders them (unless sorted by deadline).
      const byDeadline = (key[1] as { sort?: string } | undefined)?.sort === 'frist';
      qc.setQueryData(key, byDeadline ? next : [...next.filter((t) => changed.has(t.id)), ...next.filter((t) => !changed.has(t.id))]);
    }
  };
  useSocketEvent('inbox:counts', onCounts);
  useSocketEvent('inbox:unread', onCounts);
  useSocketEvent('inbox:read', (notice) => {
    refetchTasks();
    const lists = listsHolding(qc, notice.threadId);
    // Read up to an earlier message (rare): the exact count comes from the server.
    if (lists.some(([, list]) => list!.some((t) => t.id === notice.threadId && notice.upToSeq < t.lastSeq))) return refetchInboxes();
    for (const [key, list] of lists)
      qc.setQueryData(
        key,
        // Counts up to the read that arrive after it (inbox:unread may be 5 s behind) are not new.
        list!.map((t) => (t.id === notice.threadId ? { ...t, unreadCount: 0, lastSeq: Math.max(t.lastSeq, notice.upToSeq) } : t)),
      );
  });

  // A thread's status, dates, participants or clock changed: fetch that one thread once, for its
  // open view and for every inbox list that holds it.
  const refreshThread = (threadId: string) =>
    later(`thread:${threadId}`, () => {
      const lists = listsHolding(qc, threadId);
      const open =
        qc
          .getQueryCache()
          .find({ queryKey: keys.thread(threadId), exact: true })
          ?.isActive() ?? false;
      if (!lists.length && !open) return;
      qc.fetchQuery({ ...threadQuery(threadId), staleTime: 0 }).then(
        (fresh) => {
          for (const [key, list] of listsHolding(qc, threadId)) {
            const filtered = (key[1] as { status?: string } | undefined)?.status;
            qc.setQueryData(
              key,
              filtered && fresh.status !== filtered
                ? list!.filter((t) => t.id !== threadId)
                : list!.map((t) => (t.id === threadId ? asListed(fresh, t) : t)),
            );
          }
        },
        () => refetchInboxes(),
      );
    });
  useSocketEvent('bevakning', (b) => {
    refreshThread(b.threadId);
    later('bevakning', () => void qc.invalidateQueries({ queryKey: keys.bevakning() }));
    void qc.invalidateQueries({ queryKey: alertKeys.thread(b.threadId) });
  });
  // An alert marked seen or handled by someone: the thread's banner and the Bevakning list.
  useSocketEvent('alert', (a) => {
    void qc.invalidateQueries({ queryKey: alertKeys.thread(a.threadId) });
    later('bevakning', () => void qc.invalidateQueries({ queryKey: keys.bevakning() }));
  });
  const checklistsOf = (c: { threadId: string }) => {
    refetchTasks();
    later(`checklists:${c.threadId}`, () => {
      void qc.invalidateQueries({ queryKey: keys.checklists(c.threadId) });
      // The composer's discharge check reads the same plan.
      void qc.invalidateQueries({ queryKey: keys.dischargeCheck(c.threadId) });
    });
  };
  // In full to an open thread's room; `tasks:changed` (the thread's id only) to the other sockets of its units.
  useSocketEvent('checklist:changed', checklistsOf);
  useSocketEvent('readiness:changed', checklistsOf);
  useSocketEvent('tasks:changed', checklistsOf);
  useSocketEvent('thread:changed', (c) => {
    refreshThread(c.threadId);
    checklistsOf(c);
  });

  // After a reconnect, whatever happened meanwhile (open threads fill their own gaps by seq).
  const upAtStart = useRef(currentSocket()?.connected ?? false);
  useOnConnect(() => {
    if (upAtStart.current) {
      upAtStart.current = false;
      return;
    }
    void qc.invalidateQueries({ queryKey: keys.inboxAll() });
    void qc.invalidateQueries({ queryKey: keys.bevakning() });
    void qc.invalidateQueries({ queryKey: keys.tasks() });
  });
}
