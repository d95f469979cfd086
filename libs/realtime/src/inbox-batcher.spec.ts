import type { Server, Socket } from 'socket.io';
import { INBOX_AWAY_SLICE, InboxBatcher } from './inbox-batcher';
import { rooms } from './socket-events';

/** Just what InboxBatcher reads of socket.io: the namespace's rooms and sockets, and local emits to socket ids. */
function fakeIo(units: number, perUnit: number, showing: (i: number) => boolean) {
  const sockets = new Map<string, Socket>();
  const roomMap = new Map<string, Set<string>>();
  const frames: { event: string; socketId: string; threadIds: string[] }[] = [];
  for (let u = 0; u < units; u++) {
    const room = rooms.unit(`u${u}`);
    roomMap.set(room, new Set());
    for (let j = 0; j < perUnit; j++) {
      const id = `s${u}-${j}`;
      sockets.set(id, { id, rooms: new Set([id, room]), data: { showsInbox: showing(j) } } as unknown as Socket);
      roomMap.get(room)!.add(id);
    }
  }
  const io = {
    of: () => ({ adapter: { rooms: roomMap }, sockets }),
    local: {
      to: (ids: string[]) => ({
        emit: (event: string, body: { threads: { threadId: string }[] }) => {
          for (const socketId of ids) frames.push({ event, socketId, threadIds: body.threads.map((t) => t.threadId) });
        },
      }),
    },
  } as unknown as Server;
  return { io, frames };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('InboxBatcher', () => {
  it('sends the away batch a slice of sockets per turn, each socket its own units’ threads, and the shown batch at once', async () => {
    // 200 units of 5 sockets: the first of each shows the inbox, the other four (800) do not.
    const { io, frames } = fakeIo(200, 5, (j) => j === 0);
    const batcher = new InboxBatcher(io);
    try {
      for (let u = 0; u < 200; u++) batcher.add(`t${u}`, 1, 'author', [`u${u}`]);
      // The shown batch's flush (as before a read's inbox:read) sends everything in its own turn.
      batcher.flush();
      const counts = frames.filter((f) => f.event === 'inbox:counts');
      expect(counts).toHaveLength(200);
      // The away batch's, a slice now and the rest in later turns.
      (batcher as unknown as { away: { flush(): void } }).away.flush();
      const firstTurn = frames.filter((f) => f.event === 'inbox:unread').length;
      expect(firstTurn).toBeGreaterThan(0);
      expect(firstTurn).toBeLessThan(800);
      for (let i = 0; i < 10; i++) await turn();
      const unread = frames.filter((f) => f.event === 'inbox:unread');
      expect(unread).toHaveLength(800);
      expect(new Set(unread.map((f) => f.socketId)).size).toBe(800);
      for (const f of [...counts, ...unread]) expect(f.threadIds).toEqual([`t${f.socketId.slice(1).split('-')[0]}`]);
      expect(firstTurn).toBeLessThanOrEqual(INBOX_AWAY_SLICE + 4);
    } finally {
      batcher.close();
    }
  });
});
