import { Logger } from '@nestjs/common';
import { createClient } from 'redis';
import { ConfigError, type HealthRegistry } from '@brygga/common';

/** How long a start waits for Redis before it stops with one line naming REDIS_URL. */
export const REDIS_START_TIMEOUT_MS = 10_000;

type RedisClient = ReturnType<typeof createClient>;

/** Where a Redis URL points, without its user or password (for log lines). */
export function redisAddress(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}:${u.port || 6379}${u.pathname.length > 1 ? u.pathname : ''}`;
}

/**
 * The two connections of the socket.io Redis adapter (one publishes, one subscribes), honest about
 * their state: readiness and brygga_socket_adapter_connected read `realtime` from the health
 * registry, which is `ok` only while both are connected (a node that cannot reach Redis gets and
 * sends no live events, so it must leave the balancer). An outage is logged when it begins and
 * when it ends, not at every reconnect attempt.
 */
export class RedisLink {
  private readonly log = new Logger('Realtime');
  private readonly up = new Set<RedisClient>();
  private downSince?: number;
  private lastError = '';
  private closing = false;
  readonly pub: RedisClient;
  readonly sub: RedisClient;

  constructor(
    private readonly url: string,
    private readonly health: HealthRegistry,
  ) {
    this.pub = createClient({
      url,
      // Back within 3 s of Redis' return; a start gives up after REDIS_START_TIMEOUT_MS (connect()).
      socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(200 * 2 ** retries, 3000) },
    });
    this.sub = this.pub.duplicate();
    health.set('realtime', 'connecting');
    for (const client of [this.pub, this.sub]) {
      client.on('ready', () => this.changed(client, true));
      client.on('reconnecting', () => this.changed(client, false));
      client.on('end', () => this.changed(client, false));
      client.on('error', (error: unknown) => {
        this.lastError = error instanceof Error ? error.message || error.constructor.name : String(error);
        this.changed(client, false);
      });
    }
  }

  /** Connects both, or stops the start with one line that names REDIS_URL (never its password). */
  async connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_START_TIMEOUT_MS / 1000} s`)), REDIS_START_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.all([this.pub.connect(), this.sub.connect()]), timeout]);
    } catch (error) {
      this.destroy();
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        `REDIS_URL: Redis at ${redisAddress(this.url)} cannot be reached: ${reason}${this.lastError && !reason.includes(this.lastError) ? ` (${this.lastError})` : ''}. ` +
          'Is it running, and are the address, the ACL user and password and TLS (rediss://) right?',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.pub, this.sub].map((c) => c.close().catch(() => undefined)));
  }

  private destroy(): void {
    for (const client of [this.pub, this.sub]) {
      try {
        client.destroy();
      } catch {
        /* not open */
      }
    }
  }

  private changed(client: RedisClient, connected: boolean): void {
    const wasUp = this.up.size === 2;
    if (connected) this.up.add(client);
    else this.up.delete(client);
    const isUp = this.up.size === 2;
    if (isUp === wasUp || this.closing) return;
    this.health.set('realtime', isUp ? 'ok' : 'reconnecting');
    if (isUp && this.downSince !== undefined) {
      this.log.log(`Redis reachable again after ${((Date.now() - this.downSince) / 1000).toFixed(1)} s`);
      this.downSince = undefined;
    } else if (!isUp) {
      this.downSince = Date.now();
      this.log.error(
        `Redis at ${redisAddress(this.url)} unreachable: live events do not reach the other nodes (${this.lastError || 'connection lost'})`,
      );
    }
  }
}
