import { Logger } from '@nestjs/common';
import { databaseWaits } from './database-waits';
import { storageFull } from './storage-full';

/** What every client gets while the database is unreachable or the node is stopping (REST and socket acks). */
export const UNAVAILABLE_MESSAGE = 'Brygga är tillfälligt otillgängligt, försök igen om en stund';
/** Seconds a client should wait before retrying (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 5;

/** PostgreSQL SQLSTATEs that mean "the server went away or is not ready", not "your query is wrong". */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08P01', // connection exceptions
  '53300', // too_many_connections
]);
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres and pg-pool say these without a code. */
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'Connection is not established',
  'Client was closed and is not queryable',
];
/**
 * TypeORM's, when a transaction's connection died under it: the driver released the runner on the
 * connection's error, and the next statement (or the rollback) finds it gone.
 */
const NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** Is this error the database being unreachable, rather than a bug? */
export function isUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof name === 'string' && NAMES.has(name)) return true;
    if (typeof code === 'string' && (SQLSTATES.has(code) || NODE_CODES.has(code))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => message.startsWith(m))) return true;
    // TypeORM wraps the driver's error; Node wraps causes.
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

function describe(error: unknown): string {
  const e = (error as { driverError?: { code?: string; message?: string } }).driverError ?? (error as { code?: string; message?: string });
  return [e?.code, e?.message].filter(Boolean).join(' ') || String(error);
}

/**
 * The process's view of a database outage: one log line when it begins and one when it ends,
 * however many requests, sockets and timers run into it in between. Something that can tell
 * (the database module's probe) calls `recovered()`; everyone else only `report()`s.
 */
class DatabaseOutage {
  private readonly logger = new Logger('Database');
  private since?: number;
  private readonly listeners = new Set<() => void>();

  get down(): boolean {
    return this.since !== undefined;
  }

  /** Note an error; returns true when it was an outage (then it is already logged, once). */
  report(error: unknown): boolean {
    if (!isUnavailable(error)) return false;
    if (this.since === undefined) {
      this.since = Date.now();
      this.logger.warn(`Database unreachable (${describe(error)}): answering 503 until it is back`);
      this.listeners.forEach((l) => l());
    }
    return true;
  }

  recovered(): void {
    if (this.since === undefined) return;
    this.logger.log(`Database reachable again after ${((Date.now() - this.since) / 1000).toFixed(1)} s`);
    this.since = undefined;
  }

  /** Called when an outage begins (the database module starts probing for its end). */
  onDown(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const databaseOutage = new DatabaseOutage();

/** For background work (sweeps, sealer, adapter): an outage is logged once by the tracker, anything else here. */
export function logBackgroundError(logger: Logger, what: string, error: unknown): void {
  if (!databaseWaits.report(error) && !databaseOutage.report(error) && !storageFull.report(error)) logger.warn(`${what}: ${String(error)}`);
}
