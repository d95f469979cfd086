import type { DataSource } from 'typeorm';
import { unitsWith, type Actor } from '@brygga/common';
import { participantUnitsOf } from '@brygga/threads';
import { rooms } from './socket-events';

const THREAD_ROOM = /^thread:(.+)$/;
const UNIT_ROOM = /^unit:(.+)$/;

/** What a socket's rooms must become for its user's access now. */
export interface RoomPlan {
  /** The user is gone from the directory or takes part nowhere: close the socket. */
  close: boolean;
  leave: string[];
  join: string[];
  /** Threads the socket had joined and may no longer see. */
  revokedThreads: string[];
}

/** The participating units of each thread, in one query. */
export async function participantsOf(dataSource: DataSource, threadIds: string[]): Promise<Map<string, string[]>> {
  return participantUnitsOf(dataSource.manager, threadIds);
}

export function threadRoomsOf(joined: Iterable<string>): string[] {
  return [...joined].map((r) => THREAD_ROOM.exec(r)?.[1]).filter((id): id is string => Boolean(id));
}

/**
 * Compares a socket's rooms with what the user may see now: the inbox rooms of units whose role
 * grants reading threads, and thread rooms of threads one of those units takes part in.
 */
export function planRooms(joined: Set<string>, actor: Actor | undefined, participants: Map<string, string[]>): RoomPlan {
  const readable = actor ? unitsWith(actor, 'thread.read') : [];
  if (!actor || !actor.memberships.length) return { close: true, leave: [], join: [], revokedThreads: [] };
  const leave: string[] = [];
  const revokedThreads: string[] = [];
  for (const room of joined) {
    const unit = UNIT_ROOM.exec(room)?.[1];
    if (unit && !readable.includes(unit)) leave.push(room);
    const thread = THREAD_ROOM.exec(room)?.[1];
    if (thread && !(participants.get(thread) ?? []).some((u) => readable.includes(u))) {
      leave.push(room);
      revokedThreads.push(thread);
    }
  }
  const join = readable.map(rooms.unit).filter((r) => !joined.has(r));
  return { close: false, leave, join, revokedThreads };
}
