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

export const BUSY_MESSAGE = 'Många ansluter just nu. Vi försöker igen om en stund.';

/** What a client told to back off gets (socket.io's connect_error: `message` 'server_busy' and `data`). */
export function busyRefusal(): Error {
  return Object.assign(new Error('server_busy'), {
    data: { message: BUSY_MESSAGE, retryAfterMs: RETRY_MIN_MS + Math.round(Math.random() * RETRY_SPREAD_MS) },
  });
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
      .finally(() => this.release());
  }

  /** The slot passes to the next in line as it is (still counted as running), or is freed. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
