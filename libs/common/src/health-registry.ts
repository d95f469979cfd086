import { Injectable } from '@nestjs/common';

/**
 * Parts of a node that can be down while the process runs (e.g. the socket adapter's LISTEN
 * connection) say so here; /api/health reports them. Per app, not per process: tests run
 * several apps in one process.
 */
@Injectable()
export class HealthRegistry {
  private readonly parts = new Map<string, string>();

  /** `state` is 'ok' or a word for what is wrong ('reconnecting', 'unreachable'). */
  set(part: string, state: string): void {
    this.parts.set(part, state);
  }

  get all(): Record<string, string> {
    return Object.fromEntries(this.parts);
  }
}

/**
 * The registry's part for the embedded PostgreSQL's supervisor: 'restarting' while it is started
 * again after a crash, 'failed' when it did not come back (then liveness fails: restart the node).
 */
export const EMBEDDED_DATABASE = 'embedded-postgres';
