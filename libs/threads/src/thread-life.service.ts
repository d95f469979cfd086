import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { conflict, DomainError, DomainEvents, forbidden, invalid, type Actor, type OrgKind, type ThreadEvent } from '@brygga/common';
import { AuditService, type AuditAction } from '@brygga/audit';
import { DirectoryService, type UnitSummary } from '@brygga/directory';
import { MessagesService } from './messages.service';
import { ThreadDerivations } from './thread-derivations';
import { Thread, ThreadParticipant, type ThreadStatus } from './thread.entities';
import { requireUnit, ThreadAccessService, threadRecord, UUID, type ThreadAccess } from './thread-access.service';
import type { ThreadDto } from './thread.mapper';
import { ThreadsService } from './threads.service';

/** Units that SOF may add or remove: the ones it chooses through the biståndsbeslut. */
const SOF_CHOOSES: readonly OrgKind[] = ['hemtjanst', 'hemsjukvard'];
const MUNICIPAL: readonly OrgKind[] = ['sof', 'hemsjukvard', 'hemtjanst'];

interface Change {
  action: AuditAction;
  kind: string;
  body: string;
  payload: Record<string, unknown>;
  /** Done in the transaction after the checks, before the timeline entry. */
  apply: (manager: EntityManager) => Promise<void>;
  /** Who can see what changes: re-checked on every node after commit. */
  accessChange?: { unitIds: string[] };
  addedUnitId?: string;
}

/**
 * The life of an ärende after it is opened: units join and leave, the owner ward hands it on,
 * and it is closed (avslutad) or cancelled as entered in error (makulerad). Each change is a
 * timeline entry and an access-log row, and access follows it at once.
 */
