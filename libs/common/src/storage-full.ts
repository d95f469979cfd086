import { Logger } from '@nestjs/common';

/** PostgreSQL's disk_full; a failed write of a file (io_error 58030) says so only in its message. */
const DISK_FULL = '53100';
const NO_SPACE = 'No space left on device';

/** Is this error the database's disk being full, looking through TypeORM's and Node's wrappers? */
export function isDiskFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === DISK_FULL || code === 'ENOSPC') return true;
    if (typeof message === 'string' && message.includes(NO_SPACE)) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The process's view of a full disk under the database (issue 30: every read and write answered
 * 500 while readiness said 200). While it lasts, what runs into it answers 503 with Retry-After,
 * readiness is down (a load balancer sends no work; another node on other storage is no help,
 * but the orchestrator sees why), and the database module probes until a write of a file
 * succeeds again. One log line when it begins and one when it ends.
 */
class StorageFull {
  private readonly logger = new Logger('Database');
  private since?: number;
  private readonly listeners = new Set<() => void>();

  get full(): boolean {
    return this.since !== undefined;
  }

  /** Note an error; true when it was a full disk (then it is already logged, once). */
  report(error: unknown): boolean {
    if (!isDiskFull(error)) return false;
    if (this.since === undefined) {
      this.since = Date.now();
      this.logger.error(`The database's disk is full (${describe(error)}): answering 503 and not ready until space returns`);
      this.listeners.forEach((l) => l());
    }
    return true;
  }

  recovered(): void {
    if (this.since === undefined) return;
    this.logger.log(`The database can write again after ${((Date.now() - this.since) / 1000).toFixed(1)} s of a full disk`);
    this.since = undefined;
  }

  /** Called when a full disk is first seen (the database module probes for its end). */
  onFull(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function describe(error: unknown): string {
  const e = (error as { driverError?: { code?: string; message?: string } }).driverError ?? (error as { code?: string; message?: string });
  return [e?.code, e?.message].filter(Boolean).join(' ') || String(error);
}

export const storageFull = new StorageFull();
