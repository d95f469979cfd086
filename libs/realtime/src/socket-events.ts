/**
 * The typed socket.io contract between api and clients. Every message event carries the
 * thread's sequence number: a client orders and de-duplicates by it and fills any gap by
 * joining again with the last number it has.
 */
export interface Ack<T> {
  (response: { ok: true; data: T } | { ok: false; error: { statusCode: number; message: string; fields?: { field: string; message: string }[] } }): void;
}

export interface ClientToServerEvents {
  /** Join a thread's live stream; the server first replays every message after lastSeq. */
  'thread:join': (body: { threadId: string; lastSeq: number }, ack: Ack<{ threadId: string; lastSeq: number; replayed: number }>) => void;
  'thread:leave': (body: { threadId: string }, ack?: Ack<{ threadId: string }>) => void;
  /** Post a message; the ack means it is committed. The idempotency key makes a retry safe. */
  'message:post': (body: Record<string, unknown> & { threadId: string }, ack: Ack<Record<string, unknown>>) => void;
  'thread:read': (body: { threadId: string; upToSeq: number }, ack?: Ack<{ upToSeq: number; recorded: number }>) => void;
}

export interface ServerToClientEvents {
  message: (message: Record<string, unknown> & { threadId: string; seq: number }) => void;
  receipt: (receipt: { threadId: string; userId: string; name: string; unitId: string; upToSeq: number; readAt: string }) => void;
  'thread:changed': (change: Record<string, unknown> & { threadId: string }) => void;
  'checklist:changed': (change: Record<string, unknown> & { threadId: string }) => void;
  'readiness:changed': (change: Record<string, unknown> & { threadId: string }) => void;
  /** Inbox: a new thread one of my units takes part in. */
  'inbox:thread': (notice: { threadId: string }) => void;
  /** Inbox: a new message in a thread I may see (count it unread unless I wrote it). */
  'inbox:message': (notice: { threadId: string; seq: number; authorUserId: string }) => void;
  /** Inbox: I read up to a number (maybe in another tab). */
  'inbox:read': (notice: { threadId: string; upToSeq: number }) => void;
  'session:ended': (notice: { reason: 'logout' | 'expired' }) => void;
}

export const CLIENT_EVENTS = ['thread:join', 'thread:leave', 'message:post', 'thread:read'] as const;

export const rooms = {
  thread: (id: string) => `thread:${id}`,
  unit: (id: string) => `unit:${id}`,
  user: (id: string) => `user:${id}`,
  session: (sid: string) => `session:${sid}`,
};
