import type { Server } from 'socket.io';
import type { InboxCount } from '@brygga/contracts';
import { rooms } from './socket-events';

/** At most one inbox frame per socket this often. */
export const INBOX_INTERVAL_MS = 250;

interface Pending extends InboxCount {
  unitRooms: Set<string>;
}

const UNIT_PREFIX = rooms.unit('');

/**
 * Inbox notices of new messages, coalesced. A busy unit's users would otherwise get one frame per
 * message each (2,000 sockets × 200 posts/s). This node gathers what happened per thread and, at
 * most every INBOX_INTERVAL_MS, sends each of its own sockets one `inbox:counts` frame with the
 * threads it may see that changed: the last seq, how many messages, and how many were whose (so a
 * client counts unread without its own). The first notice after a quiet spell leaves at once.
 * Sockets that see the same set of changed units share one encoded frame.
 */
export class InboxBatcher {
  private pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private lastFlush = 0;

  constructor(private readonly io: Server) {}

  add(threadId: string, seq: number, authorUserId: string, unitIds: string[]): void {
    let p = this.pending.get(threadId);
    if (!p) {
      p = { threadId, seq, count: 0, byAuthor: {}, unitRooms: new Set() };
      this.pending.set(threadId, p);
    }
    p.seq = Math.max(p.seq, seq);
    p.count += 1;
    if (authorUserId) p.byAuthor[authorUserId] = (p.byAuthor[authorUserId] ?? 0) + 1;
    for (const u of unitIds) p.unitRooms.add(rooms.unit(u));
    if (!this.timer) {
      const wait = Math.max(0, this.lastFlush + INBOX_INTERVAL_MS - Date.now());
      this.timer = setTimeout(() => this.flush(), wait);
      this.timer.unref();
    }
  }

  flush(): void {
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
        if (!socket) continue;
        const mine: string[] = [];
        for (const r of socket.rooms) if (r.startsWith(UNIT_PREFIX) && byRoom.has(r)) mine.push(r);
        // A socket in several changed rooms is met once per room: take it at its first.
        if (mine[0] !== room) continue;
        const key = mine.join(' ');
        const group = groups.get(key) ?? { rooms: mine, sockets: [] };
        group.sockets.push(id);
        groups.set(key, group);
      }
    }
    for (const group of groups.values()) {
      const threads = new Map<string, InboxCount>();
      for (const room of group.rooms) {
        for (const p of byRoom.get(room) ?? [])
          threads.set(p.threadId, { threadId: p.threadId, seq: p.seq, count: p.count, byAuthor: p.byAuthor });
      }
      this.io.local.to(group.sockets).emit('inbox:counts', { threads: [...threads.values()] });
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
