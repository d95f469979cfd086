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

/** One socket per logged-in tab, on this origin with the session cookie; socket.io reconnects by itself. */
export function openSocket(): BryggaSocket {
  if (socket) return socket;
  // WebSocket only: the server admits a handshake only with an allowed Origin header, which browsers
  // always send on a WebSocket upgrade but not on same-origin long-polling GETs.
  const s: BryggaSocket = io({ transports: ['websocket'], withCredentials: true, reconnectionDelayMax: 10_000 });
  s.on('connect', () => setState('ansluten'));
  // A node that stops says so first; the reconnect then reaches another node behind the load balancer.
  let nodeStopping = false;
  s.on('server:stopping', () => {
    nodeStopping = true;
  });
  s.on('disconnect', (reason) => {
    setState('återansluter');
    if (reason === 'io server disconnect' && nodeStopping) {
      nodeStopping = false;
      setState('återansluter');
      setTimeout(() => s.connect(), 500 + Math.random() * 1500);
      return;
    }
    // The server closed it (logout, expiry, a revoked user); its 'session:ended' may not have
    // arrived first. Ask the api: a missing cookie means this browser logged out (another tab),
    // a cookie without a session means it expired.
    if (reason === 'io server disconnect') {
      void unwrap(client.GET('/api/me'), { quiet401: true }).then(
        () => s.connect(),
        (error: unknown) => {
          if (!(error instanceof ApiError) || !error.unauthenticated) return;
          closeSocket();
          signalUnauthenticated(error.message.startsWith('Sessionen') ? 'utgangen' : 'utloggad');
        },
      );
    }
  });
  s.io.on('reconnect_attempt', () => setState('återansluter'));
  s.on('session:ended', ({ reason }) => {
    closeSocket();
    signalUnauthenticated(reason === 'logout' ? 'utloggad' : 'utgangen');
  });
  socket = s;
  return s;
}

export function closeSocket(): void {
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
