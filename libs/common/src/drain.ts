import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Socket } from 'socket.io';
import { sendError } from './http-exception.filter';
import { UNAVAILABLE_MESSAGE } from './unavailable';

type Packet = unknown[];

/**
 * After a stop begins, how long sockets are still served while their clients move to another
 * node (each was told `server:stopping`). A post a client sent before it heard the notice is
 * answered, not refused or dropped with the connection: the client needs no retry at all.
 */
const SOCKET_LEAVE_MS = 2000;
const LEAVE_POLL_MS = 50;

/**
 * Knows what this node is doing: how many requests and socket actions are in flight, and
 * whether it is stopping. While stopping, new HTTP requests are answered 503 (the load balancer
 * retries them on another node); sockets are told to move and are served until they have left or
 * the leave window ends (socket.io has no balancer to retry for it); the work in flight is waited
 * for, so that nothing is acknowledged after the node stopped pushing live events.
 */
@Injectable()
export class Drain {
  private readonly logger = new Logger('Stop');
  private active = 0;
  private stoppingSince?: number;
  private drained = false;
  private idleWaiters: (() => void)[] = [];
  private readonly stoppingHooks: (() => number)[] = [];
  private readonly drainedHooks: (() => void)[] = [];

  get stopping(): boolean {
    return this.stoppingSince !== undefined;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Express: refuse new requests while stopping, count the others until their answer is sent. */
  readonly httpMiddleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.stopping) {
      // Close this keep-alive connection after the answer: the client reconnects elsewhere.
      res.setHeader('Connection', 'close');
      return sendError(res, { statusCode: 503, error: 'unavailable', message: UNAVAILABLE_MESSAGE });
    }
    const end = this.track();
    res.once('finish', end);
    res.once('close', end);
    next();
  };

  /** socket.io: the same for events that want an acknowledgement (all of Brygga's actions do). */
  guardSocket(socket: Socket): void {
    // A handler that never acknowledges (its socket went away) must not be waited for.
    const pending = new Set<() => void>();
    socket.once('disconnect', () => pending.forEach((end) => end()));
    socket.use((packet: Packet, next) => {
      const ack = packet[packet.length - 1];
      if (typeof ack !== 'function') return next();
      // Only after the sockets were closed (a packet that raced the close): refuse, the client retries.
      if (this.drained) {
        (ack as (r: unknown) => void)({ ok: false, error: { statusCode: 503, error: 'unavailable', message: UNAVAILABLE_MESSAGE } });
        return;
      }
      const end = this.track(() => pending.delete(end));
      pending.add(end);
      packet[packet.length - 1] = (...args: unknown[]) => {
        end();
        (ack as (...a: unknown[]) => void)(...args);
      };
      next();
    });
  }

  /**
   * Runs when a stop begins: the socket layer tells its clients to move to another node and
   * returns how many are still connected (called again while waiting for them to leave).
   */
  onStopping(hook: () => number): void {
    this.stoppingHooks.push(hook);
  }

  /** Runs when stop() is done waiting (the socket layer closes the sockets still open). */
  onDrained(hook: () => void): void {
    this.drainedHooks.push(hook);
  }

  /**
   * From now on new HTTP requests get 503. Sockets get the leave window; then the work in flight
   * is waited for. Resolves true when it is done, false after the grace period; either way the
   * drained hooks have run.
   */
  async stop(graceMs: number): Promise<boolean> {
    if (this.stopping) return this.idle(graceMs);
    this.stoppingSince = Date.now();
    const connected = () => this.stoppingHooks.reduce((sum, hook) => sum + hook(), 0);
    const leaveUntil = this.stoppingSince + Math.min(SOCKET_LEAVE_MS, graceMs);
    if (connected() > 0) await this.waitFor(() => connected() === 0, leaveUntil);
    const idle = await this.idle(Math.max(0, this.stoppingSince + graceMs - Date.now()));
    this.drained = true;
    for (const hook of this.drainedHooks.splice(0)) hook();
    return idle;
  }

  /** Polls until `done` or `until` (epoch ms); the waits are short and end with the stop. */
  private async waitFor(done: () => boolean, until: number): Promise<void> {
    while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, LEAVE_POLL_MS));
  }

  private async idle(graceMs: number): Promise<boolean> {
    if (this.active === 0) return true;
    this.logger.log(`Waiting up to ${graceMs} ms for ${this.active} request(s) in flight`);
    let timer: NodeJS.Timeout | undefined;
    const idle = await Promise.race([
      new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!idle) this.logger.warn(`Grace period over with ${this.active} request(s) still in flight: closing their connections`);
    return idle;
  }

  /** Counts one piece of work; the returned function ends it (once, however often it is called). */
  private track(onEnd?: () => void): () => void {
    this.active += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      onEnd?.();
      this.active -= 1;
      if (this.active === 0) this.idleWaiters.splice(0).forEach((w) => w());
    };
  }
}
