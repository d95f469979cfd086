import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  APP_CONFIG,
  type AppConfig,
  checkObservedAt,
  conflict,
  DomainError,
  DomainEvents,
  forbidden,
  invalid,
  type Actor,
  type ThreadEvent,
} from '@brygga/common';
import { AuditService, covering, type AuditRecord } from '@brygga/audit';
import { assertKindAllowedNow, kindRule, threadChange, validatePayload } from './message-kinds';
import { checkAnswer, summonedUnits } from './message-answers';
import type { PostMessageDto } from './thread.dto';
import { Message, Thread } from './thread.entities';
import { appendMessage, appendMessages, type EarlierPost, type NewMessage } from './thread.repository';
import { PostQueue, type QueuedPost } from './post-queue';
import type { Turn } from './publish-order';
import { assertOpen, requireUnit, ThreadAccess, ThreadAccessService, threadRecord } from './thread-access.service';
import { ThreadDerivations } from './thread-derivations';
import { mapMessage, MESSAGE_SELECT, MessageDto, MessageRow } from './thread.mapper';

const PAGE = 200;

/** Posts waiting at most (PostQueue); the rest of its limits are settings (POST_LANES …, docs/operations.md). */
const POSTS_WAITING = 256;

type PostResult = { message: MessageDto; created: boolean };
interface Post {
  actor: Actor;
  threadId: string;
  dto: PostMessageDto;
}

/** What a post's checks decided before anything is written: a retry of an earlier post, or the message to append. */
type Decision =
  { replay: EarlierPost } | { replay?: undefined; unitId: string; observedAt: Date | null; change: Partial<Thread>; message: NewMessage };

/** What a post wrote: its answer, what to publish after commit, and its access-log rows. */
interface Written {
  message: MessageDto;
  created: boolean;
  change: Partial<Thread>;
  participantUnitIds: string[];
  derived: ThreadEvent[];
  audit: AuditRecord[];
}

