import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { logBackgroundError } from '@brygga/common';
import { InvalidatedCache } from './invalidated-cache';

/**
 * The NOTIFY channel that carries cache invalidations between api nodes. Triggers on the tables
 * that cached reads come from (migration CacheInvalidation) send on it, inside the writing
 * transaction: PostgreSQL delivers the notification exactly when that transaction commits, and
 * never when it rolls back, whoever wrote (this code, another node, an operator in psql).
 */
export const CACHE_CHANNEL = 'brygga_cache';

/** What a notification names: a session (by `sessionKey`, never the id itself), a user, the system clients, or everything. */
export type Invalidation = { sid: string } | { userId: string } | { systemClients: true } | { all: true };
/** What a cache's keys are: sessions, users, or nothing (a cache of system clients, dropped whole). */
export type InvalidationScope = 'sid' | 'userId' | 'systemClients';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
/** A LISTEN connection can die without a word (a half-open TCP connection): it is asked to answer now and then. */
const PING_MS = 15_000;
const PING_TIMEOUT_MS = 5000;

const logger = new Logger('CacheInvalidation');

/**
 * One dedicated connection per node that LISTENs on `brygga_cache` and applies what it hears to
 * this node's caches. While it is not listening (not yet connected, PostgreSQL restarting, the
 * network gone) the caches serve and keep nothing; when it listens again everything they held
 * is dropped, since notifications may have been missed meanwhile. An outage is logged once and
 * never ends the process; the connection is retried with backoff until PostgreSQL is back.
 */
export class CacheInvalidation implements OnModuleInit, OnApplicationShutdown {
  private readonly caches: { scope: InvalidationScope; cache: InvalidatedCache<unknown> }[] = [];
  private client?: Client;
  private listening = false;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private retry?: NodeJS.Timeout;
  private ping?: NodeJS.Timeout;

  constructor(private readonly connectionString: string) {}

  /** A cache whose entries, keyed by a session key or a user id, this channel invalidates. */
  cache<V>(scope: InvalidationScope, ttlMs: number, maxEntries: number): InvalidatedCache<V> {
    const cache = new InvalidatedCache<V>(ttlMs, maxEntries, () => this.listening);
    this.caches.push({ scope, cache: cache as InvalidatedCache<unknown> });
    return cache;
  }

  /** Is the channel up (and so are the caches)? */
  get live(): boolean {
    return this.listening;
  }

  /**
   * Applies an invalidation on this node at once. A writer calls it after its commit: the
   * trigger's notification reaches this node too, but a moment later, and the writer's next
   * request must not find the old entry in between.
   */
  invalidate(invalidation: Invalidation): void {
    for (const { scope, cache } of this.caches) {
      if ('all' in invalidation) cache.clear();
      else if (scope === 'sid' && 'sid' in invalidation) cache.invalidate(invalidation.sid);
      else if (scope === 'userId' && 'userId' in invalidation) cache.invalidate(invalidation.userId);
      else if (scope === 'systemClients' && 'systemClients' in invalidation) cache.clear();
    }
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.down();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'brygga-cache-listen',
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    this.client = client;
    // Kept on a retired client too: an 'error' without a listener would end the process.
    client.on('error', (error) => this.failed(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === CACHE_CHANNEL) this.invalidate(parse(message.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (error) {
      this.failed(client, error);
      return;
    }
    if (this.client !== client) return; // lost (and replaced) while connecting
    // From here on every commit is heard; whatever was cached before may have missed one.
    this.invalidate({ all: true });
    this.listening = true;
    this.retryMs = FIRST_RETRY_MS;
    this.ping = setInterval(() => this.checkAlive(client), PING_MS).unref();
  }

  private checkAlive(client: Client): void {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the LISTEN connection did not answer')), PING_TIMEOUT_MS).unref();
    });
    Promise.race([client.query('SELECT 1'), timeout])
      .catch((error: unknown) => this.failed(client, error))
      .finally(() => clearTimeout(timer));
  }

  /** Errors of a client already retired (shutdown, replaced) are the retiring itself: not logged. */
  private failed(client: Client, error: unknown): void {
    if (this.client !== client) return;
    logBackgroundError(logger, 'Cache invalidation LISTEN connection', error);
    this.lost(client);
  }

  /** The connection failed or ended: stop caching, and try again later. */
  private lost(client: Client): void {
    if (this.client !== client) return;
    this.down();
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.connect(), this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private down(): void {
    this.listening = false;
    this.invalidate({ all: true });
    clearInterval(this.ping);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('notification');
      client.removeAllListeners('end');
      // Errors after this point (the socket closing) must still have a listener.
      client.end().catch(() => undefined);
    }
  }
}

/** A payload that cannot be read invalidates everything: wrong is never stale. */
export function parse(payload: string | undefined): Invalidation {
  try {
    const value = JSON.parse(payload ?? '') as Record<string, unknown>;
    if (typeof value.sid === 'string') return { sid: value.sid };
    if (typeof value.userId === 'string') return { userId: value.userId };
    if (value.systemClients === true) return { systemClients: true };
  } catch {
    /* fall through */
  }
  return { all: true };
}
