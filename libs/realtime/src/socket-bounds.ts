import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';

/** Output a socket may have waiting (not yet taken by its client) before it counts as a slow reader. */
export const MAX_UNSENT_BYTES = 2 * 1024 * 1024;
/** A replay sends its next page only when less than this waits for the client. */
const REPLAY_HIGH_WATER = 256 * 1024;
/** How long a replay waits for a client to read before it is closed as a slow reader. */
const REPLAY_WAIT_MS = 10_000;

const logger = new Logger('Realtime');

interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

/**
 * Bytes written to this socket that its client has not taken yet: engine.io's queue (packets wait
 * there while the transport is busy with an earlier write) and the WebSocket's own buffer.
 */
export function unsentBytes(socket: Socket): number {
  const conn = socket.conn as unknown as EngineConnection;
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
  }
  return bytes;
}

/**
 * Closes a socket whose client does not read what it is sent, at once and without a goodbye (it
 * would not read that either): what was waiting for it is freed now, not after a close handshake.
 * One log line per socket, with the reason.
 */
export function closeSlowReader(socket: Socket, bytes: number): void {
  if (socket.disconnected) return;
  logger.warn(`Closed a socket whose client did not read (${(bytes / 1024 / 1024).toFixed(1)} MB waiting for it): a slow reader`);
  const ws = (socket.conn as unknown as EngineConnection).transport?.socket;
  if (ws?.terminate) ws.terminate();
  socket.disconnect(true);
}

/** Closes the socket when too much waits for its client (checked before every live push). */
export function boundOutput(socket: Socket, skip: () => boolean): void {
  socket.onAnyOutgoing(() => {
    if (skip()) return;
    const bytes = unsentBytes(socket);
    if (bytes > MAX_UNSENT_BYTES) closeSlowReader(socket, bytes);
  });
}

/**
 * Flow control for a replay: resolves when the client has taken all but REPLAY_HIGH_WATER of its
 * output; false (and the socket closed) when it did not within REPLAY_WAIT_MS, or it went away.
 */
export async function clientCaughtUp(socket: Socket): Promise<boolean> {
  const deadline = Date.now() + REPLAY_WAIT_MS;
  for (;;) {
    if (socket.disconnected) return false;
    const bytes = unsentBytes(socket);
    if (bytes <= REPLAY_HIGH_WATER) return true;
    if (Date.now() > deadline) {
      closeSlowReader(socket, bytes);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a refused socket's client gets (socket.io's connect_error: `message` and `data`). */
function refusal(reason: string, message: string): Error {
  return Object.assign(new Error(reason), { data: { message } });
}

/**
 * Open sockets per session and per user on this node, counted as they connect and leave: a client
 * that opens sockets without end is refused with a reason once it holds its share.
 */
export class SocketCounts {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, number>();

  constructor(private readonly limits: { perSession: number; perUser: number }) {}

  /** Counts the socket in (and out when it disconnects), or returns the refusal. */
  admit(socket: Socket, sid: string, userId: string): Error | undefined {
    if ((this.sessions.get(sid) ?? 0) >= this.limits.perSession)
      return refusal('too_many_sockets', 'För många öppna anslutningar i denna inloggning. Stäng några flikar och försök igen.');
    if ((this.users.get(userId) ?? 0) >= this.limits.perUser)
      return refusal('too_many_sockets', 'För många öppna anslutningar för din användare. Stäng några flikar och försök igen.');
    const change = (map: Map<string, number>, key: string, by: number) => {
      const n = (map.get(key) ?? 0) + by;
      if (n > 0) map.set(key, n);
      else map.delete(key);
    };
    change(this.sessions, sid, 1);
    change(this.users, userId, 1);
    // Counted out once, whichever comes first: a socket whose client left while it was being
    // admitted never gets 'disconnect', but its connection closes.
    let counted = true;
    const out = () => {
      if (!counted) return;
      counted = false;
      change(this.sessions, sid, -1);
      change(this.users, userId, -1);
    };
    socket.once('disconnect', out);
    socket.conn.once('close', out);
    return undefined;
  }

  /** Does this user hold any socket here (their rate bucket can go when not)? */
  hasUser(userId: string): boolean {
    return this.users.has(userId);
  }
}
