import type { Server, Socket } from 'socket.io';
import type { InboxCount } from '@brygga/contracts';
import { rooms } from './socket-events';

/** At most one `inbox:counts` frame per socket that shows the inbox this often. */
export const INBOX_INTERVAL_MS = 250;
/** At most one `inbox:unread` frame per socket that does not show the inbox this often (the tab's title, the away notice). */
export const INBOX_AWAY_INTERVAL_MS = 5_000;
/**
 * The away batch's frames go out this many sockets per turn: its flush reaches most of a node's
 * sockets at once (1,600 of 2,000 in the bench), and in one piece it held every live frame behind it.
 */
export const INBOX_AWAY_SLICE = 200;

interface Pending extends InboxCount {
  unitRooms: Set<string>;
}

/** A socket's data as far as the inbox is concerned: false once its client said it does not show the inbox. */
export interface InboxSocketData {
  showsInbox?: boolean;
}

/** A socket that never said (a client of before `inbox:watch`, a script) is taken to show the inbox. */
export const showsInbox = (socket: Socket): boolean => (socket.data as InboxSocketData | undefined)?.showsInbox !== false;

const UNIT_PREFIX = rooms.unit('');

/**
 * Inbox notices of new messages, coalesced. A busy unit's users would otherwise get one frame per
 * message each (2,000 sockets × 200 posts/s). Each batch gathers what happened per thread and, at
 * most every `intervalMs`, sends each of this node's sockets it serves one frame with the threads
 * it may see that changed: the last seq, how many messages, and how many were whose (so a client
 * counts unread without its own). The first notice after a quiet spell leaves at once. Sockets
 * that see the same set of changed units share one encoded frame.
 *
 * Two batches (InboxFrames): `inbox:counts` every 250 ms to the sockets that show the inbox (its
 * rows move live), `inbox:unread` every 5 s to the rest, whose tab needs only its title's unread
 * total and the away notice.
 */
class InboxBatch {
  private pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private lastFlush = 0;
  private closed = false;

  constructor(
    private readonly io: Server,
    private readonly event: 'inbox:counts' | 'inbox:unread',
    private readonly intervalMs: number,
    private readonly serves: (socket: Socket) => boolean,
    /** Sockets per turn (undefined: all in the flush's own turn, as `flush()` before `inbox:read` needs). */
    private readonly slice?: number,
  ) {}

  add(threadId: string, seq: number, authorUserId: string, unitRooms: string[]): void {
    let p = this.pending.get(threadId);
    if (!p) {
      p = { threadId, seq, count: 0, byAuthor: {}, unitRooms: new Set() };
      this.pending.set(threadId, p);
    }
    p.seq = Math.max(p.seq, seq);
    p.count += 1;
    if (authorUserId) p.byAuthor[authorUserId] = (p.byAuthor[authorUserId] ?? 0) + 1;
    for (const r of unitRooms) p.unitRooms.add(r);
    if (!this.timer) {
      const wait = Math.max(0, this.lastFlush + this.intervalMs - Date.now());
      this.timer = setTimeout(() => this.flush(), wait);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = Date.now();
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    const byRoom = new Map<string, Pending[]>();
    for (const p of batch.values()) {
      for (const room of p.unitRooms) {
        const list = byRoom.get(room);
        if (list) list.push(p);
        else byRoom.set(room, [p]);
      }
    }
    // Group this node's sockets by which of the changed unit rooms they are in.
    const groups = new Map<string, { rooms: string[]; sockets: string[] }>();
    const local = this.io.of('/').adapter.rooms;
    for (const room of byRoom.keys()) {
      for (const id of local.get(room) ?? []) {
        const socket = this.io.of('/').sockets.get(id);
        if (!socket || !this.serves(socket)) continue;
        const mine = changedRoomsOf(socket, byRoom);
        // A socket in several changed rooms is met once per room: take it at its first.
        if (mine[0] !== room) continue;
        const key = mine.join(' ');
        const group = groups.get(key) ?? { rooms: mine, sockets: [] };
        group.sockets.push(id);
        groups.set(key, group);
      }
    }
    // Who gets what is settled here, in the flush's turn: a socket that changes batch meanwhile
    // still gets this (handOver() hands over only what is gathered after it).
    const sends = [...groups.values()];
    const send = (from: number) => {
      let sockets = 0;
      let i = from;
      for (; i < sends.length && (this.slice === undefined || sockets < this.slice); i++) {
        this.io.local.to(sends[i].sockets).emit(this.event, { threads: threadsOf(sends[i].rooms, byRoom) });
        sockets += sends[i].sockets.length;
      }
      if (i < sends.length && !this.closed) setImmediate(() => send(i));
    };
    send(0);
  }

  /**
   * What this batch has gathered for one socket, sent to it now under this batch's event: for a
   * socket that stops being served by this batch (it changed between showing the inbox and not),
   * which the next flush would pass over.
   */
  handOver(socket: Socket): void {
    if (!this.pending.size) return;
    const byRoom = new Map<string, Pending[]>();
    for (const p of this.pending.values()) {
      for (const room of p.unitRooms) {
        if (!socket.rooms.has(room)) continue;
        const list = byRoom.get(room);
        if (list) list.push(p);
        else byRoom.set(room, [p]);
      }
    }
    if (byRoom.size) socket.emit(this.event, { threads: threadsOf([...byRoom.keys()], byRoom) });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function changedRoomsOf(socket: Socket, byRoom: Map<string, Pending[]>): string[] {
  const mine: string[] = [];
  for (const r of socket.rooms) if (r.startsWith(UNIT_PREFIX) && byRoom.has(r)) mine.push(r);
  return mine;
}

function threadsOf(unitRooms: string[], byRoom: Map<string, Pending[]>): InboxCount[] {
  const threads = new Map<string, InboxCount>();
  for (const room of unitRooms) {
    for (const p of byRoom.get(room) ?? [])
      threads.set(p.threadId, { threadId: p.threadId, seq: p.seq, count: p.count, byAuthor: p.byAuthor });
  }
  return [...threads.values()];
}

/**
 * Inbox notices for this node's sockets: promptly to those that show the inbox, every few seconds
 * to the rest (issue 32: every tab got up to four frames a second, for a title). A socket's client
 * says which with `inbox:watch`; a socket that changes is handed what the batch it leaves holds for
 * it, so no message is missed and none counted twice (the client counts by seq).
 */
export class InboxBatcher {
  private readonly shown: InboxBatch;
  private readonly away: InboxBatch;

  constructor(io: Server) {
    this.shown = new InboxBatch(io, 'inbox:counts', INBOX_INTERVAL_MS, showsInbox);
    this.away = new InboxBatch(io, 'inbox:unread', INBOX_AWAY_INTERVAL_MS, (s) => !showsInbox(s), INBOX_AWAY_SLICE);
  }

  add(threadId: string, seq: number, authorUserId: string, unitIds: string[]): void {
    const unitRooms = unitIds.map(rooms.unit);
    this.shown.add(threadId, seq, authorUserId, unitRooms);
    this.away.add(threadId, seq, authorUserId, unitRooms);
  }

  /** Before a read's `inbox:read`: the counts it covers must not arrive after it (the away batch's client orders by seq). */
  flush(): void {
    this.shown.flush();
  }

  /** The socket's client now shows the inbox (`on`) or not. */
  watch(socket: Socket, on: boolean): void {
    if (showsInbox(socket) === on) return;
    (on ? this.away : this.shown).handOver(socket);
    (socket.data as InboxSocketData).showsInbox = on;
  }

  close(): void {
    this.shown.close();
    this.away.close();
  }
}
