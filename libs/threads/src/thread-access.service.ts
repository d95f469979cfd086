import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction, RowGate } from '@brygga/database';
import {
  APP_CONFIG,
  type AppConfig,
  CAPABILITY_LABELS,
  conflict,
  cutShortWait,
  DomainError,
  forbidden,
  invalid,
  notFound,
  roleGrants,
  unitsWith,
  type Actor,
  type Capability,
} from '@brygga/common';
import { AuditService, type AuditAction, type AuditRecord } from '@brygga/audit';
import { PublishOrder, type Turn } from './publish-order';
import { Thread, type ThreadStatus } from './thread.entities';
import {
  isRetryOfRunningPost,
  loadThread,
  loadThreadForPost,
  lockThreadsForPosts,
  type BatchPostKey,
  type EarlierPost,
} from './thread.repository';

export interface ThreadAccess {
  thread: Thread;
  participantUnitIds: string[];
  /** The actor's participating units in which their role lets them read the thread, the owner first. */
  actingUnitIds: string[];
  isOwner: boolean;
  /** The actor's participating units in which their role grants the capability, the owner first. */
  unitsWith(capability: Capability): string[];
  /** With the `post` option: the actor's earlier post with the same idempotency key, if any. */
  earlierPost?: EarlierPost | null;
}

export interface AccessOptions {
  /** Row-lock the thread to the end of the transaction (and publish in order, see withThread). */
  lock?: boolean;
  /** For a post: lock, and look up the author's earlier post with this key in the same round trip. */
  post?: { idempotencyKey: string };
  denial?: AuditRecord['details'];
  writable?: boolean;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place that answers "may this actor do this on this thread?". A thread is visible when a
 * unit of the actor's takes part AND their role in that unit grants `thread.read`; anything else is
 * answered exactly like a thread that does not exist. Inside, an action needs its own capability
 * in a participating unit (`requireUnit`); a refusal is a 403. Both kinds of refusal are logged.
 */
@Injectable()
export class ThreadAccessService {
  private readonly order = new PublishOrder();
  /** Two locked actions per thread hold a connection (one locks, one is next); the rest wait in memory, in order. */
  private readonly rowGate: RowGate;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rowGate = new RowGate(2, config.databaseLimits.statementTimeoutMs);
  }

  /** The units whose threads the actor may see (inbox, lists, socket rooms). */
  visibleUnitIds(actor: Actor): string[] {
    return unitsWith(actor, 'thread.read');
  }

  /**
   * Runs work in one transaction with the thread loaded (and row-locked with `lock` or `post`), or logs
   * the denial and throws not found. A refusal inside the work (403) is logged too, with the
   * thread and patient. Denials are logged after the rollback, in a transaction of their own.
   * With `lock`, it returns only once earlier locked actions on the thread have returned, and the
   * next one waits until the caller has published its events (synchronously after the await).
   */
  async withThread<T>(
    actor: Actor,
    threadId: string,
    action: AuditAction,
    options: AccessOptions,
    work: (manager: EntityManager, access: ThreadAccess) => Promise<T>,
  ): Promise<T> {
    const denied = Symbol('denied');
    let seen: ThreadAccess | undefined;
    let result: T | typeof denied;
    let turn: Turn | undefined;
    let lockTimedOut = false;
    // A thread whose row someone else holds costs its own writes a wait, never the pool (issue 30).
    const leaveGate = (options.lock || options.post) && UUID.test(threadId) ? await this.rowGate.enter(threadId) : undefined;
    try {
      result = UUID.test(threadId)
        ? await inTransaction(
            this.dataSource,
            async (manager) => {
              turn?.release(); // an earlier attempt was rolled back
              turn = undefined;
              const access = await this.load(manager, actor, threadId, options);
              if (!access) return denied;
              if (options.lock || options.post) turn = this.order.enter(threadId);
              seen = access;
              if (options.writable) assertOpen(access.thread);
              return work(manager, access);
            },
            options.post ? isRetryOfRunningPost : undefined,
          )
        : denied;
    } catch (error) {
      turn?.release();
      lockTimedOut = cutShortWait(error) === '55P03';
      if (error instanceof DomainError && error.code === 'forbidden' && seen) {
        await this.audit.recordNow([
          { ...threadRecord(actor, seen, action), outcome: 'denied', details: { ...options.denial, reason: error.message } },
        ]);
      }
      throw error;
    } finally {
      leaveGate?.(lockTimedOut);
    }
    if (result === denied) {
      await this.audit.recordNow([
        // The thread's patient goes into the log (the patient's extract shows the attempt), never into the answer.
        {
          actor,
          action,
          outcome: 'denied',
          threadId: UUID.test(threadId) ? threadId : null,
          threadPatient: true,
          details: { reason: 'not_visible' },
        },
      ]);
      throw notFound();
    }
    if (turn) {
      const { ready, release } = turn;
      await ready;
      setImmediate(release);
    }
    return result;
  }

  /**
   * A post to this thread may join a batch (withLockedThreads): nothing of this node's waits for
   * or holds its row through withThread. Else it goes through the gate, behind those, in order.
   */
  mayBatch(threadId: string): boolean {
    return UUID.test(threadId) && !this.rowGate.busy(threadId);
  }