function requestHash(dto: PostMessageDto): string {
  const { idempotencyKey: _key, ...content } = dto;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

@Injectable()
export class MessagesService {
  private readonly queue: PostQueue<Post, PostResult>;

  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly derivations: ThreadDerivations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { lanes, size, stallMs } = config.postBatch;
    this.queue = new PostQueue<Post, PostResult>(
      {
        alone: (post) => this.postAlone(post),
        together: (batch) => this.postTogether(batch),
        mayBatch: (threadId) => this.access.mayBatch(threadId),
      },
      { lanes, batch: size, stallMs, queue: POSTS_WAITING },
    );
  }

  /** Posts waiting for one of this node's post transactions to end (they then go together). */
  get postsWaiting(): number {
    return this.queue.waiting;
  }

  /**
   * Appends a message. The thread row is locked for the rest of the transaction, which makes the
   * sequence number gap-free and unique, and makes a concurrent retry with the same key wait and
   * then find the committed original. Under load, posts that arrive while this node's post
   * transactions are busy go together in one transaction (PostQueue: group commit), each with the
   * same checks, rows and answer as alone.
   */
  post(actor: Actor, threadId: string, dto: PostMessageDto): Promise<PostResult> {
    return this.queue.submit(threadId, { actor, threadId, dto });
  }

  /** One post in a transaction of its own, through the thread's row gate: the path of an idle node, and of any post a batch leaves. */
  private async postAlone({ actor, threadId, dto }: Post): Promise<PostResult> {
    const hash = requestHash(dto);
    const post = { idempotencyKey: dto.idempotencyKey };
    const written = await this.access.withThread(actor, threadId, 'message.create', { post }, async (manager, access) => {
      const decision = await this.decide(manager, actor, access, threadId, dto, hash);
      if (decision.replay) return this.replay(manager, actor, access, decision.replay);
      if (Object.keys(decision.change).length) await manager.update(Thread, { id: threadId }, decision.change);
      const message = await appendMessage(manager, threadId, decision.message);
      return this.finish(manager, actor, access, dto, decision, message);
    });
    // Committed: now others may hear of it.
    this.publish(threadId, written);
    return { message: written.message, created: written.created };
  }

  /**
   * Posts to different threads in one transaction: the threads locked at once without waiting,
   * each post decided as alone, the new messages appended in one statement, every access-log row
   * in one insert that carries the COMMIT. A post whose thread was held, hidden or missing, or
   * that its checks refuse, goes alone after the commit and gets its answer (and its logged
   * refusal) there; any other error sends every post of the batch alone.
   */
  private async postTogether(batch: QueuedPost<Post, PostResult>[]): Promise<void> {
    const keys = batch.map(({ post }) => ({
      actor: post.actor,
      threadId: post.threadId,
      authorUserId: post.actor.userId,
      idempotencyKey: post.dto.idempotencyKey,
    }));
    let outcome: { result: Map<QueuedPost<Post, PostResult>, Written>; turns: Map<string, Turn> } | undefined;
    try {
      outcome = await this.access.withLockedThreads(keys, (manager, accesses) => this.writeTogether(manager, batch, accesses));
    } catch {
      outcome = undefined; // rolled back: each goes alone and answers as it would have
    }
    // Those going alone enter their threads' gates now, before anything later of those threads is drained.
    for (const queued of batch) if (!outcome?.result.has(queued)) this.queue.alone(queued);
    if (!outcome) return;
    const { result, turns } = outcome;
    try {
      for (const queued of batch) {
        const written = result.get(queued);
        if (!written) continue;
        await turns.get(queued.threadId)?.ready;
        this.publish(queued.threadId, written);
        queued.resolve({ message: written.message, created: written.created });
      }
    } finally {
      setImmediate(() => turns.forEach((turn) => turn.release()));
    }
  }

  private async writeTogether(
    manager: EntityManager,
    batch: QueuedPost<Post, PostResult>[],
    accesses: (ThreadAccess | undefined)[],
  ): Promise<Map<QueuedPost<Post, PostResult>, Written>> {
    const decided: { queued: QueuedPost<Post, PostResult>; access: ThreadAccess; decision: Decision }[] = [];
    for (const [i, queued] of batch.entries()) {
      const access = accesses[i];
      if (!access) continue;
      const { actor, threadId, dto } = queued.post;
      try {
        decided.push({ queued, access, decision: await this.decide(manager, actor, access, threadId, dto, requestHash(dto)) });
      } catch (error) {
        // Refused or invalid (nothing written): alone, after the commit. Any other error ends the batch.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    for (const { queued, decision } of decided) {
      if (!decision.replay && Object.keys(decision.change).length) await manager.update(Thread, { id: queued.threadId }, decision.change);
    }
    const writes = decided.flatMap(({ queued, decision }) =>
      decision.replay ? [] : [{ threadId: queued.threadId, message: decision.message }],
    );
    const appended = writes.length ? await appendMessages(manager, writes) : new Map<string, MessageDto>();
    const result = new Map<QueuedPost<Post, PostResult>, Written>();
    const rows: AuditRecord[] = [];
    for (const { queued, access, decision } of decided) {
      const { actor, dto } = queued.post;
      const done = decision.replay
        ? await this.replay(manager, actor, access, decision.replay, false)
        : await this.finish(manager, actor, access, dto, decision, appended.get(queued.threadId)!, false);
      result.set(queued, done);
      rows.push(...done.audit.map((row) => ({ ...row, correlationId: queued.correlationId })));
    }
    // The access-log rows are the batch's last statement: COMMIT rides behind them.
    await this.audit.record(manager, coverPosts(rows), { last: true });
    return result;
  }

  /**
   * The post's checks, in the locked thread, before anything is written: a retry of the author's
   * earlier post, or the message to append. Throws the post's refusal (a DomainError).
   */
  private async decide(
    manager: EntityManager,
    actor: Actor,
    access: ThreadAccess,
    threadId: string,
    dto: PostMessageDto,
    hash: string,
  ): Promise<Decision> {
    const previous = access.earlierPost;
    if (previous) {
      if (previous.requestHash !== hash) throw conflict('Idempotensnyckeln har redan använts för ett annat meddelande.');
      return { replay: previous };
    }
    // A retry of a message posted before the thread closed got its answer above; nothing new now.
    assertOpen(access.thread);
    // Written without coverage and sent now: the time of the act, within the last shift (docs/offline.md).
    const observedAt = checkObservedAt(dto.observedAt, new Date(), this.config.offlineShiftHours);
    // Validation first: a malformed message gets its 400 whoever sends it.
    const payload = validatePayload(dto.kind, dto.payload, dto.body);
    const unitId = this.authorUnit(actor, access, dto);
    assertKindAllowedNow(dto.kind, access.thread);
    if (dto.correctsMessageId) await this.checkCorrection(manager, threadId, unitId, dto);
    await checkAnswer(manager, access, unitId, dto.kind, payload);
    summonedUnits(access, unitId, dto.kind, payload);
    // Checks against state other modules own (the discharge against the plan), before anything changes.
    const recorded = await this.derivations.guard(manager, { threadId, thread: access.thread, actor, unitId, kind: dto.kind, payload });
    return {
      unitId,
      observedAt,
      change: threadChange(dto.kind, payload, access.thread),
      message: {
        kind: dto.kind,
        body: dto.body?.trim() ? dto.body : null,
        payload: payload && Object.keys(recorded).length ? { ...payload, ...recorded } : payload,
        authorUserId: actor.userId,
        authorUnitId: unitId,
        correctsMessageId: dto.correctsMessageId ?? null,
        idempotencyKey: dto.idempotencyKey,
        requestHash: hash,
        observedAt,
      },
    };
  }

  /** A retry of a post: the original, and a row saying it was asked for again. */
  private async replay(manager: EntityManager, actor: Actor, access: ThreadAccess, previous: EarlierPost, record = true): Promise<Written> {
    const audit = [
      threadRecord(actor, access, 'message.create', {
        unitId: previous.authorUnitId,
        details: { seq: previous.seq, kind: previous.kind, replay: true },
      }),
    ];
    const message = await this.one(manager, previous.id);
    if (record) await this.audit.record(manager, audit, { last: true });
    return { message, created: false, change: {}, participantUnitIds: access.participantUnitIds, derived: [], audit };
  }

  /** After the append: what other modules derive from the message, its files, and its access-log rows. */
  private async finish(
    manager: EntityManager,
    actor: Actor,
    access: ThreadAccess,
    dto: PostMessageDto,
    decision: Extract<Decision, { message: NewMessage }>,
    appended: MessageDto,
    record = true,
  ): Promise<Written> {
    const { unitId, observedAt } = decision;
    let message = appended;
    // State other modules derive from this message (e.g. hemgångsklar from readiness).
    const derived = await this.derivations.run(manager, {
      threadId: access.thread.id,
      patientId: access.thread.patientId,
      participantUnitIds: access.participantUnitIds,
      actor,
      unitId,
      message,
      attachmentIds: dto.attachmentIds,
    });
    // Bound by a derivation just now: read the message again to show its files.
    if (dto.attachmentIds?.length) message = await this.one(manager, message.id);
    const audit = [
      threadRecord(actor, access, 'message.create', {
        unitId,
        details: { seq: message.seq, kind: dto.kind, ...(observedAt ? { observedAt: observedAt.toISOString() } : {}) },
      }),
      ...derived.audit,
    ];
    // The access-log rows are the post's last statement: COMMIT rides behind them, one round trip fewer.
    if (record) await this.audit.record(manager, audit, { last: true });
    return {
      message,
      created: true,
      change: decision.change,
      participantUnitIds: access.participantUnitIds,
      derived: derived.events,
      audit,
    };
  }

  private publish(threadId: string, written: Written): void {
    if (!written.created) return;
    const participantUnitIds = written.participantUnitIds;
    this.events.publish({ type: 'message.created', threadId, participantUnitIds, data: { ...written.message } });
    if (Object.keys(written.change).length) {
      this.events.publish({ type: 'thread.changed', threadId, participantUnitIds, data: { threadId, ...written.change } });
    }
    for (const event of written.derived) this.events.publish(event);
  }

  /**
   * Appends one message to the timeline in the caller's transaction, which must hold the thread
   * row lock (ThreadAccessService.withThread with lock). Also used for timeline events that other
   * modules write (e.g. checklist changes); the caller records the access log and publishes the
   * message.created event after commit.
   */
  async append(manager: EntityManager, threadId: string, message: NewMessage): Promise<MessageDto> {
    return appendMessage(manager, threadId, message);
  }

  /** Messages after a sequence number, in order. */
  async list(actor: Actor, threadId: string, after: number, limit = PAGE): Promise<MessageDto[]> {
    return this.access.withThread(actor, threadId, 'message.list', {}, async (manager, access) => {
      const rows: MessageRow[] = await manager.query(`${MESSAGE_SELECT} WHERE m.thread_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3`, [
        threadId,
        after,
        limit,
      ]);
      await this.audit.record(manager, [threadRecord(actor, access, 'message.list', { details: { after, count: rows.length } })]);
      return this.derivations.withParts(manager, rows.map(mapMessage));
    });
  }

  /**
   * The latest message of each kind (corrections included: a correction is the later message),
   * in the caller's transaction. No access check and no log row: for derived views (libs/plan)
   * whose caller has checked access and logs the read.
   */
  async latestOfKinds(manager: EntityManager, threadId: string, kinds: readonly string[]): Promise<MessageDto[]> {
    const rows: MessageRow[] = await manager.query(
      `SELECT DISTINCT ON (x.kind) * FROM (${MESSAGE_SELECT} WHERE m.thread_id = $1 AND m.kind = ANY($2::text[])) x ORDER BY x.kind, x.seq DESC`,
      [threadId, kinds],
    );
    return this.derivations.withParts(manager, rows.map(mapMessage));
  }

  private async one(manager: EntityManager, id: string): Promise<MessageDto> {
    const [row]: MessageRow[] = await manager.query(`${MESSAGE_SELECT} WHERE m.id = $1`, [id]);
    const [message] = await this.derivations.withParts(manager, [mapMessage(row)]);
    return message;
  }

  /**
   * The unit the message is written for: one where the author's role grants the kind's capability,
   * and which the kind's rules allow (the owning ward only, or certain organisation kinds).
   */
  private authorUnit(actor: Actor, access: ThreadAccess, dto: PostMessageDto): string {
    const rule = kindRule(dto.kind);
    const unitId = requireUnit(access, rule.capability, dto.unitId, `Din roll ger inte behörighet att skicka ${dto.kind} i detta ärende.`);
    const candidates = dto.unitId ? [unitId] : access.unitsWith(rule.capability);
    const fits = candidates.filter((u) => {
      const orgKind = actor.memberships.find((m) => m.unitId === u)?.orgKind;
      return (
        (!rule.ownerOnly || u === access.thread.ownerUnitId) &&
        (!rule.postedBy || (orgKind !== undefined && rule.postedBy.includes(orgKind)))
      );
    });
    if (fits.length) return fits[0];
    if (rule.ownerOnly) throw forbidden(`Endast den ansvariga avdelningen kan skicka ${dto.kind}.`);
    throw forbidden(`Din enhet kan inte skicka ${dto.kind}.`);
  }

  /** A correction replaces an earlier message of the same kind from the same unit. */
  private async checkCorrection(manager: EntityManager, threadId: string, unitId: string, dto: PostMessageDto): Promise<void> {
    const original = await manager.findOneBy(Message, { id: dto.correctsMessageId, threadId });
    if (!original) throw invalid('correctsMessageId', 'meddelandet finns inte i detta ärende');
    if (original.kind !== dto.kind) throw invalid('correctsMessageId', 'en rättelse måste ha samma typ som meddelandet den rättar');
    if (original.authorUnitId !== unitId) {
      throw new DomainError('forbidden', 'Endast enheten som skrev meddelandet kan rätta det.');
    }
  }
}

/**
 * A batch's posts in one access-log row (covering: an entry per post with its author, unit, thread,
 * patient, number and correlation id), as the push log records its deliveries: the patient's
 * extract, the reviewer's search and the patient's account find each post in it, and the log
 * writes one row, one chain link and one set of index entries for the batch instead of one per post
 * (the WAL of issue 32). Other rows (a retry's, a derivation's) stay rows of their own.
 */
function coverPosts(rows: AuditRecord[]): AuditRecord[] {
  const isPost = (r: AuditRecord) =>
    r.action === 'message.create' && r.outcome === 'allowed' && r.actor !== null && r.details?.replay !== true;
  const posts = rows.filter(isPost);
  if (posts.length < 2) return rows;
  const covers = posts.map((r) => ({
    actor: r.actor!,
    unitId: r.unitId ?? null,
    threadId: r.threadId ?? null,
    patientId: r.patientId ?? null,
    details: { ...r.details, ...(r.correlationId ? { correlationId: r.correlationId } : {}) },
  }));
  return [covering({ actor: null, action: 'message.create', outcome: 'allowed' }, covers), ...rows.filter((r) => !isPost(r))];
}
