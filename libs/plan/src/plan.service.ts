import { publishedSipPlan } from '@brygga/sip-plan';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents, notFound, roleGrants, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ChecklistsService } from '@brygga/checklists';
import { inTransaction } from '@brygga/database';
import { unitNames, userNames } from '@brygga/directory';
import {
  MessagesService,
  requireUnit,
  Thread,
  ThreadAccessService,
  threadRecord,
  ThreadsService,
  UUID,
  type ThreadAccess,
} from '@brygga/threads';
import { derivePlan, markNytt, PLAN_MESSAGE_KINDS, type PlanSectionContent } from './plan-content';
import type { PlanView, PublishedPlanView, PublishPlanDto, StaffPlanDto, StaffPublication } from './plan.dto';
import { PlanVersion } from './plan.entity';

/** Organisation kinds whose units publish the plan: the ward and SOF, never hemtjänst or hemsjukvård. */
const PUBLISHERS = ['slutenvard', 'sof'];
const REFUSAL = 'Min hemgång publiceras av vårdavdelningen eller socialtjänsten i ärendet, inte av hemtjänsten eller hemsjukvården.';

interface VersionRow {
  version: number;
  content: PlanSectionContent[];
  published_at: Date;
  unit_name: string;
  by_name: string;
}

const LATEST_VERSION = `
  SELECT v.version, v.content, v.published_at, v.published_by_unit_id, v.published_by_user_id
    FROM plan_version v WHERE v.thread_id = $1 ORDER BY v.version DESC LIMIT 1`;

/** The thread's latest published version, with the names of the unit and person that published it (the directory's). */
async function latestVersion(manager: EntityManager, threadId: string): Promise<VersionRow | undefined> {
  const [row]: (Omit<VersionRow, 'unit_name' | 'by_name'> & { published_by_unit_id: string; published_by_user_id: string })[] =
    await manager.query(LATEST_VERSION, [threadId]);
  if (!row) return undefined;
  const [units, users] = await Promise.all([
    unitNames(manager, [row.published_by_unit_id]),
    userNames(manager, [row.published_by_user_id]),
  ]);
  return { ...row, unit_name: units.get(row.published_by_unit_id) ?? '', by_name: users.get(row.published_by_user_id) ?? '' };
}
/**
 * "Min hemgång": the patient's plan page, derived from the thread (libs/threads, libs/checklists)
 * and published in versions by the ward or SOF. Staff routes check thread access and log; the
 * patient-facing methods (planView, publishedPlansForPatient) leave both to their caller.
 */
