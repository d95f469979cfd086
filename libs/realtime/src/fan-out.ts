import type { Server, Socket } from 'socket.io';
import type { AccessChange, ThreadEvent } from '@brygga/common';
import { InboxBatcher } from './inbox-batcher';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from './socket-events';

/** Between api nodes, through the adapter (PostgreSQL NOTIFY or Redis). */
export interface ServerSideEvents {
  /** A change of who may see what: every node re-checks its own sockets. */
  'access:changed': (change: AccessChange) => void;
  /** Committed domain events of one node, in the order it published them. */
  'thread:events': (events: ThreadEvent[]) => void;
}

type Io = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents>;

/**
 * Pushes committed domain events to the sockets that may see them. The node that published an
 * event sends it to the other nodes once, as it is (one NOTIFY for a post and what it caused,
 * instead of one per room and frame kind), and every node pushes it to its own sockets: thread
 * events to the sockets that joined the thread, inbox notices coalesced per socket (promptly where
 * the inbox is on screen, every few seconds elsewhere: InboxBatcher).
 */
export class FanOut {
  private readonly inbox: InboxBatcher;
  private outgoing: ThreadEvent[] = [];

  constructor(private readonly io: Io) {
    this.inbox = new InboxBatcher(io as unknown as Server);
    io.on('thread:events', (events: ThreadEvent[]) => {
      for (const event of events) this.local(event);
    });
  }

  /** An event of this node's services: pushed here now, to the other nodes with the rest of this tick's. */
  publish(event: ThreadEvent): void {
    this.local(event);
    this.outgoing.push(event);
    if (this.outgoing.length === 1) {
      queueMicrotask(() => {
        const events = this.outgoing;
        this.outgoing = [];
        this.io.serverSideEmit('thread:events', events);
      });
    }
  }

  /** The socket's client shows the inbox now (`inbox:counts`), or not (`inbox:unread`, every few seconds). */
  watchInbox(socket: Socket, on: boolean): void {
    this.inbox.watch(socket, on);
  }

  close(): void {
    this.inbox.close();
  }

  private local(event: ThreadEvent): void {
    const io = this.io.local;
    const thread = io.to(rooms.thread(event.threadId));
    const unitIds = event.participantUnitIds ?? [];
    const units = unitIds.map(rooms.unit);
    switch (event.type) {
      case 'message.created': {
        const m = event.data;
        thread.emit('message', m);
        // Records of what happened (checklist changes …) are in the timeline but not news for the inbox.
        if (unitIds.length && !m.event) this.inbox.add(event.threadId, m.seq, m.author?.userId ?? '', unitIds);
        return;
      }
      case 'receipts.recorded': {
        const r = event.data;
        thread.emit('receipt', r);
        // Counts still gathered must not arrive after the read that covers them.
        this.inbox.flush();
        io.to(rooms.user(r.userId)).emit('inbox:read', { threadId: event.threadId, upToSeq: r.upToSeq });
        return;
      }
      case 'thread.created':
        if (units.length) io.to(units).emit('inbox:thread', { threadId: event.threadId });
        return;
      case 'thread.changed':
        // Dates and status only: never patient identity, which protected identities must not spread.
        io.to([rooms.thread(event.threadId), ...units]).emit('thread:changed', { ...event.data, threadId: event.threadId });
        return;
      case 'checklist.changed':
        thread.emit('checklist:changed', { ...event.data, threadId: event.threadId });
        // The units' other sockets (Mina uppgifter, the inbox) learn only that something changed, under
        // its own name: the thread's id and what, no contents.
        if (units.length)
          io.to(units).except(rooms.thread(event.threadId)).emit('tasks:changed', { threadId: event.threadId, what: 'checklist' });
        return;
      case 'readiness.changed':
        thread.emit('readiness:changed', { ...event.data, threadId: event.threadId });
        if (units.length)
          io.to(units).except(rooms.thread(event.threadId)).emit('tasks:changed', { threadId: event.threadId, what: 'readiness' });
        return;
      case 'alert.changed':
        // Marked seen or handled: the open thread and the units' Bevakning lists (no patient identity).
        io.to([rooms.thread(event.threadId), ...units]).emit('alert', { ...event.data, threadId: event.threadId });
        return;
      case 'deadline.warning':
        // To the units concerned only; the text names no patient.
        if (units.length) io.to(units).emit('bevakning', { ...event.data, threadId: event.threadId });
        return;
    }
  }
}