  /**
   * For a batch of posts, at most one per thread (MessagesService under load): one transaction
   * that locks, in id order and without waiting, each thread no other transaction holds, and runs
   * the work with each post's access. Undefined means the post must go alone (withThread), where
   * it gets today's answer: its thread was held by someone else, does not exist or is not the
   * author's to see. Denials are not logged here; the lone run logs them. Returns after commit
   * with each locked thread's turn to publish: await `ready`, publish, then release.
   */
  async withLockedThreads<T>(
    posts: (BatchPostKey & { actor: Actor })[],
    work: (manager: EntityManager, accesses: (ThreadAccess | undefined)[]) => Promise<T>,
  ): Promise<{ result: T; turns: Map<string, Turn> }> {
    const turns = new Map<string, Turn>();
    const releaseAll = () => {
      turns.forEach((turn) => turn.release());
      turns.clear();
    };
    try {
      const result = await inTransaction(this.dataSource, async (manager) => {
        releaseAll(); // an earlier attempt was rolled back
        const loaded = await lockThreadsForPosts(manager, posts);
        for (const threadId of loaded.keys()) turns.set(threadId, this.order.enter(threadId));
        const accesses = posts.map((post) => {
          const found = loaded.get(post.threadId);
          const access = found && threadAccess(post.actor, found.thread, found.participantUnitIds);
          return access && { ...access, earlierPost: found.earlierPost ?? null };
        });
        return work(manager, accesses);
      });
      return { result, turns };
    } catch (error) {
      releaseAll();
      throw error;
    }
  }

  /** Throws not found (and logs the denial) unless the actor may see the thread. */
  async check(actor: Actor, threadId: string, action: AuditAction): Promise<ThreadAccess> {
    return this.withThread(actor, threadId, action, {}, async (_manager, access) => access);
  }

  private async load(manager: EntityManager, actor: Actor, threadId: string, options: AccessOptions): Promise<ThreadAccess | undefined> {
    const post = options.post;
    const loaded = post
      ? await loadThreadForPost(manager, threadId, actor.userId, post.idempotencyKey)
      : await loadThread(manager, threadId, options.lock ?? false);
    const access = loaded && threadAccess(actor, loaded.thread, loaded.participantUnitIds);
    return access && post ? { ...access, earlierPost: loaded?.earlierPost ?? null } : access;
  }
}

export const CLOSED_STATUSES: readonly ThreadStatus[] = ['avslutad', 'makulerad'];

/** A closed or cancelled thread stays readable, and nothing more is written to it. */
export function assertOpen(thread: Thread): void {
  if (thread.status === 'avslutad') throw conflict('Ärendet är avslutat och kan inte längre ändras. Det går fortfarande att läsa.');
  if (thread.status === 'makulerad')
    throw conflict('Ärendet är makulerat (felregistrerat) och kan inte längre ändras. Det går fortfarande att läsa.');
}

/** The actor's access to a thread with these participants; undefined when they may not see it. */
export function threadAccess(actor: Actor, thread: Thread, participantUnitIds: string[]): ThreadAccess | undefined {
  const ownerFirst = (units: string[]): string[] =>
    units.includes(thread.ownerUnitId) ? [thread.ownerUnitId, ...units.filter((u) => u !== thread.ownerUnitId)] : units;
  const unitsFor = (capability: Capability): string[] =>
    ownerFirst(participantUnitIds.filter((u) => actor.memberships.some((m) => m.unitId === u && roleGrants(m.role, capability))));
  const actingUnitIds = unitsFor('thread.read');
  if (!actingUnitIds.length) return undefined;
  return { thread, participantUnitIds, actingUnitIds, isOwner: actingUnitIds.includes(thread.ownerUnitId), unitsWith: unitsFor };
}

/**
 * The unit the actor acts for when doing something that needs the capability: the requested one
 * (which must be theirs in the thread) or the first that grants it. Throws 403 when none does.
 */
export function requireUnit(access: ThreadAccess, capability: Capability, requested?: string, refusal?: string): string {
  const allowed = access.unitsWith(capability);
  if (requested) {
    if (!access.actingUnitIds.includes(requested)) throw invalid('unitId', 'du arbetar inte för den enheten i detta ärende');
    if (!allowed.includes(requested)) throw forbidden(refusal ?? refusalFor(capability));
    return requested;
  }
  if (!allowed.length) throw forbidden(refusal ?? refusalFor(capability));
  return allowed[0];
}

export function refusalFor(capability: Capability): string {
  return `Din roll ger inte behörighet att ${CAPABILITY_LABELS[capability]} i detta ärende.`;
}

/**
 * The access-log row for an allowed action on a thread the actor may see: the patient and
 * thread come from the access, the unit defaults to the actor's acting unit.
 */
export function threadRecord(
  actor: Actor,
  access: ThreadAccess,
  action: AuditAction,
  extra: { unitId?: string; details?: AuditRecord['details'] } = {},
): AuditRecord {
  return {
    actor,
    action,
    outcome: 'allowed',
    unitId: extra.unitId ?? access.actingUnitIds[0],
    patientId: access.thread.patientId,
    threadId: access.thread.id,
    ...(extra.details ? { details: extra.details } : {}),
  };
}
