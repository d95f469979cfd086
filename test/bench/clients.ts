/**
 * The benchmark's socket clients, in a process of their own (forked by run.ts): they connect to
 * an api node with session cookies, join a thread each or show the inbox, count every frame they receive and note
 * when each benchmark message first arrives (epoch ms, comparable with the poster process).
 */
import { io, type Socket } from 'socket.io-client';

interface ConnectCommand {
  cmd: 'connect';
  url: string;
  origin: string;
  /** `inbox`: the client's screen is the inbox (`inbox:watch` on, the server's default) or not (off: a thread's page). */
  clients: { cookie: string; join: string | null; inbox?: boolean }[];
}
type Command = ConnectCommand | { cmd: 'reset' } | { cmd: 'collect' } | { cmd: 'close' };

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
let frames = new Map<string, number>();
let arrivals = new Map<string, number>();
let disconnects = 0;

function connect(url: string, origin: string, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin } });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function watch(socket: Socket): void {
  socket.onAny((event: string, data: { body?: string }) => {
    frames.set(event, (frames.get(event) ?? 0) + 1);
    if (event === 'message' && typeof data?.body === 'string' && data.body.startsWith('e2e-') && !arrivals.has(data.body))
      arrivals.set(data.body, now());
  });
  socket.on('disconnect', () => void disconnects++);
}

async function onCommand(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'connect': {
      const started = Date.now();
      let failed = 0;
      const batch = 100;
      for (let i = 0; i < command.clients.length; i += batch) {
        await Promise.all(
          command.clients.slice(i, i + batch).map(async (c) => {
            try {
              const socket = await connect(command.url, command.origin, c.cookie);
              watch(socket);
              sockets.push(socket);
              // As the web client says on every page but the inbox (an api without inbox:watch answers 400: it counts nothing).
              if (c.inbox === false) await socket.timeout(60_000).emitWithAck('inbox:watch', { on: false });
              if (c.join) {
                const ack = (await socket.timeout(60_000).emitWithAck('thread:join', { threadId: c.join, lastSeq: 1_000_000 })) as {
                  ok: boolean;
                };
                if (!ack.ok) failed++;
              }
            } catch {
              failed++;
            }
          }),
        );
      }
      return { connected: sockets.length, failed, ms: Date.now() - started };
    }
    case 'reset':
      frames = new Map();
      arrivals = new Map();
      disconnects = 0;
      return {};
    case 'collect':
      return { frames: Object.fromEntries(frames), arrivals: [...arrivals], disconnects, open: sockets.filter((s) => s.connected).length };
    case 'close':
      sockets.splice(0).forEach((s) => s.disconnect());
      return {};
  }
}

process.on('message', (command: Command & { id: number }) => {
  onCommand(command).then(
    (result) => process.send!({ id: command.id, result }),
    (error: unknown) => process.send!({ id: command.id, error: String(error) }),
  );
});
