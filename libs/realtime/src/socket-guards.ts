import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { CLIENT_EVENTS } from './socket-events';

const STRIKES_BEFORE_DISCONNECT = 20;

type Packet = unknown[];

const logger = new Logger('Realtime');

/** A join replays a thread from the database: it costs the user this many actions' worth. */
const JOIN_COST = 5;
/** One socket may use this share of its user's rate (SOCKET_ACTIONS_PER_SECOND, 50 → 20 per socket). */
const SOCKET_SHARE = 0.4;

/**
 * One user's actions per node, across all their sockets: many sockets of one user (or session)
 * cannot multiply the load they put on the pool (issue 30).
 */
export class UserRates {
  private readonly buckets = new Map<string, { tokens: number; last: number }>();
  /** Per user and per socket: actions per second, and the burst (twice that). */
  readonly user: { rate: number; burst: number };
  readonly socket: { rate: number; burst: number };

  constructor(actionsPerSecond = 50) {
    this.user = { rate: actionsPerSecond, burst: 2 * actionsPerSecond };
    const socket = Math.max(1, Math.round(actionsPerSecond * SOCKET_SHARE));
    this.socket = { rate: socket, burst: 2 * socket };
  }

  take(userId: string, cost: number): boolean {
    const now = Date.now();
    const bucket = this.buckets.get(userId) ?? { tokens: this.user.burst, last: now };
    bucket.tokens = Math.min(this.user.burst, bucket.tokens + ((now - bucket.last) / 1000) * this.user.rate);
    bucket.last = now;
    this.buckets.set(userId, bucket);
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  /** The user's last socket on this node closed. */
  forget(userId: string): void {
    this.buckets.delete(userId);
  }
}

/**
 * Per-connection protection: unknown events get an error acknowledgement, a flood (of this socket,
 * or of all the user's sockets together) gets 429 acknowledgements and then the connection is
 * closed. Nothing here reaches a service.
 */
export function guardSocket(socket: Socket, user?: { id: string; rates: UserRates }): void {
  const { rate, burst } = user?.rates.socket ?? { rate: 20, burst: 40 };
  let tokens = burst;
  let last = Date.now();
  let strikes = 0;
  const refuse = (packet: Packet, statusCode: number, message: string): void => {
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: false, error: { statusCode, message } });
  };
  socket.use((packet: Packet, next) => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens < 1 || (user && !user.rates.take(user.id, packet[0] === 'thread:join' ? JOIN_COST : 1))) {
      refuse(packet, 429, 'För många förfrågningar. Försök igen om en stund.');
      if (++strikes >= STRIKES_BEFORE_DISCONNECT && socket.connected) {
        // One line per socket, with the reason (a slow reader is logged as one in socket-bounds.ts).
        logger.warn(`Closed a socket that went on sending after ${strikes} refusals for its rate: a flood`);
        socket.disconnect(true);
      }
      return;
    }
    tokens -= 1;
    if (!(CLIENT_EVENTS as readonly unknown[]).includes(packet[0])) {
      refuse(packet, 400, 'Okänd händelse.');
      return;
    }
    next();
  });
}
