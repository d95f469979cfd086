import { queryOptions } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type ThreadAlert = components['schemas']['AlertDto'];

export const alertKeys = {
  thread: (threadId: string) => ['alerts', threadId] as const,
  all: () => ['alerts'] as const,
};

/** A thread's alerts (GET /api/threads/:id/alerts); refreshed by 'alert' and 'bevakning' socket events. */
export const alertsQuery = (threadId: string) =>
  queryOptions({
    queryKey: alertKeys.thread(threadId),
    queryFn: async () => (await unwrap(client.GET('/api/threads/{id}/alerts', { params: { path: { id: threadId } } }))).alerts,
  });

export function markAlert(threadId: string, alertId: string, state: 'sedd' | 'hanterad'): Promise<ThreadAlert> {
  return unwrap(client.PATCH('/api/threads/{id}/alerts/{alertId}', { params: { path: { id: threadId, alertId } }, body: { state } }));
}

export const ALERT_STATE_LABEL: Record<string, string> = { ny: 'Ny', sedd: 'Sedd', hanterad: 'Hanterad' };

/** "Sedd av Eva Svensson 6/12 14:05", "Hanterad av …". */
export function markText(alert: ThreadAlert, format: (iso: string) => string): string | null {
  if (alert.handled) return `Hanterad av ${alert.handled.name} ${format(alert.handled.at)}`;
  if (alert.seen) return `Sedd av ${alert.seen.name} ${format(alert.seen.at)}`;
  return null;
}
