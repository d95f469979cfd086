import { QueryClient, queryOptions } from '@tanstack/react-query';
import { client, unwrap } from './client';
import type { Message, Receipt, Thread } from './model';
import type { paths } from './schema';

/**
 * Every server read the client makes, as TanStack Query options over the generated client: one
 * key per piece of server state, so a socket event can update or invalidate exactly that piece
 * (api/live-updates.ts). Keys have distinct roots: invalidating a thread never refetches its messages.
 */
export type InboxQuery = NonNullable<paths['/api/threads']['get']['parameters']['query']>;
export interface Period {
  from: string;
  to: string;
}

export const keys = {
  inbox: (q: InboxQuery) => ['inbox', q] as const,
  inboxAll: () => ['inbox'] as const,
  thread: (id: string) => ['thread', id] as const,
  messages: (id: string) => ['messages', id] as const,
  receipts: (id: string) => ['receipts', id] as const,
  checklists: (id: string) => ['checklists', id] as const,
  dischargeCheck: (id: string, at?: string) =>
    at === undefined ? (['discharge-check', id] as const) : (['discharge-check', id, at] as const),
  plan: (id: string) => ['plan', id] as const,
  units: () => ['units'] as const,
  templates: () => ['checklist-templates'] as const,
  bevakning: () => ['bevakning'] as const,
  tasks: () => ['tasks'] as const,
  statistics: (p: Period) => ['statistics', p] as const,
  auditVerify: () => ['audit-verify'] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Every read of patient data is logged: no background refetches on focus, and failures are
      // shown (with the server's message) rather than retried behind the user's back.
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/** The inbox without filters is shared: the page title's unread count reads it on every page. */
export const inboxQuery = (q: InboxQuery = {}) =>
  queryOptions({
    queryKey: keys.inbox(q),
    queryFn: async () => (await unwrap(client.GET('/api/threads', { params: { query: q } }))).threads,
  });

export const threadQuery = (id: string) =>
  queryOptions({
    queryKey: keys.thread(id),
    queryFn: () => unwrap(client.GET('/api/threads/{id}', { params: { path: { id } } })),
  });

const PAGE = 500;

/** Every message of a thread, in seq order; the socket appends to it (thread/use-thread-stream.ts). */
export const messagesQuery = (id: string) =>
  queryOptions({
    queryKey: keys.messages(id),
    queryFn: async () => {
      const all: Message[] = [];
      for (let after = 0; ;) {
        const page = await unwrap(client.GET('/api/threads/{id}/messages', { params: { path: { id }, query: { after, limit: PAGE } } }));
        all.push(...page.messages);
        if (page.messages.length < PAGE) return all;
        after = page.messages[page.messages.length - 1].seq;
      }
    },
    // Kept current by the socket (and gap-filled by seq on every join), never refetched.
    staleTime: Infinity,
  });

/** Readers of my own messages, by message id: all in one request, then live from the socket. */
export const receiptsQuery = (id: string) =>
  queryOptions({
    queryKey: keys.receipts(id),
    queryFn: async () => {
      const answer = await unwrap(client.GET('/api/threads/{id}/receipts', { params: { path: { id } } }));
      return new Map<string, Receipt[]>(answer.receipts.map((r) => [r.messageId, r.readers]));
    },
    structuralSharing: false,
  });

export const checklistsQuery = (id: string) =>
  queryOptions({
    queryKey: keys.checklists(id),
    queryFn: () => unwrap(client.GET('/api/threads/{id}/checklists', { params: { path: { id } } })),
  });

/** The directory's units: changes rarely, fetched once per page load. */
export const unitsQuery = () =>
  queryOptions({
    queryKey: keys.units(),
    queryFn: async () => (await unwrap(client.GET('/api/units'))).units,
    staleTime: Infinity,
  });

export const templatesQuery = () =>
  queryOptions({
    queryKey: keys.templates(),
    queryFn: async () => (await unwrap(client.GET('/api/checklist-templates'))).templates,
    staleTime: Infinity,
  });

export const bevakningQuery = () =>
  queryOptions({
    queryKey: keys.bevakning(),
    queryFn: async () => (await unwrap(client.GET('/api/bevakning'))).warnings,
  });

export const statisticsQuery = (period: Period) =>
  queryOptions({
    queryKey: keys.statistics(period),
    queryFn: () => unwrap(client.GET('/api/statistics', { params: { query: period } })),
  });

export const auditVerifyQuery = () =>
  queryOptions({
    queryKey: keys.auditVerify(),
    queryFn: () => unwrap(client.GET('/api/audit/verify')),
  });

/** A thread as the inbox lists it, from the full thread (the list keeps its own patient view and count). */
export function asListed(fresh: Thread, listed: Thread): Thread {
  const { facts: _facts, ...summary } = fresh;
  return { ...summary, patient: listed.patient, unreadCount: listed.unreadCount };
}
