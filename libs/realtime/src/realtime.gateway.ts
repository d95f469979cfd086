import { HttpException, Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Subscription } from 'rxjs';
import type { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  assertInputShape,
  Authenticated,
  clientAddress,
  DomainError,
  DomainEvents,
  forbidden,
  hasCapability,
  logBackgroundError,
  Telemetry,
  toErrorBody,
  unitsWith,
  validationException,
  type AccessChange,
  type Actor,
  type AppConfig,
} from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { SessionService } from '@brygga/auth';
import { DirectoryService } from '@brygga/directory';
import { MessagesService, ReceiptsService, ThreadAccessService } from '@brygga/threads';
import { participantsOf, planRooms, threadRoomsOf } from './access-recheck';
import { FanOut, type ServerSideEvents } from './fan-out';
import { PushLog } from './push-log';
import { boundOutput, clientCaughtUp, SocketCounts } from './socket-bounds';
import { guardSocket, UserRates } from './socket-guards';
import { HandshakeGate, isBusy, type BusyRequest } from './handshake-gate';
import { InboxWatchDto, JoinDto, LeaveDto, ReadDto, SocketPostDto } from './socket.dto';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from './socket-events';

/** Messages per replay page; the next page waits until the client has read (clientCaughtUp). */
const REPLAY_PAGE = 200;
/** Joins one socket may have waiting behind the one replaying (more: 429). */
const MAX_QUEUED_JOINS = 4;
const SESSION_SWEEP_MS = 15_000;
/** Sockets re-checked per turn (one read of their users and threads each): recheck(). */
const RECHECK_SLICE = 250;

interface SocketData {
  userId: string;
  sid: string;
  loggedInAt: number;
  authMethod: string;
  address: string | null;
  /** The user as last loaded (connect, every action, every re-check): for the push log. */
  actor?: Actor;
  /** True while a join replays: those reads are logged by the replay itself. */
  replaying?: boolean;
  /** Joins run one at a time per socket: the last one queued, and how many wait. */
  joins?: { tail: Promise<unknown>; waiting: number };
  /** False once the client said its tab does not show the inbox (`inbox:watch`): InboxBatcher. */
  showsInbox?: boolean;
}

type BryggaSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
type Io = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
type Reply<T> = { ok: true; data: T } | { ok: false; error: ReturnType<typeof toErrorBody> };
interface SessionRequest extends BusyRequest {
  session?: { userId?: string; loggedInAt?: number; authMethod?: string };
  sessionID?: string;
}

/**
 * Live threads. The handshake is authenticated by the REST session cookie (and an allowed
 * Origin, checked by the adapter); every action goes through the same services, access rule
 * and access log as REST, so the socket is only another door to the same rooms.
 */
