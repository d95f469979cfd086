import type { AttachmentState, DeliveryStatus } from './enums';
import type { MessageKindName } from './message-kinds';

/**
 * The typed socket.io contract between api and clients. Every message event carries the
 * thread's sequence number: a client orders and de-duplicates by it and fills any gap by
 * joining again with the last number it has.
 */
export interface SocketError {
  statusCode: number;
  message: string;
  fields?: { field: string; message: string }[];
}

export interface Ack<T> {
  (response: { ok: true; data: T } | { ok: false; error: SocketError }): void;
}

/** A message as pushed (the same shape as GET /api/threads/:id/messages; MessageDto in openapi.json). */
export interface MessageEvent {
  id: string;
  threadId: string;
  seq: number;
  kind: MessageKindName;
  body: string | null;
  payload: Record<string, unknown> | null;
  author: { userId: string; name: string; unitId: string; unitName: string };
  correctsMessageId: string | null;
  createdAt: string;
  /** The time of the act, for a write made without coverage and sent later (docs/offline.md); else null. */
  observedAt: string | null;
  /** Files sent with the message (libs/attachments). */
  attachments: {
    id: string;
    name: string;
    contentType: string;
    size: number;
    sha256: string;
    state: AttachmentState;
    previewable: boolean;
  }[];
  event: boolean;
  system: boolean;
  /** FHIR deliveries to receiving units' systems (libs/fhir). */
  deliveries?: { unitId: string; status: DeliveryStatus; label: string }[];
}

export interface ReceiptEvent {
  threadId: string;
  userId: string;
  name: string;
  unitId: string;
  upToSeq: number;
  readAt: string;
}

/** Something about a thread changed: refetch what shows it (the fields beyond threadId are hints). */
export interface ChangeEvent {
  threadId: string;
  [hint: string]: unknown;
}

export interface BevakningEvent {
  threadId: string;
  warningId: string;
  kind: string;
  level: string;
  dueAt: string;
  text: string;
  /** The thread's alert of this kind, raised (again) by the warning. */
  alertId: string;
}

/** A Bevakning alert marked: its new state, by whom, when. */
export interface AlertEvent {
  threadId: string;
  alertId: string;
  kind: string;
  state: string;
  by: string;
  at: string;
}

/**
 * Mina uppgifter and the inbox: a thread's checklist or its readiness changed. Sent to the
 * sockets of the thread's units that have not joined its room (those get `checklist:changed` or
 * `readiness:changed` with the contents): the thread's id and what changed, nothing more.
 */
export interface TasksChangedEvent {
  threadId: string;
  what: 'checklist' | 'readiness';
}

/** New messages in one thread since the last inbox frame. */
export interface InboxCount {
  threadId: string;
  /** The last message's sequence number. */
  seq: number;
  /** How many new messages (records of events excluded). */
  count: number;
  /** How many of them each author wrote, by user id. */
  byAuthor: Record<string, number>;
}

export interface ClientToServerEvents {
  /** Join a thread's live stream; the server first replays every message after lastSeq. */
  'thread:join': (body: { threadId: string; lastSeq: number }, ack: Ack<{ threadId: string; lastSeq: number; replayed: number }>) => void;
  'thread:leave': (body: { threadId: string }, ack?: Ack<{ threadId: string }>) => void;
  /** Post a message (as POST /api/threads/:id/messages); the ack means it is committed. The idempotency key makes a retry safe. */
  'message:post': (
    body: {
      threadId: string;
      kind: string;
      body?: string;
      payload?: Record<string, unknown>;
      idempotencyKey?: string;
      correctsMessageId?: string;
      unitId?: string;
      attachmentIds?: string[];
      observedAt?: string;
    },
    ack: Ack<MessageEvent>,
  ) => void;
  'thread:read': (body: { threadId: string; upToSeq: number }, ack?: Ack<{ upToSeq: number; recorded: number }>) => void;
  /**
   * Whether this tab shows the inbox (or another list that moves with it, Mina uppgifter): such a
   * socket gets `inbox:counts` within a quarter second, the others only `inbox:unread` every few
   * seconds. Until a socket says, it is taken to show it; the client says again after a reconnect.
   */
  'inbox:watch': (body: { on: boolean }, ack?: Ack<{ on: boolean }>) => void;
}

export interface ServerToClientEvents {
  message: (message: MessageEvent) => void;
  receipt: (receipt: ReceiptEvent) => void;
  'thread:changed': (change: ChangeEvent) => void;
  /** To the thread's room: the checklist change in full. */
  'checklist:changed': (change: ChangeEvent) => void;
  /** To the thread's room: the unit's readiness in full. */
  'readiness:changed': (change: ChangeEvent) => void;
  /** To the thread's units' other sockets (Mina uppgifter, the inbox): which thread, and what changed (no contents). */
  'tasks:changed': (notice: TasksChangedEvent) => void;
  /** Inbox: a new thread one of my units takes part in. */
  'inbox:thread': (notice: { threadId: string }) => void;
  /**
   * Inbox: new messages in threads I may see, coalesced (at most a few frames a second): per
   * thread the last seq, how many arrived, and how many each author wrote (mine are not unread).
   */
  'inbox:counts': (notice: { threads: InboxCount[] }) => void;
  /**
   * The same notices for a tab that does not show the inbox (`inbox:watch` off), at most one frame
   * every 5 s: enough for the unread total in its title and the away notice.
   */
  'inbox:unread': (notice: { threads: InboxCount[] }) => void;
  /** Inbox: I read up to a number (maybe in another tab). */
  'inbox:read': (notice: { threadId: string; upToSeq: number }) => void;
  /** Bevakning: a deadline near or past, or a message left unread, concerning one of my units (no patient identity). */
  bevakning: (notice: BevakningEvent) => void;
  /** An alert of a thread I may see was marked seen or handled (who and when; no patient identity). */
  alert: (notice: AlertEvent) => void;
  'session:ended': (notice: { reason: 'logout' | 'expired' }) => void;
  /** My access changed: the thread (or, without threadId, Brygga as a whole) is no longer mine to see. */
  'access:revoked': (notice: { threadId?: string }) => void;
  /** This node is stopping and closes the connection next: reconnect (another node answers) and re-join. */
  'server:stopping': (notice: { reason: 'restart' }) => void;
}

export const CLIENT_EVENTS = ['thread:join', 'thread:leave', 'message:post', 'thread:read', 'inbox:watch'] as const;
