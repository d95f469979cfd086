import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
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
import type { IncomingMessage } from 'node:http';
import type { Subscription } from 'rxjs';
import type { Server, Socket } from 'socket.io';
import {
  APP_CONFIG,
  Authenticated,
  DomainError,
  DomainEvents,
  toErrorBody,
  validationException,
  type Actor,
  type AppConfig,
} from '@brygga/common';
import { SessionService } from '@brygga/auth';
import { DirectoryService } from '@brygga/directory';
import { MessagesService, ReceiptsService, ThreadAccessService } from '@brygga/threads';
import { fanOut } from './fan-out';
import { guardSocket } from './socket-guards';
import { JoinDto, LeaveDto, ReadDto, SocketPostDto } from './socket.dto';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from './socket-events';

const REPLAY_PAGE = 500;
const SESSION_SWEEP_MS = 15_000;

interface SocketData {
  userId: string;
  sid: string;
  loggedInAt: number;
  authMethod: string;
  address: string | null;
}

type BryggaSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Reply<T> = { ok: true; data: T } | { ok: false; error: ReturnType<typeof toErrorBody> };
interface SessionRequest extends IncomingMessage {
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

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly directory: DirectoryService,
    private readonly access: ThreadAccessService,
    private readonly messages: MessagesService,
    private readonly receipts: ReceiptsService,
    private readonly events: DomainEvents,
  ) {}

  afterInit(io: Io): void {
    io.use((socket, next) => {
      const req = socket.request as SessionRequest;
      const session = req.session;
      const expired = !session?.loggedInAt || Date.now() - session.loggedInAt > this.config.session.absoluteSeconds * 1000;
      if (!session?.userId || expired || !req.sessionID) return next(new Error('unauthenticated'));
      socket.data = {
        userId: session.userId,
        sid: req.sessionID,
        loggedInAt: session.loggedInAt!,
        authMethod: session.authMethod ?? 'okänd',
        address: socket.handshake.address ?? null,
      };
      next();
    });
    this.subscriptions.push(
      this.events.events$.subscribe((event) => fanOut(io, event)),
      this.sessions.ended$.subscribe((sid) => this.endSession(sid, 'logout')),
    );
    this.sweep = setInterval(() => void this.sweepSessions(), SESSION_SWEEP_MS).unref();
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    if (this.sweep) clearInterval(this.sweep);
  }

  async handleConnection(socket: BryggaSocket): Promise<void> {
    guardSocket(socket);
    const actor = await this.actor(socket).catch(() => undefined);
    if (!actor) {
      socket.disconnect(true);
      return;
    }
    await socket.join([rooms.user(actor.userId), rooms.session(socket.data.sid), ...actor.memberships.map((m) => rooms.unit(m.unitId))]);
  }

  /** Replays what the client missed, in order, then keeps it in the thread's live room. */
  @SubscribeMessage('thread:join')
  join(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, JoinDto, body, async (actor, dto) => {
      await this.access.check(actor, dto.threadId, 'message.list');
      // Join before the replay: a message committed meanwhile arrives live (maybe twice; seq de-duplicates).
      await socket.join(rooms.thread(dto.threadId));
      let after = dto.lastSeq;
      let replayed = 0;
      for (;;) {
        const page = await this.messages.list(actor, dto.threadId, after, REPLAY_PAGE);
        for (const message of page) socket.emit('message', message as never);
        replayed += page.length;
        if (page.length < REPLAY_PAGE) break;
        after = page[page.length - 1].seq;
      }
      return { threadId: dto.threadId, lastSeq: Math.max(after, dto.lastSeq), replayed };
    });
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
  post(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, SocketPostDto, body, async (actor, dto) => {
      const { threadId, ...message } = dto;
      const result = await this.messages.post(actor, threadId, message);
      return { ...result.message, replayed: !result.created };
    });
  }

  @SubscribeMessage('thread:read')
  read(@ConnectedSocket() socket: BryggaSocket, @MessageBody() body: unknown) {
    return this.reply(socket, ReadDto, body, (actor, dto) => this.receipts.markRead(actor, dto.threadId, dto.upToSeq));
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
      const instance = plainToInstance(dto, body);
      const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length) throw validationException(errors);
      const actor = await this.actor(socket);
      if (!actor) throw new DomainError('unauthenticated', 'Du är inte inloggad.');
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

  /** Idle and absolute timeouts end sockets too: every node checks its own sockets. */
  private async sweepSessions(): Promise<void> {
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
      this.logger.warn(`Session sweep failed: ${String(error)}`);
    }
  }
}