@WebSocketGateway()
@Authenticated()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  @WebSocketServer() private readonly io: Io;
  private readonly subscriptions: Subscription[] = [];
  private sweep?: NodeJS.Timeout;
  private pushLog?: PushLog;
  private fanOut?: FanOut;
  private rates = new UserRates();
  private counts?: SocketCounts;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly directory: DirectoryService,
    private readonly access: ThreadAccessService,
    private readonly messages: MessagesService,
    private readonly receipts: ReceiptsService,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly telemetry: Telemetry,
    private readonly gate: HandshakeGate,
  ) {}

  afterInit(io: Io): void {
    io.use((socket, next) => {
      const req = socket.request as SessionRequest;
      const session = req.session;
      const expired = !session?.loggedInAt || Date.now() - session.loggedInAt > this.config.session.absoluteSeconds * 1000;
      // Its session could not be read in time (a connect storm, a busy pool): told to back off and retry.
      if (req.busy) return next(this.gate.refusal());
      if (!session?.userId || expired || !req.sessionID) return next(new Error('unauthenticated'));
      socket.data = {
        userId: session.userId,
        sid: req.sessionID,
        loggedInAt: session.loggedInAt!,
        authMethod: session.authMethod ?? 'okänd',
        address: clientAddress(req, this.config.trustProxy),
      };
      // The user is read here, in the handshakes' turns: one that cannot be read now is told to
      // back off. (Read after the connect, a failure closed the socket without a word.)
      const loading = this.gate.run(() => this.actor(socket));
      if (!loading) return next(this.gate.refusal());
      loading.then(
        (actor) => {
          socket.data.actor = actor;
          // A session or user that holds its share of sockets here is refused, with the reason.
          next(this.counts!.admit(socket, req.sessionID!, session.userId!));
        },
        (error: unknown) => next(isBusy(error) ? this.gate.refusal() : new Error('unauthenticated')),
      );
    });
    this.counts = new SocketCounts(this.config.socketLimits);
    this.rates = new UserRates(this.config.socketLimits.userActionsPerSecond);
    this.pushLog = new PushLog(this.dataSource, this.audit);
    const fanOut = (this.fanOut = new FanOut(io));
    this.subscriptions.push(
      this.events.events$.subscribe((event) => fanOut.publish(event)),
      this.sessions.ended$.subscribe((sid) => this.endSession(sid, 'logout')),
      this.events.accessChanges$.subscribe((change) => {
        // Other nodes re-check their sockets when the adapter brings this; this node does now.
        io.serverSideEmit('access:changed', change);
        void this.recheck(change);
      }),
    );
    io.on('access:changed', (change: AccessChange) => void this.recheck(change));
    this.sweep = setInterval(() => void this.sweepSessions(), SESSION_SWEEP_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriptions.forEach((s) => s.unsubscribe());
    if (this.sweep) clearInterval(this.sweep);
    this.fanOut?.close();
    await this.pushLog?.close();
  }

  async handleConnection(socket: BryggaSocket): Promise<void> {
    const userId = socket.data.userId;
    guardSocket(socket, { id: userId, rates: this.rates });
    socket.once('disconnect', () => {
      if (!this.counts?.hasUser(userId)) this.rates.forget(userId);
    });
    // A client that does not read is closed, not buffered for without end (issue 30).
    boundOutput(socket, () => Boolean(socket.data.replaying));
    this.telemetry.add('socket.connections', 1);
    socket.once('disconnect', () => this.telemetry.add('socket.connections', -1));
    socket.onAnyOutgoing((event: string) => this.telemetry.add('socket.events', 1, event));
    const actor = socket.data.actor;
    if (!actor?.memberships.length) {
      socket.disconnect(true);
      return;
    }
    socket.data.actor = actor;
    // A message pushed to this socket is a read of patient data: it goes to the access log.
    socket.onAnyOutgoing((event, payload: { threadId?: string; seq?: number } | undefined) => {
      const user = socket.data.actor;
      if (event !== 'message' || socket.data.replaying || !user || !payload?.threadId || typeof payload.seq !== 'number') return;
      this.pushLog?.add(user, payload.threadId, payload.seq);
    });
    const inbox = unitsWith(actor, 'thread.read').map(rooms.unit);
    await socket.join([rooms.user(actor.userId), rooms.session(socket.data.sid), ...inbox]);
  }

  /** Replays what the client missed, in order, then keeps it in the thread's live room. */
  @SubscribeMessage('thread:join')
  @Authenticated({ thread: 'thread.read' })
  join(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, JoinDto, body, (actor, dto) => this.oneJoinAtATime(socket, () => this.replay(socket, actor, dto)));
  }

  /** A socket's joins run in turn: one replay at a time per socket, a few waiting, the rest refused (429). */
  private oneJoinAtATime<T>(socket: BryggaSocket, work: () => Promise<T>): Promise<T> {
    const joins = (socket.data.joins ??= { tail: Promise.resolve(), waiting: 0 });
    if (joins.waiting >= MAX_QUEUED_JOINS) throw new HttpException('För många förfrågningar.', 429);
    joins.waiting += 1;
    const next = () => {
      joins.waiting -= 1;
      return work();
    };
    const run = joins.tail.then(next, next);
    joins.tail = run.catch(() => undefined);
    return run;
  }

  private async replay(socket: BryggaSocket, actor: Actor, dto: JoinDto) {
    // A join queued behind one whose client was closed as a slow reader costs nothing more.
    if (socket.disconnected) return { threadId: dto.threadId, lastSeq: dto.lastSeq, replayed: 0 };
    await this.access.check(actor, dto.threadId, 'message.list');
    // Join before the replay: a message committed meanwhile arrives live (maybe twice; seq de-duplicates).
    await socket.join(rooms.thread(dto.threadId));
    this.telemetry.add('socket.joins');
    let after = dto.lastSeq;
    let replayed = 0;
    for (;;) {
      const page = await this.messages.list(actor, dto.threadId, after, REPLAY_PAGE);
      socket.data.replaying = true;
      try {
        for (const message of page) socket.emit('message', message);
      } finally {
        socket.data.replaying = false;
      }
      replayed += page.length;
      if (page.length < REPLAY_PAGE) break;
      after = page[page.length - 1].seq;
      // Flow control: the next page only when the client has read this one (a slow reader is closed).
      if (!(await clientCaughtUp(socket))) break;
    }
    return { threadId: dto.threadId, lastSeq: Math.max(after, dto.lastSeq), replayed };
  }

  @SubscribeMessage('thread:leave')
  leave(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, LeaveDto, body, async (_actor, dto) => {
      await socket.leave(rooms.thread(dto.threadId));
      return { threadId: dto.threadId };
    });
  }

  /** The ack is sent after the commit: an acknowledged message is in the database. */
  @SubscribeMessage('message:post')
  @Authenticated({ thread: 'message.post' })
  post(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, SocketPostDto, body, async (actor, dto) => {
      const { threadId, ...message } = dto;
      const result = await this.messages.post(actor, threadId, message);
      return { ...result.message, replayed: !result.created };
    });
  }

  @SubscribeMessage('thread:read')
  @Authenticated({ thread: 'thread.read' })
  read(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, ReadDto, body, (actor, dto) => this.receipts.markRead(actor, dto.threadId, dto.upToSeq));
  }

  /**
   * The tab shows the inbox (or Mina uppgifter) now, or not: prompt `inbox:counts` or, every few
   * seconds, `inbox:unread` (for its title and the away notice). Only a user who reads threads has
   * an inbox; anyone else is refused and the refusal logged, as a route's capability is.
   */
  @SubscribeMessage('inbox:watch')
  @Authenticated({ capability: 'thread.read' })
  watchInbox(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, InboxWatchDto, body, async (actor, dto) => {
      if (!hasCapability(actor, 'thread.read')) {
        await this.audit.recordNow([
          {
            actor,
            action: 'route.denied',
            outcome: 'denied',
            details: { route: 'SOCKET inbox:watch', capability: 'thread.read' },
          },
        ]);
        throw forbidden();
      }
      this.fanOut?.watchInbox(socket as unknown as Socket, dto.on);
      return { on: dto.on };
    });
  }

  /** Validates, runs as the socket's user (reloaded: memberships may have changed), answers an ack. */
  private async reply<D extends object, T>(
    socket: BryggaSocket,
    dto: new () => D,
    body: unknown,
    work: (actor: Actor, dto: D) => Promise<T>,
  ): Promise<Reply<T>> {
    try {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new DomainError('validation', 'Ogiltiga uppgifter: förväntade ett objekt.');
      }
      assertInputShape(body, 'payload');
      const instance = plainToInstance(dto, body);
      const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length) throw validationException(errors);
      const actor = await this.actor(socket);
      if (!actor) throw new DomainError('unauthenticated', 'Du är inte inloggad.');
      socket.data.actor = actor;
      void this.sessions.touch(socket.data.sid).catch(() => undefined);
      return { ok: true, data: await work(actor, instance) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, this.logger) };
    }
  }

  private actor(socket: BryggaSocket): Promise<Actor | undefined> {
    return this.directory.loadActor(socket.data.userId, socket.data.address, socket.data.authMethod);
  }

  private endSession(sid: string, reason: 'logout' | 'expired'): void {
    const room = this.io.in(rooms.session(sid));
    this.io.to(rooms.session(sid)).emit('session:ended', { reason });
    room.disconnectSockets(true);
  }

  /**
   * Makes this node's sockets follow the access their users have now: leave the inbox and thread
   * rooms they may no longer see (told with 'access:revoked'), join new inbox rooms, and close the
   * socket of a user who takes part nowhere. Without a change: every local socket (the sweep).
   */
  private async recheck(change?: AccessChange): Promise<void> {
    try {
      const local = [...this.io.of('/').sockets.values()] as BryggaSocket[];
      const concerned = change
        ? local.filter(
            (s) =>
              change.userIds?.includes(s.data.userId) ||
              change.unitIds?.some((u) => s.rooms.has(rooms.unit(u))) ||
              change.threadIds?.some((t) => s.rooms.has(rooms.thread(t))),
          )
        : local;
      // A slice at a time, with a turn for everything else between them: the sweep of 2,000 sockets
      // in one piece held node B for ~100 ms every 15 s, and every live frame waited behind it.
      for (let i = 0; i < concerned.length; i += RECHECK_SLICE) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        await this.recheckSockets(concerned.slice(i, i + RECHECK_SLICE));
      }
    } catch (error) {
      logBackgroundError(this.logger, 'Access re-check failed', error);
    }
  }

  private async recheckSockets(sockets: BryggaSocket[]): Promise<void> {
    const byUser = new Map<string, BryggaSocket>();
    for (const s of sockets) if (!byUser.has(s.data.userId)) byUser.set(s.data.userId, s);
    const actors = await this.directory.loadActors([...byUser.keys()], (userId) => {
      const s = byUser.get(userId)!;
      return { clientAddress: s.data.address, authMethod: s.data.authMethod };
    });
    const participants = await participantsOf(this.dataSource, [...new Set(sockets.flatMap((s) => threadRoomsOf(s.rooms)))]);
    for (const socket of sockets) {
      if (socket.disconnected) continue;
      const actor = actors.get(socket.data.userId);
      const plan = planRooms(socket.rooms, actor, participants);
      if (plan.close) {
        socket.emit('access:revoked', {});
        socket.disconnect(true);
        continue;
      }
      socket.data.actor = actor;
      for (const room of plan.leave) await socket.leave(room);
      for (const threadId of plan.revokedThreads) socket.emit('access:revoked', { threadId });
      if (plan.join.length) await socket.join(plan.join);
    }
  }

  /** Idle and absolute timeouts end sockets too, and access is re-checked: every node checks its own sockets. */
  private async sweepSessions(): Promise<void> {
    await this.recheck();
    try {
      const local = [...this.io.of('/').sockets.values()] as BryggaSocket[];
      const valid = await this.sessions.stillValid([...new Set(local.map((s) => s.data.sid).filter(Boolean))]);
      const limit = this.config.session.absoluteSeconds * 1000;
      for (const socket of local) {
        if (!valid.has(socket.data.sid) || Date.now() - socket.data.loggedInAt > limit) {
          socket.emit('session:ended', { reason: 'expired' });
          socket.disconnect(true);
        }
      }
    } catch (error) {
      logBackgroundError(this.logger, 'Session sweep failed', error);
    }
  }
}
