import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import type { Server, ServerOptions } from 'socket.io';
import { Drain, HealthRegistry, logBackgroundError, type AppConfig } from '@brygga/common';
import { listenPool } from './listen-client';
import { PublishBarrier } from './publish-barrier';
import { PublishQueue, type AdapterMessage } from './publish-queue';
import { SessionService } from '@brygga/auth';
import { installationId, redisChannelPrefix } from '@brygga/database';
import { DataSource } from 'typeorm';
import { RedisLink } from './redis-link';
import { HandshakeGate, isBusy, type BusyRequest } from './handshake-gate';

export const MAX_SOCKET_PAYLOAD = 64 * 1024;

/**
 * socket.io as Brygga runs it: the handshake must come from an allowed Origin (socket.io's
 * `cors` does not guard the WebSocket upgrade), carries the session cookie through the same
 * session middleware as REST, and nodes share rooms through PostgreSQL LISTEN/NOTIFY or Redis
 * (redis-link.ts, shareThroughRedis).
 */
export class BryggaSocketAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private pool?: Pool;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
  ) {
    super(app);
    this.gate = app.get(HandshakeGate);
  }

  /** Connects the cross-node channel before the server starts listening. */
  async connect(): Promise<void> {
    if (this.config.redisUrl) {
      // Connected now (a start without Redis stops here, naming REDIS_URL); the adapter itself is
      // attached by shareThroughRedis() once the database has this installation's id.
      this.redisLink = new RedisLink(this.config.redisUrl, this.app.get(HealthRegistry));
      await this.redisLink.connect();
      // Redis runs one client's commands in order: the newest PUBLISH answered means all have left.
      let tail: Promise<unknown> = Promise.resolve();
      const client = this.redisLink.pub as unknown as { publish: (...args: unknown[]) => Promise<unknown> };
      const publish = client.publish.bind(client);
      client.publish = (...args) => {
        // The adapter does not wait for its publishes: a refused one must not be an unhandled rejection.
        const sent = publish(...args);
        sent.catch(() => undefined);
        return (tail = sent);
      };
      this.app.get(PublishBarrier).follow(() => tail);
    } else {
      // One publishing connection: NOTIFYs sent on several connections overtake each other, and a
      // client on another node then saw message 6 before 5. One connection keeps this node's events
      // in the order it emitted them (pg's pool hands the connection out first come, first served).
      this.pool = new Pool({
        connectionString: this.databaseUrl,
        max: 1,
        application_name: 'brygga-socket-adapter',
        connectionTimeoutMillis: 5000,
        // A NOTIFY is a transaction of its own, and with synchronous commit each waited for its WAL
        // flush. Nothing it writes needs to survive a crash (notifications are never durable; the
        // adapter's table holds a large event for a few seconds), and the listeners get it at
        // commit all the same, in commit order: so it does not wait for the disk.
        options: '-c synchronous_commit=off',
      });
      // A restart of PostgreSQL must not take the api down with it: every connection's errors are
      // handled (an outage is logged once), and the LISTEN connection comes back by itself.
      this.pool.on('error', (e) => logBackgroundError(this.log, 'Socket adapter pool', e));
      const health = this.app.get(HealthRegistry);
      health.set('realtime', 'connecting');
      const pool = listenPool(this.pool, this.databaseUrl, (up) => health.set('realtime', up ? 'ok' : 'reconnecting'));
      const factory = createPostgresAdapter(pool, {
        errorHandler: (e) => logBackgroundError(this.log, 'Socket adapter', e),
        heartbeatInterval: 5000,
        heartbeatTimeout: 10_000,
      });
      // socket.io calls the factory with `new`: a plain function, whose returned object wins.
      const barrier = this.app.get(PublishBarrier);
      this.adapterFactory = function (nsp: Parameters<typeof factory>[0]) {
        return publishInOrder(factory(nsp), barrier);
      } as typeof factory;
      this.log.log('Nodes share socket events through PostgreSQL LISTEN/NOTIFY');
    }
  }

  /** Shared with the gateway: the handshake's user is read in the same turns as its session. */
  readonly gate: HandshakeGate;
  private adapterFactory?: ReturnType<typeof createPostgresAdapter>;
  private redisLink?: RedisLink;
  private readonly servers: Server[] = [];

  /**
   * With REDIS_URL, after the app's init (migrations ran, the installation's id exists): nodes share
   * socket events through Redis on channels prefixed with this installation's id, so installations
   * on one Redis server never see each other's events (a Redis database number separates keys,
   * not pub/sub channels). No socket is connected yet: the server has not started listening.
   */
  async shareThroughRedis(): Promise<void> {
    if (!this.redisLink) return;
    const dataSource = this.app.get(DataSource);
    const key = redisChannelPrefix(await installationId((sql, params) => dataSource.query(sql, params)));
    const factory = createRedisAdapter(this.redisLink.pub, this.redisLink.sub, { key });
    for (const server of this.servers) server.adapter(factory);
    this.log.log(`Nodes share socket events through Redis, on channels ${key}#…`);
  }

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
    this.servers.push(server);
    // A stopping node tells every client to reconnect (to another node) at once, serves what they
    // send until they have left or the leave window ends, then closes the rest (common/drain.ts).
    const drain = this.app.get(Drain);
    server.on('connection', (socket) => drain.guardSocket(socket));
    let told = false;
    drain.onStopping(() => {
      if (!told) server.local.emit('server:stopping', { reason: 'restart' });
      told = true;
      return server.of('/').sockets.size;
    });
    drain.onDrained(() => server.local.disconnectSockets(true));
    const sessions = this.app.get(SessionService);
    server.engine.use(this.sessionsInTurn(sessions));
    return server;
  }

  /**
   * The session middleware, a few handshakes at a time (handshake-gate.ts). A handshake that finds
   * the queue full, or whose session read the database could not answer in time, goes on without
   * a session and marked busy: the namespace refuses it with 'server_busy' and a retry time (an
   * engine-level refusal reaches the client as a bare "websocket error", without a reason).
   */
  private sessionsInTurn(sessions: SessionService) {
    return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
      const busy = () => {
        (req as BusyRequest).busy = true;
        next();
      };
      const read = this.gate.run(
        () =>
          new Promise<void>((resolve) =>
            sessions.middleware(req as never, res as never, (err?: unknown) => {
              resolve();
              if (err && isBusy(err)) busy();
              else next(err);
            }),
          ),
      );
      // Its turn came too late (the work did not run): told to back off as well.
      if (read) read.catch(busy);
      else busy();
    };
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await this.redisLink?.close();
    await this.pool?.end().catch(() => undefined);
  }
}

type PubSub = { publish(message: AdapterMessage): Promise<void> };
const inOrder = new WeakSet<PubSub>();

/**
 * An event too large for a NOTIFY (over 8,000 bytes) is published in two steps, an INSERT into the
 * adapter's table and then the NOTIFY, and a small event published meanwhile went out between them:
 * clients on other nodes saw message 7 before 6. One publish at a time keeps the order of emits
 * (they share one connection anyway, so nothing is lost in speed), and the events emitted while one
 * is in flight go out together in one NOTIFY when it returns (publish-queue.ts). The adapter's
 * client is shared by its namespaces and swallows its own errors, so the queue never rejects.
 */
function publishInOrder<A>(adapter: A, barrier: PublishBarrier): A {
  const client = (adapter as unknown as { client: PubSub }).client;
  if (!inOrder.has(client)) {
    inOrder.add(client);
    const queue = new PublishQueue(client.publish.bind(client));
    client.publish = (message) => queue.publish(message);
    barrier.follow(() => queue.settled());
  }
  return adapter;
}
