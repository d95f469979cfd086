import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@brygga/database';
import { notFound, type Actor } from '@brygga/common';
import { AuditService, type AuditAction, type AuditRecord } from '@brygga/audit';
import { Thread } from './thread.entities';

export interface ThreadAccess {
  thread: Thread;
  participantUnitIds: string[];
  /** The actor's units that take part, the owner first. */
  actingUnitIds: string[];
  isOwner: boolean;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place that answers "may this actor see this thread?". A user sees a thread only
 * when one of their units takes part. Anything else is logged as denied and answered exactly
 * like a thread that does not exist.
 */
@Injectable()
export class ThreadAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  visibleUnitIds(actor: Actor): string[] {
    return [...new Set(actor.memberships.map((m) => m.unitId))];
  }

  /**
   * Runs work in one transaction with the thread loaded (and row-locked when `lock`), or logs
   * the denial and throws not found. The denial is logged after the rollback, in a transaction
   * of its own, so a refused request holds no second connection.
   */
  async withThread<T>(
    actor: Actor,
    threadId: string,
    action: AuditAction,
    options: { lock?: boolean },
    work: (manager: EntityManager, access: ThreadAccess) => Promise<T>,
  ): Promise<T> {
    const denied = Symbol('denied');
    const result = UUID.test(threadId)
      ? await inTransaction(this.dataSource, async (manager) => {
          const access = await this.load(manager, actor, threadId, options.lock ?? false);
          return access ? work(manager, access) : denied;
        })
      : denied;
    if (result === denied) {
      await this.audit.recordNow([
        { actor, action, outcome: 'denied', threadId: UUID.test(threadId) ? threadId : null, details: { reason: 'not_visible' } },
      ]);
      throw notFound();
    }
    return result as T;
  }

  /** Throws not found (and logs the denial) unless the actor may see the thread. */
  async check(actor: Actor, threadId: string, action: AuditAction): Promise<ThreadAccess> {
    return this.withThread(actor, threadId, action, {}, async (_manager, access) => access);
  }

  private async load(manager: EntityManager, actor: Actor, threadId: string, lock: boolean): Promise<ThreadAccess | undefined> {
    const qb = manager
      .getRepository(Thread)
      .createQueryBuilder('t')
      .addSelect('ARRAY(SELECT tp.unit_id FROM thread_participant tp WHERE tp.thread_id = t.id)', 'participant_unit_ids')
      .where('t.id = :threadId', { threadId });
    if (lock) qb.setLock('pessimistic_write');
    const { entities, raw } = await qb.getRawAndEntities<{ participant_unit_ids: string[] }>();
    const thread = entities[0];
    if (!thread) return undefined;
    const participantUnitIds = raw[0].participant_unit_ids;
    const mine = this.visibleUnitIds(actor).filter((u) => participantUnitIds.includes(u));
    if (!mine.length) return undefined;
    const isOwner = mine.includes(thread.ownerUnitId);
    const actingUnitIds = isOwner ? [thread.ownerUnitId, ...mine.filter((u) => u !== thread.ownerUnitId)] : mine;
    return { thread, participantUnitIds, actingUnitIds, isOwner };
  }
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