@Injectable()
export class PlanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ThreadAccessService,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly checklists: ChecklistsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** The page as the patient would see it, for staff who may read the thread (access-logged). */
  async staffView(actor: Actor, threadId: string): Promise<StaffPlanDto> {
    return this.access.withThread(actor, threadId, 'plan.read', {}, async (manager, access) => {
      const dto = await this.staffDto(manager, actor, access);
      await this.audit.record(manager, [
        threadRecord(actor, access, 'plan.read', { details: { version: dto.plan.published?.version ?? 0 } }),
      ]);
      return dto;
    });
  }

  /** Publishes the page as it is now: a new version with who and when. The ward or SOF only. */
  async publish(actor: Actor, threadId: string, dto: PublishPlanDto): Promise<StaffPlanDto> {
    const result = await this.access.withThread(
      actor,
      threadId,
      'plan.publish',
      { lock: true, writable: true, denial: { plan: 'publish' } },
      async (manager, access) => {
        const unitId = requireUnit(publishingAccess(actor, access), 'plan.publish', dto.unitId, REFUSAL);
        const [{ current }]: { current: number | null }[] = await manager.query(
          'SELECT max(version) AS current FROM plan_version WHERE thread_id = $1',
          [threadId],
        );
        const version = (current ?? 0) + 1;
        const content = await this.derive(manager, threadId);
        await manager.insert(PlanVersion, {
          threadId,
          patientId: access.thread.patientId,
          version,
          content,
          publishedByUserId: actor.userId,
          publishedByUnitId: unitId,
        });
        const message = await this.messages.append(manager, threadId, {
          kind: 'plan_publicerad',
          body: `Min hemgång publicerad (version ${version}).`,
          payload: { version },
          authorUserId: actor.userId,
          authorUnitId: unitId,
          correctsMessageId: null,
          idempotencyKey: `system:${randomUUID()}`,
          requestHash: 'system',
        });
        await this.audit.record(manager, [threadRecord(actor, access, 'plan.publish', { unitId, details: { version } })]);
        return { dto: await this.staffDto(manager, actor, access), message, participantUnitIds: access.participantUnitIds };
      },
    );
    this.events.publish({ type: 'message.created', threadId, participantUnitIds: result.participantUnitIds, data: { ...result.message } });
    this.events.publish({
      type: 'thread.changed',
      threadId,
      participantUnitIds: result.participantUnitIds,
      data: { threadId, plan: true },
    });
    return result.dto;
  }

  /**
   * The page of one thread as the patient sees it. No access check and no access-log row: the
   * caller (the citizen routes) has decided that the reader may see it, and logs the read.
   */
  async planView(threadId: string): Promise<PlanView> {
    return inTransaction(this.dataSource, async (manager) => {
      // An unknown or malformed id is a 404, never a 500.
      if (!UUID.test(threadId) || !(await manager.getRepository(Thread).existsBy({ id: threadId }))) throw notFound();
      return stripStatus(await this.view(manager, threadId));
    });
  }

  /**
   * The patient's published plans, newest publication first: per thread the page now, marked
   * against its latest publication. Cancelled (makulerade) threads are left out. No access check
   * and no log row: the caller's.
   */
  async publishedPlansForPatient(patientId: string): Promise<PublishedPlanView[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const threads: { thread_id: string }[] = await manager.query(
        `SELECT thread_id FROM plan_version WHERE patient_id = $1 GROUP BY thread_id ORDER BY max(published_at) DESC`,
        [patientId],
      );
      const views: PublishedPlanView[] = [];
      for (const { thread_id } of threads) {
        const view = await this.view(manager, thread_id);
        if (view.published && view.status !== 'makulerad') views.push(stripStatus(view) as PublishedPlanView);
      }
      return views;
    });
  }

  private async staffDto(manager: EntityManager, actor: Actor, access: ThreadAccess): Promise<StaffPlanDto> {
    const view = await this.view(manager, access.thread.id);
    const latest = await latestVersion(manager, access.thread.id);
    const publication: StaffPublication | null = latest
      ? { version: latest.version, publishedAt: latest.published_at.toISOString(), unitName: latest.unit_name, byName: latest.by_name }
      : null;
    return { plan: stripStatus(view), publication, canPublish: publishingAccess(actor, access).unitsWith('plan.publish').length > 0 };
  }

  private async view(manager: EntityManager, threadId: string): Promise<PlanView & { status: string }> {
    const thread = await this.threads.detail(manager, threadId, false);
    const content = await this.derive(manager, threadId, thread);
    const latest = await latestVersion(manager, threadId);
    const published = latest ? { content: latest.content, publishedAt: latest.published_at.toISOString() } : null;
    const lastChange = [thread.updatedAt, ...content.flatMap((s) => s.entries.map((e) => e.changedAt ?? ''))].sort().at(-1)!;
    const sections = markNytt(content, published, lastChange);
    return {
      threadId,
      patientId: thread.patient.id,
      wardName: thread.ownerUnit.name,
      status: thread.status,
      sections,
      published: latest ? { version: latest.version, publishedAt: latest.published_at.toISOString(), unitName: latest.unit_name } : null,
      changedSincePublish: !!latest && sections.some((s) => s.entries.some((e) => e.nytt !== null)),
    };
  }

  private async derive(
    manager: EntityManager,
    threadId: string,
    loaded?: Awaited<ReturnType<ThreadsService['detail']>>,
  ): Promise<PlanSectionContent[]> {
    const thread = loaded ?? (await this.threads.detail(manager, threadId, false));
    const messages = await this.messages.latestOfKinds(manager, threadId, PLAN_MESSAGE_KINDS);
    const checklist = await this.checklists.snapshot(manager, threadId);
    const sipPlan = await publishedSipPlan(manager, threadId);
    return derivePlan({
      sipPlan,
      thread: {
        plannedDischargeDate: thread.dates.plannedDischargeDate,
        dischargedAt: thread.dates.dischargedAt,
        createdAt: thread.createdAt,
        wardName: thread.ownerUnit.name,
      },
      facts: (thread.facts ?? []).map((f) => ({ key: f.key, value: f.value, setAt: f.setAt })),
      messages: messages.map((m) => ({ kind: m.kind, payload: m.payload, createdAt: m.createdAt })),
      checklist,
    });
  }
}

/** The access narrowed to the units of the organisation kinds that publish (the ward, SOF). */
function publishingAccess(actor: Actor, access: ThreadAccess): ThreadAccess {
  const publishers = (capability: Parameters<ThreadAccess['unitsWith']>[0]) =>
    access
      .unitsWith(capability)
      .filter((u) => actor.memberships.some((m) => m.unitId === u && PUBLISHERS.includes(m.orgKind) && roleGrants(m.role, capability)));
  return { ...access, unitsWith: publishers };
}

function stripStatus(view: PlanView & { status?: string }): PlanView {
  const { status: _status, ...rest } = view;
  return rest;
}
