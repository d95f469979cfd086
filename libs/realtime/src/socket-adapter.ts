import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import type { IncomingMessage } from 'node:http';
import { Pool } from 'pg';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '@brygga/common';
import { SessionService } from '@brygga/auth';

export const MAX_SOCKET_PAYLOAD = 64 * 1024;

/**
 * socket.io as Brygga runs it: the handshake must come from an allowed Origin (socket.io's
 * `cors` does not guard the WebSocket upgrade), carries the session cookie through the same
 * session middleware as REST, and nodes share rooms through PostgreSQL LISTEN/NOTIFY or Redis.
 */
export class BryggaSocketAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private pool?: Pool;
  private redis: { quit: () => Promise<unknown> }[] = [];

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  /** Connects the cross-node channel before the server starts listening. */
  async connect(): Promise<void> {
    if (this.config.redisUrl) {
      const pub = createClient({ url: this.config.redisUrl });
      const sub = pub.duplicate();
      for (const c of [pub, sub]) c.on('error', (e: unknown) => this.log.error(`Redis: ${String(e)}`));
      await Promise.all([pub.connect(), sub.connect()]);
      this.redis = [pub, sub];
      this.adapterFactory = createRedisAdapter(pub, sub);
      this.log.log('Nodes share socket events through Redis');
    } else {
      this.pool = new Pool({ connectionString: this.databaseUrl, max: 4, application_name: 'brygga-socket-adapter' });
      // A restart of PostgreSQL must not take the api down with it; the adapter reconnects.
      this.pool.on('error', (e) => this.log.error(`Socket adapter pool: ${e.message}`));
      this.adapterFactory = createPostgresAdapter(this.pool, {
        errorHandler: (e) => this.log.warn(`Socket adapter: ${e.message}`),
        heartbeatInterval: 5000,
        heartbeatTimeout: 10_000,
      });
      this.log.log('Nodes share socket events through PostgreSQL LISTEN/NOTIFY');
    }
  }

  private adapterFactory?: ReturnType<typeof createPostgresAdapter> | ReturnType<typeof createRedisAdapter>;

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = new Set(this.config.webOrigins);
    const server = super.createIOServer(port, {
      ...(options as ServerOptions),
      path: options?.path ?? '/socket.io',
      serveClient: false,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD,
      pingInterval: 20_000,
      pingTimeout: 20_000,
      allowRequest: (req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void) =>
        callback(null, typeof req.headers.origin === 'string' && origins.has(req.headers.origin)),
    }) as Server;
    if (this.adapterFactory) server.adapter(this.adapterFactory);
    const sessions = this.app.get(SessionService);
    server.engine.use(sessions.middleware);
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.redis.map((c) => c.quit().catch(() => undefined)));
    await this.pool?.end().catch(() => undefined);
  }
}
