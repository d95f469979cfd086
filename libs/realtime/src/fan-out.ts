import type { Server } from 'socket.io';
import type { ThreadEvent } from '@brygga/common';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from './socket-events';

type Io = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * Pushes one committed domain event to the rooms that may see it. Each node pushes the events
 * its own services published; the adapter carries them to sockets on the other nodes.
 */
export function fanOut(io: Io, event: ThreadEvent): void {
  const thread = io.to(rooms.thread(event.threadId));
  const units = (event.participantUnitIds ?? []).map(rooms.unit);
  const data = event.data as never;
  switch (event.type) {
    case 'message.created': {
      thread.emit('message', data);
      const m = event.data as { seq: number; event?: boolean; author?: { userId?: string } };
      // Records of what happened (checklist changes …) are in the timeline but not news for the inbox.
      if (units.length && !m.event) io.to(units).emit('inbox:message', { threadId: event.threadId, seq: m.seq, authorUserId: m.author?.userId ?? '' });
      return;
    }
    case 'receipts.recorded': {
      thread.emit('receipt', data);
      const r = event.data as { userId: string; upToSeq: number };
      io.to(rooms.user(r.userId)).emit('inbox:read', { threadId: event.threadId, upToSeq: r.upToSeq });
      return;
    }
    case 'thread.created':
      if (units.length) io.to(units).emit('inbox:thread', { threadId: event.threadId });
      return;
    case 'thread.changed':
      // Dates and status only: never patient identity, which protected identities must not spread.
      io.to([rooms.thread(event.threadId), ...units]).emit('thread:changed', { ...(event.data as object), threadId: event.threadId });
      return;
    case 'checklist.changed':
      thread.emit('checklist:changed', { ...(event.data as object), threadId: event.threadId });
      return;
    case 'readiness.changed':
      thread.emit('readiness:changed', { ...(event.data as object), threadId: event.threadId });
      return;
    case 'deadline.warning':
      // To the units concerned only; the text names no patient.
      if (units.length) io.to(units).emit('bevakning', { ...(event.data as { warningId: string; kind: string; level: string; dueAt: string; text: string; seq: number }), threadId: event.threadId });
      return;
  }
}
