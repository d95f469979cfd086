import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { inboxQuery } from '../api/queries';
import { setUnreadInTitle } from '../components/page-title';

/** Unread messages in all my threads, from the shared unfiltered inbox (kept current by socket events). */
export function useUnreadTotal(enabled: boolean): number | undefined {
  const { data } = useQuery({ ...inboxQuery(), enabled });
  return data?.reduce((n, t) => n + (t.unreadCount ?? 0), 0);
}

/** "(3) Ärende: … – Brygga" on every page, seen from other tabs. */
export function useUnreadInTitle(enabled: boolean): void {
  const total = useUnreadTotal(enabled) ?? 0;
  useEffect(() => setUnreadInTitle(total), [total]);
}

/** A thread's unread count as the inbox last saw it (the thread view places its "Nya meddelanden" line from it). */
export function useUnreadOf(threadId: string, enabled: boolean): number | undefined {
  const { data } = useQuery({ ...inboxQuery(), enabled });
  if (!data) return undefined;
  return data.find((t) => t.id === threadId)?.unreadCount ?? 0;
}
