import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { cutShortWait, isUnavailable } from '@brygga/common';

/** Handshakes that may read the database at once (their session, their user): the rest of the pool stays for requests. */
const CONCURRENT = 8;
/** Handshakes that may wait for a turn; one more is told to back off (a few seconds of work at most). */
const QUEUED = 400;
/**
 * A handshake that waited this long for its turn is told to back off instead (clients give up
 * after 20 s, socket.io's connect timeout: a loaded node must answer well before that).
 */
const MAX_WAIT_MS = 3000;
/** What a refused client is asked to wait before retrying: spread, so that retries do not come back as one storm. */
const RETRY_MIN_MS = 1000;
const RETRY_SPREAD_MS = 4000;
/** The spread grows with what is refused (see retryAfterMs), up to this. */
const RETRY_MAX_SPREAD_MS = 60_000;
/**
 * Handshakes a second a node is taken to serve at least (two busy cores served 33-116 a second in a
 * storm): the estimate before it has served any, so that the first refusals are not spread too far.
 */
const MIN_SERVED_PER_SECOND = 50;
/** How far back refusals and served handshakes are counted, in one-second buckets. */
const WINDOW_SECONDS = 5;

export const BUSY_MESSAGE = 'Många ansluter just nu. Vi försöker igen om en stund.';

/** What a client told to back off gets (socket.io's connect_error: `message` 'server_busy' and `data`). */
export function busyRefusal(retryAfterMs = RETRY_MIN_MS + Math.round(Math.random() * RETRY_SPREAD_MS)): Error {
  return Object.assign(new Error('server_busy'), { data: { message: BUSY_MESSAGE, retryAfterMs } });
}

/** Events in the last WINDOW_SECONDS, in one-second buckets. */
class Recent {
  private readonly buckets = new Array<number>(WINDOW_SECONDS).fill(0);
  private second = 0;

  add(): void {
    this.roll();
    this.buckets[this.second % WINDOW_SECONDS] += 1;
  }

  total(): number {
    this.roll();
    return this.buckets.reduce((a, b) => a + b, 0);
  }

  private roll(): void {
    const now = Math.floor(Date.now() / 1000);
    for (let s = Math.max(this.second + 1, now - WINDOW_SECONDS + 1); s <= now; s++) this.buckets[s % WINDOW_SECONDS] = 0;
    this.second = now;
  }
}

/** A handshake request the gate could not serve in time: refused with 'server_busy' by the namespace. */
export interface BusyRequest extends IncomingMessage {
  busy?: boolean;
}

/** A handshake whose turn came too late (MAX_WAIT_MS): its work did not run. */
class WaitedTooLong extends Error {}

/** Is this the database being busy or away, or the gate full (the handshake should be retried), rather than a refusal? */
export function isBusy(error: unknown): boolean {
  return error instanceof WaitedTooLong || Boolean(cutShortWait(error)) || isUnavailable(error);
}

/**
 * Bounds the database work of socket handshakes (issue 30: of 5,000 sockets opened at once the
 * node silently closed 3,078). Every handshake read its session and its user; thousands at once
 * queued on the pool until its acquire timeout cut them off, and the client saw a bare
 * "websocket error" or a socket closed right after it connected. Now a few handshakes read at a
 * time, a bounded number wait their turn, and the rest are told to back off (and retry).
 */
@Injectable()
export class HandshakeGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  private readonly limits = { concurrent: CONCURRENT, queued: QUEUED, maxWaitMs: MAX_WAIT_MS };
  private readonly served = new Recent();
  private readonly refused = new Recent();

  /**
   * A refusal whose retry time follows the storm: clients refused within the last few seconds come
   * back spread over about the time this node takes to serve them and those waiting. With a fixed
   * 1-5 s, 5,000 sockets at once were refused 17,692 times (each refusal a whole WebSocket handshake)
   * and another user's read on the node waited over 20 s.
   */
  refusal(): Error {
    this.refused.add();
    const perSecond = Math.max(this.served.total() / WINDOW_SECONDS, MIN_SERVED_PER_SECOND);
    const drainMs = ((this.waiting.length + this.refused.total()) / perSecond) * 1000;
    const spread = Math.min(RETRY_MAX_SPREAD_MS, Math.max(RETRY_SPREAD_MS, drainMs));
    return busyRefusal(RETRY_MIN_MS + Math.round(Math.random() * spread));
  }

  /**
   * Runs work in its turn; undefined (nothing run) when too many handshakes already wait. Rejects
   * with an error isBusy() knows, without running the work, when the turn came too late.
   */
  run<T>(work: () => Promise<T>): Promise<T> | undefined {
    if (this.running < this.limits.concurrent) {
      this.running += 1;
      return this.inTurn(work);
    }
    if (this.waiting.length >= this.limits.queued) return undefined;
    const queuedAt = Date.now();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => {
      if (Date.now() - queuedAt <= this.limits.maxWaitMs) return this.inTurn(work);
      this.release();
      throw new WaitedTooLong('waited too long for a handshake turn');
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    return Promise.resolve()
      .then(work)
      .finally(() => {
        this.served.add();
        this.release();
      });
  }

  /** The slot passes to the next in line as it is (still counted as running), or is freed. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