@Injectable()
export class ThreadLifeService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly messages: MessagesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly directory: DirectoryService,
    private readonly derivations: ThreadDerivations,
    private readonly threads: ThreadsService,
  ) {}

  async addParticipant(actor: Actor, threadId: string, unitId: string): Promise<ThreadDto> {
    const [unit] = UUID.test(unitId) ? await this.directory.units([unitId]) : [];
    if (!unit) throw invalid('unitId', 'enheten finns inte');
    return this.change(actor, threadId, 'participant.add', (manager, access, actingUnit) => {
      this.checkMayManage(actor, access, actingUnit, unit);
      if (access.participantUnitIds.includes(unit.id)) throw conflict(`${unit.name} deltar redan i ärendet.`);
      return {
        action: 'participant.add',
        kind: 'deltagare_tillagd',
        body: `${unit.name} (${unit.organisationName}) deltar nu i ärendet.`,
        payload: { unitId: unit.id, unitName: unit.name, orgKind: unit.orgKind },
        apply: async (m) => void (await m.insert(ThreadParticipant, { threadId, unitId: unit.id })),
        accessChange: { unitIds: [unit.id] },
        addedUnitId: unit.id,
      };
    });
  }

  async removeParticipant(actor: Actor, threadId: string, unitId: string): Promise<ThreadDto> {
    return this.change(actor, threadId, 'participant.remove', async (manager, access, actingUnit) => {
      if (!UUID.test(unitId) || !access.participantUnitIds.includes(unitId)) throw invalid('unitId', 'enheten deltar inte i ärendet');
      const [unit] = await this.directory.units([unitId], manager);
      this.checkMayManage(actor, access, actingUnit, unit);
      if (unitId === access.thread.ownerUnitId) {
        throw conflict('Den ansvariga avdelningen kan inte tas bort. Lämna över ärendet till en annan avdelning först.');
      }
      if (MUNICIPAL.includes(unit.orgKind)) await this.checkMunicipalityRemains(manager, access, unitId);
      return {
        action: 'participant.remove',
        kind: 'deltagare_borttagen',
        body: `${unit.name} deltar inte längre i ärendet.`,
        payload: { unitId: unit.id, unitName: unit.name, orgKind: unit.orgKind },
        apply: async (m) => void (await m.delete(ThreadParticipant, { threadId, unitId })),
        accessChange: { unitIds: [unitId] },
      };
    });
  }

  /** The patient moves to another ward: it becomes the owner (and takes part); the old ward stays a participant. */
  async transfer(actor: Actor, threadId: string, unitId: string): Promise<ThreadDto> {
    const [unit] = UUID.test(unitId) ? await this.directory.units([unitId]) : [];
    if (!unit) throw invalid('unitId', 'enheten finns inte');
    return this.change(actor, threadId, 'thread.transfer', async (_manager, access, actingUnit) => {
      if (actingUnit !== access.thread.ownerUnitId) throw forbidden('Endast den ansvariga avdelningen kan lämna över ärendet.');
      if (unit.orgKind !== 'slutenvard') throw invalid('unitId', 'ärendet kan bara lämnas över till en vårdavdelning');
      if (unit.id === access.thread.ownerUnitId) throw conflict(`${unit.name} är redan ansvarig avdelning.`);
      const joins = !access.participantUnitIds.includes(unit.id);
      return {
        action: 'thread.transfer',
        kind: 'agare_bytt',
        body: `Ärendet har lämnats över till ${unit.name}.`,
        payload: { fromUnitId: access.thread.ownerUnitId, unitId: unit.id, unitName: unit.name },
        apply: async (m) => {
          if (joins) await m.insert(ThreadParticipant, { threadId, unitId: unit.id });
          await m.query(
            'UPDATE thread SET owner_unit_id = $2, former_owner_unit_ids = array_append(former_owner_unit_ids, owner_unit_id), updated_at = now() WHERE id = $1',
            [threadId, unit.id],
          );
        },
        accessChange: { unitIds: [unit.id, access.thread.ownerUnitId] },
        ...(joins ? { addedUnitId: unit.id } : {}),
      };
    });
  }

  /**
   * avslutad: the owning ward ends the thread after the patient is discharged, or earlier with a
   * reason (no municipal support needed). makulerad: entered in error, always with a reason.
   */
  async close(actor: Actor, threadId: string, how: 'avslutad' | 'makulerad', orsak: string | undefined): Promise<ThreadDto> {
    const reason = orsak?.trim() || undefined;
    return this.change(actor, threadId, how === 'avslutad' ? 'thread.close' : 'thread.cancel', async (manager, access, actingUnit) => {
      if (actingUnit !== access.thread.ownerUnitId) throw forbidden('Endast den ansvariga avdelningen kan avsluta eller makulera ärendet.');
      if (how === 'makulerad' && !reason) throw invalid('orsak', 'ange varför ärendet makuleras');
      if (how === 'avslutad' && access.thread.status !== 'utskriven' && !reason) {
        throw invalid('orsak', 'patienten är inte utskriven: ange varför ärendet avslutas (t.ex. inget behov av kommunala insatser)');
      }
      // After discharge the others carry on at home: not closed while their work is open, unless a reason is given.
      const homePhase = how === 'avslutad' && access.thread.status === 'utskriven';
      const open = homePhase && !reason ? await this.derivations.openItems(manager, threadId) : [];
      if (open.length) {
        throw conflict(`Ärendet kan inte avslutas än: ${open.join('; ')}. Ange en orsak om det ändå ska avslutas.`);
      }
      const status: ThreadStatus = how;
      return {
        action: how === 'avslutad' ? 'thread.close' : 'thread.cancel',
        kind: how === 'avslutad' ? 'arende_avslutat' : 'arende_makulerat',
        body:
          how === 'avslutad'
            ? `Ärendet är avslutat.${reason ? ` Orsak: ${reason}` : ''}`
            : `Ärendet är makulerat (felregistrerat). Orsak: ${reason}`,
        payload: { status, ...(reason ? { orsak: reason } : {}) },
        apply: async (m) => void (await m.update(Thread, { id: threadId }, { status })),
      };
    });
  }

  /**
   * One shape for every change: under the thread lock, on an open thread, by a unit whose role
   * grants participants.manage (or, for closing, discharge.notify); the change, its timeline entry,
   * derived state (hemgångsklar follows the receiving units) and the access-log row commit
   * together; events and the access re-check follow the commit.
   */
  private async change(
    actor: Actor,
    threadId: string,
    action: AuditAction,
    plan: (manager: EntityManager, access: ThreadAccess, actingUnit: string) => Change | Promise<Change>,
  ): Promise<ThreadDto> {
    const capability = action === 'thread.close' || action === 'thread.cancel' ? 'discharge.notify' : 'participants.manage';
    const result = await this.access.withThread(actor, threadId, action, { lock: true, writable: true }, async (manager, access) => {
      const actingUnit = requireUnit(access, capability);
      const change = await plan(manager, access, actingUnit);
      await change.apply(manager);
      const [{ participants }]: { participants: string[] }[] = await manager.query(
        'SELECT array_agg(unit_id) AS participants FROM thread_participant WHERE thread_id = $1',
        [threadId],
      );
      const message = await this.messages.append(manager, threadId, {
        kind: change.kind,
        body: change.body,
        payload: change.payload,
        authorUserId: actor.userId,
        authorUnitId: actingUnit,
        correctsMessageId: null,
        idempotencyKey: `system:${randomUUID()}`,
        requestHash: 'system',
      });
      const derived = await this.derivations.run(manager, {
        threadId,
        patientId: access.thread.patientId,
        participantUnitIds: participants,
        actor,
        unitId: actingUnit,
        message,
      });
      await this.audit.record(manager, [
        threadRecord(actor, access, change.action, { unitId: actingUnit, details: { ...stringsOf(change.payload), seq: message.seq } }),
        ...derived.audit,
      ]);
      const [thread] = await manager.query('SELECT status, owner_unit_id FROM thread WHERE id = $1', [threadId]);
      // Everyone who saw the thread before hears of the change, the removed unit included.
      const told = [...new Set([...access.participantUnitIds, ...participants])];
      const events: ThreadEvent[] = [
        { type: 'message.created', threadId, participantUnitIds: told, data: { ...message } },
        {
          type: 'thread.changed',
          threadId,
          participantUnitIds: told,
          data: { threadId, status: thread.status, ownerUnitId: thread.owner_unit_id, participants },
        },
        ...derived.events,
      ];
      if (change.addedUnitId)
        events.push({ type: 'thread.created', threadId, participantUnitIds: [change.addedUnitId], data: { threadId } });
      // The answer shows the thread as the change left it, as the actor's units now stand to it
      // (a ward that handed the thread over is no longer its owner); the change's row logs it.
      const dto = await this.threads.detail(manager, threadId, access.actingUnitIds.includes(thread.owner_unit_id), access.actingUnitIds);
      return { events, accessChange: change.accessChange, dto };
    });
    for (const event of result.events) this.events.publish(event);
    if (result.accessChange) this.events.accessChanged({ ...result.accessChange, threadIds: [threadId] });
    return result.dto;
  }

  /** The owning ward manages every participant; SOF the home-care and home-health units it chose. */
  private checkMayManage(actor: Actor, access: ThreadAccess, actingUnit: string, unit: UnitSummary): void {
    if (actingUnit === access.thread.ownerUnitId) return;
    const kind = actor.memberships.find((m) => m.unitId === actingUnit)?.orgKind;
    if (kind === 'sof' && SOF_CHOOSES.includes(unit.orgKind)) return;
    throw forbidden(
      'Endast den ansvariga avdelningen, eller socialtjänsten för hemtjänst och hemsjukvård, kan ändra vilka enheter som deltar.',
    );
  }

  /** While a hemgångsbeslut stands, the municipality must keep someone in the thread. */
  private async checkMunicipalityRemains(manager: EntityManager, access: ThreadAccess, removing: string): Promise<void> {
    const [decision]: { id: string }[] = await manager.query(
      `SELECT id FROM message WHERE thread_id = $1 AND kind = 'hemgangsbeslut' LIMIT 1`,
      [access.thread.id],
    );
    if (!decision) return;
    const remaining = (
      await this.directory.units(
        access.participantUnitIds.filter((u) => u !== removing),
        manager,
      )
    ).filter((u) => MUNICIPAL.includes(u.orgKind));
    if (!remaining.length) {
      throw new DomainError(
        'conflict',
        'Det finns ett hemgångsbeslut i ärendet: minst en kommunal enhet måste delta. Lägg till en annan enhet först.',
      );
    }
  }
}

function stringsOf(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}
