import { useEffect, useRef, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@brygga/contracts';
import { client, unwrap } from './api/client';
import { ApiError } from './api/errors';
import { signalUnauthenticated } from './api/session-events';

export type BryggaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** 'återansluter': the socket was up and is lost; on return every open thread asks for what it missed (by seq). */
export type ConnectionState = 'ansluten' | 'ansluter' | 'återansluter';

let socket: BryggaSocket | null = null;
let state: ConnectionState = 'ansluter';
const stateListeners = new Set<() => void>();
const setState = (next: ConnectionState) => {
  state = next;
  stateListeners.forEach((l) => l());
};

/** Reconnect backoff: 0.5 s doubling to 15 s, each wait spread ±50 % so that a node's clients do not return as one storm. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retries = 0;

/**
 * Whether the user has an inbox at all (reads threads in some unit). Only then does the tab say
 * what it shows: the server refuses `inbox:watch` to anyone else and logs the refusal, and a log
 * reviewer's every login wrote two such denials into the log.
 */
let hasInbox = false;

/** One socket per logged-in tab, on this origin with the session cookie. */
export function openSocket(options: { hasInbox: boolean }): BryggaSocket {
  hasInbox = options.hasInbox;
  if (socket) return socket;
  // WebSocket only: the server admits a handshake only with an allowed Origin header, which browsers
  // always send on a WebSocket upgrade but not on same-origin long-polling GETs.
  const s: BryggaSocket = io({ transports: ['websocket'], withCredentials: true, reconnectionDelayMax: 10_000 });
  s.on('connect', () => {
    retries = 0;
    // The server takes a new socket to show the inbox until told: say what this tab shows, on every
    // (re)connect (while disconnected, useShowsInbox says nothing).
    if (hasInbox) s.emit('inbox:watch', { on: inboxViews > 0 });
    setState('ansluten');
  });
  // A node that stops says so first; the reconnect then reaches another node behind the load balancer.
  let nodeStopping = false;
  s.on('server:stopping', () => {
    nodeStopping = true;
  });
  // socket.io comes back by itself from a lost connection, but not from a socket the server
  // closed or refused (logout, expiry, a stopping node, a busy node): those come back here, with
  // backoff, whatever went wrong meanwhile (issue 30: one 5xx from /api/me and it never tried again).
  s.on('disconnect', (reason) => {
    setState('återansluter');
    if (reason !== 'io server disconnect') return;
    if (nodeStopping) {
      nodeStopping = false;
      comeBack(s, 500 + Math.random() * 1500);
      return;
    }
    // Closed by the server (logout, expiry, a revoked user): its 'session:ended' may not have come first.
    comeBack(s, 0, true);
  });
  s.on('connect_error', (error: Error & { data?: { retryAfterMs?: number } }) => {
    // A lost network: socket.io retries by itself while the socket is active.
    if (s.active) return;
    if (state === 'ansluten') setState('återansluter');
    // Refused by the server: a busy node says when to come back; anything else asks the api first.
    if (error.message === 'server_busy') comeBack(s, error.data?.retryAfterMs ?? backoff());
    else comeBack(s, backoff(), true);
  });
  s.io.on('reconnect_attempt', () => setState('återansluter'));
  s.on('session:ended', ({ reason }) => {
    closeSocket();
    signalUnauthenticated(reason === 'logout' ? 'utloggad' : 'utgangen');
  });
  socket = s;
  return s;
}

function backoff(): number {
  const ms = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** retries);
  retries += 1;
  return ms * (0.5 + Math.random());
}

/**
 * Connects the socket again after a wait. With `askFirst`, the api is asked whether the session
 * still holds: a missing cookie means this browser logged out (another tab), a cookie without a
 * session means it expired; any other failure (a 5xx, no network) is tried again with backoff.
 */
function comeBack(s: BryggaSocket, waitMs: number, askFirst = false): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    if (socket !== s || s.connected) return;
    if (!askFirst) return void s.connect();
    void unwrap(client.GET('/api/me'), { quiet401: true }).then(
      () => {
        if (socket === s && !s.connected) s.connect();
      },
      (error: unknown) => {
        if (socket !== s) return;
        if (error instanceof ApiError && error.unauthenticated) {
          closeSocket();
          signalUnauthenticated(error.message.startsWith('Sessionen') ? 'utgangen' : 'utloggad');
          return;
        }
        comeBack(s, backoff(), true);
      },
    );
  }, waitMs);
}

export function closeSocket(): void {
  clearTimeout(retryTimer);
  retries = 0;
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  setState('ansluter');
}

export function currentSocket(): BryggaSocket | null {
  return socket;
}

const subscribeState = (listener: () => void) => {
  stateListeners.add(listener);
  return () => {
    stateListeners.delete(listener);
  };
};
const readState = () => state;

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribeState, readState);
}

type Handler<E extends keyof ServerToClientEvents> = ServerToClientEvents[E];

/** How many mounted views show the inbox's live rows (the inbox, Mina uppgifter). */
let inboxViews = 0;

/**
 * While mounted, this tab shows the inbox: its socket gets every new message's counts within a
 * quarter second (`inbox:counts`). Elsewhere it gets them at most every 5 s (`inbox:unread`), for
 * the unread total in the title and the away notice (issue 32: every tab got up to four frames a
 * second of counts it did not show).
 */
export function useShowsInbox(): void {
  useEffect(() => {
    inboxViews += 1;
    if (inboxViews === 1 && hasInbox && socket?.connected) socket.emit('inbox:watch', { on: true });
    return () => {
      inboxViews -= 1;
      // The next view may show it too (a filter changed, a remount): say so only if none does after this tick.
      queueMicrotask(() => {
        if (inboxViews === 0 && hasInbox && socket?.connected) socket.emit('inbox:watch', { on: false });
      });
    };
  }, []);
}

/** Listens to a server event while the component is mounted; the latest handler is always used. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: Handler<E>): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const s = socket;
    if (!s) return;
    const listener = ((...args: Parameters<Handler<E>>) => (ref.current as (...a: Parameters<Handler<E>>) => void)(...args)) as never;
    s.on(event, listener);
    return () => {
      s.off(event, listener);
    };
  }, [event]);
}

/** Runs on every (re)connect while mounted, and once now when already connected. */
export function useOnConnect(handler: () => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const s = socket;
    if (!s) return;
    const listener = () => ref.current();
    s.on('connect', listener);
    if (s.connected) listener();
    return () => {
      s.off('connect', listener);
    };
  }, []);
}
