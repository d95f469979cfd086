import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { loadChecklistSnapshot, type ChecklistSnapshot } from './checklist-snapshot';
import {
  APP_CONFIG,
  type AppConfig,
  checkObservedAt,
  conflict,
  DomainError,
  DomainEvents,
  forbidden,
  invalid,
  notFound,
  type Actor,
  type OrgKind,
  type ThreadEvent,
} from '@brygga/common';
import { AuditService } from '@brygga/audit';
import {
  MessagesService,
  ThreadAccessService,
  ThreadDerivations,
  UUID,
  type DerivationContext,
  type DerivationOutcome,
  type MessageDto,
  threadRecord,
  type ThreadAccess,
} from '@brygga/threads';
import type { ApplyChecklistDto, ChangeItemDto, ConfirmReadinessDto, NotNeededDto, WithdrawReadinessDto } from './checklist.dto';
import { NOT_NEEDED, planNotNeeded, sectionOf } from './not-needed';
import { Checklist, ChecklistItem, ChecklistItemChange } from './checklist.entities';
import {
  mapChecklist,
  mapItem,
  mapItemChange,
  mapOverview,
  type ChecklistDto,
  type ChecklistItemDto,
  type ItemChangeResult,
  type ItemChangeDto,
  type ItemChangeRow,
  type NotNeededResult,
  type ThreadChecklistsDto,
} from './checklist.mapper';
import { loadChecklist, loadItem, loadThreadChecklists, readinessBefore, type ItemRow } from './checklist.queries';
import { deriveHemgangsklar } from './hemgangsklar';
import { HemgangsklarService, systemMessage, type Rederived } from './hemgangsklar.service';
import { formatValue, itemTitle, ORG_KIND_LABELS, STATE_LABELS, validateItemValue, type ItemState } from './item-values';
import type { ItemValue, TemplateItem } from './template-definition';
import { TemplatesService } from './templates.service';

export { ItemChangeResult } from './checklist.mapper';

/** The ward's notices that move the plan's times or its phase. */
const PLAN_KINDS: readonly string[] = [
  'inskrivningsmeddelande',
  'planerad_utskrivning',
  'utskrivningsklar',
  'avbrott',
  'utskrivningsmeddelande',
];

function flipDetails(re: Rederived): Record<string, boolean> {
  return re.flipped === null ? {} : { hemgangsklar: re.flipped };
}

function changeBody(
  checklistName: string,
  def: TemplateItem,
  before: { state: ItemState; value: ItemValue },
  after: { state: ItemState; value: ItemValue },
): string {
  const parts: string[] = [];
  if (before.state !== after.state) parts.push(`${STATE_LABELS[before.state]} → ${STATE_LABELS[after.state]}`);
  if (before.value !== after.value) parts.push(`${formatValue(def, before.value)} → ${formatValue(def, after.value)}`);
  return `${checklistName} – ${itemTitle(def)}: ${parts.join(', ')}`;
}

/** The item as pushed to every reader: without the reader-specific `mayChange`. */
function eventItem(item: ChecklistItemDto): Record<string, unknown> {
  const { mayChange: _mayChange, ...rest } = item;
  return rest;
}

@Injectable()
export class ChecklistsService implements OnModuleInit {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly messages: MessagesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly templates: TemplatesService,
    private readonly hemgangsklar: HemgangsklarService,
    private readonly derivations: ThreadDerivations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A readiness message posted by any route (REST, socket, the readiness endpoints) re-derives hemgångsklar. */
  onModuleInit(): void {
    this.derivations.register((manager, context) => this.onReadinessMessage(manager, context));
  }

  /** Item values and readiness for a derived view (libs/plan), in the caller's transaction: no access check, no log row. */
  async snapshot(manager: EntityManager, threadId: string): Promise<ChecklistSnapshot> {
    return loadChecklistSnapshot(manager, threadId);
  }

  /** The thread's checklists, each receiving unit's readiness, hemgångsklar and what is missing. */
  async overview(actor: Actor, threadId: string): Promise<ThreadChecklistsDto> {
    return this.access.withThread(actor, threadId, 'checklist.read', {}, async (manager, access) => {
      const state = await loadThreadChecklists(manager, threadId);
      const derived = deriveHemgangsklar(
        state.checklists.map((c) => ({ id: c.id, name: c.name, items: c.items })),
        state.receiving,
      );
      const may = this.mayChange(actor, access);
      const dto = mapOverview(
        threadId,
        access.thread.hemgangsklarAt,
        derived,
        state.receiving,
        state.checklists.map((c) => mapChecklist(threadId, c, may)),
      );
      await this.audit.record(manager, [
        threadRecord(actor, access, 'checklist.read', { details: { checklists: state.checklists.length } }),
      ]);
      return dto;
    });
  }

  /** Applies the latest version of a template to the thread (once per template). */
  async apply(actor: Actor, threadId: string, dto: ApplyChecklistDto): Promise<ChecklistDto> {
    const denial = { templateKey: dto.templateKey };
    const result = await this.access.withThread(
      actor,
      threadId,
      'checklist.apply',
      { lock: true, writable: true, denial },
      async (manager, access) => {
        const unitId = this.applyingUnit(access, dto.unitId);
        const [{ organisation_id: ownerOrganisation }]: { organisation_id: string }[] = await manager.query(
          'SELECT organisation_id FROM directory_unit WHERE id = $1',
          [access.thread.ownerUnitId],
        );
        const template = await this.templates.latest(manager, dto.templateKey, ownerOrganisation);
        if (!template) throw invalid('templateKey', 'det finns ingen checklistmall med den nyckeln');
        if (await manager.existsBy(Checklist, { threadId, templateKey: template.key })) {
          throw conflict(`Checklistan ${template.name} finns redan i ärendet.`);
        }
        const checklist = await manager.save(
          manager.create(Checklist, {
            threadId,
            templateId: template.id,
            templateKey: template.key,
            templateVersion: template.version,
            name: template.name,
            appliedByUserId: actor.userId,
            appliedByUnitId: unitId,
          }),
        );
        await manager.insert(
          ChecklistItem,
          template.items.map((definition, position) => ({
            checklistId: checklist.id,
            threadId,
            key: definition.key,
            position,
            definition,
            state: 'ej_paborjad' as ItemState,
            value: null,
            version: 1,
          })),
        );
        const message = await this.messages.append(
          manager,
          threadId,
          systemMessage(
            actor,
            unitId,
            'checklista_tillagd',
            `Checklista tillagd: ${template.name} (version ${template.version}, ${template.items.length} punkter).`,
            {
              checklistId: checklist.id,
              templateKey: template.key,
              templateVersion: template.version,
              name: template.name,
            },
          ),
        );
        const re = await this.hemgangsklar.rederive(manager, threadId, actor, unitId, access.participantUnitIds);
        const applied = mapChecklist(threadId, await loadChecklist(manager, threadId, checklist.id), this.mayChange(actor, access));
        await this.audit.record(manager, [
          threadRecord(actor, access, 'checklist.apply', {
            unitId,
            details: { checklistId: checklist.id, templateKey: template.key, templateVersion: template.version, ...flipDetails(re) },
          }),
        ]);
        const events: ThreadEvent[] = [
          this.messageEvent(threadId, access, message),
          {
            type: 'checklist.changed',
            threadId,
            participantUnitIds: access.participantUnitIds,
            data: { threadId, change: 'applied', checklist: { ...applied, items: applied.items.map(eventItem) } },
          },
          ...re.events,
        ];
        return { dto: applied, events };
      },
    );
    for (const event of result.events) this.events.publish(event);
    return result.dto;
  }

  /**
   * Changes an item's state and/or value. The thread row lock serialises changes to the thread, so
   * two changes based on the same version give one success and one 409, and hemgångsklar is
   * derived from each committed state in turn.
   */
  async changeItem(actor: Actor, threadId: string, itemId: string, dto: ChangeItemDto): Promise<ItemChangeResult> {
    const denial = { itemId: UUID.test(itemId) ? itemId : null };
    const result = await this.access.withThread(
      actor,
      threadId,
      'checklist.change',
      { lock: true, writable: true, denial },
      async (manager, access) => {
        const item = UUID.test(itemId) ? await loadItem(manager, threadId, itemId) : undefined;
        if (!item) throw notFound('Checklistpunkten');
        const def = item.definition;
        const unitId = this.changingUnit(actor, access, def, dto.unitId);
        // A retry of a change already made (an outbox sent twice): its answer again, nothing written twice.
        if (dto.idempotencyKey && (await this.earlierChange(manager, itemId, actor.userId, dto.idempotencyKey))) {
          const current = await this.itemDto(manager, threadId, item, actor, access);
          await this.audit.record(manager, [
            threadRecord(actor, access, 'checklist.change', { unitId, details: { itemId, replay: true } }),
          ]);
          return {
            dto: {
              item: current,
              hemgangsklar: access.thread.hemgangsklarAt !== null,
              hemgangsklarAt: access.thread.hemgangsklarAt?.toISOString() ?? null,
            },
            events: [],
          };
        }
        if (dto.state === undefined && dto.value === undefined) {
          throw new DomainError('validation', 'Ogiltiga uppgifter: ange state, value eller båda', [
            { field: 'state', message: 'ange state, value eller båda' },
          ]);
        }
        const observedAt = checkObservedAt(dto.observedAt, new Date(), this.config.offlineShiftHours);
        // A value made without coverage is judged at the time it was made: a färdtjänst time that was
        // ahead then has not become wrong because the phone found coverage after it.
        const before = { state: item.state, value: item.value };
        const after = {
          state: dto.state ?? item.state,
          value: dto.value === undefined ? item.value : validateItemValue(def, dto.value, observedAt ?? new Date()),
        };
        if (after.state === 'klar' && after.value === null) throw invalid('value', 'ett värde krävs för att markera punkten som klar');
        if (item.version !== dto.expectedVersion) throw this.staleVersion(dto.expectedVersion, item.version);
        if (after.state === before.state && after.value === before.value) {
          // Nothing to change: no new version, no history, no timeline entry.
          const unchanged = await this.itemDto(manager, threadId, item, actor, access);
          await this.audit.record(manager, [
            threadRecord(actor, access, 'checklist.change', { unitId, details: { itemId, unchanged: true } }),
          ]);
          return {
            dto: {
              item: unchanged,
              hemgangsklar: access.thread.hemgangsklarAt !== null,
              hemgangsklarAt: access.thread.hemgangsklarAt?.toISOString() ?? null,
            },
            events: [],
          };
        }
        const [updated]: [{ version: number }[], number] = await manager.query(
          `UPDATE checklist_item SET state = $4, value = $5::jsonb, version = version + 1, updated_at = now(),
                updated_by_user_id = $6, updated_by_unit_id = $7
          WHERE id = $1 AND thread_id = $2 AND version = $3 RETURNING version`,
          [
            itemId,
            threadId,
            dto.expectedVersion,
            after.state,
            after.value === null ? null : JSON.stringify(after.value),
            actor.userId,
            unitId,
          ],
        );
        if (!updated.length) throw this.staleVersion(dto.expectedVersion, item.version);
        const version = updated[0].version;
        const [{ name: checklistName }]: { name: string }[] = await manager.query(
          'SELECT name FROM checklist WHERE id = $1 AND thread_id = $2',
          [item.checklist_id, threadId],
        );
        const message = await this.messages.append(manager, threadId, {
          ...systemMessage(actor, unitId, 'checklista_andrad', changeBody(checklistName, def, before, after), {
            checklistId: item.checklist_id,
            checklistName,
            itemId,
            itemKey: item.key,
            label: itemTitle(def),
            version,
            before,
            after,
          }),
          observedAt,
        });
        await manager.insert(ChecklistItemChange, {
          itemId,
          threadId,
          version,
          changedByUserId: actor.userId,
          changedByUnitId: unitId,
          stateBefore: before.state,
          stateAfter: after.state,
          valueBefore: before.value,
          valueAfter: after.value,
          messageId: message.id,
          idempotencyKey: dto.idempotencyKey ?? null,
          observedAt,
        });
        const re = await this.hemgangsklar.rederive(manager, threadId, actor, unitId, access.participantUnitIds);
        const changed = await this.itemDto(manager, threadId, item, actor, access);
        await this.audit.record(manager, [
          threadRecord(actor, access, 'checklist.change', {
            unitId,
            details: {
              checklistId: item.checklist_id,
              itemId,
              itemKey: item.key,
              version,
              stateBefore: before.state,
              stateAfter: after.state,
              ...(observedAt ? { observedAt: observedAt.toISOString() } : {}),
              ...flipDetails(re),
            },
          }),
        ]);
        const events: ThreadEvent[] = [
          this.messageEvent(threadId, access, message),
          {
            type: 'checklist.changed',
            threadId,
            participantUnitIds: access.participantUnitIds,
            data: { threadId, change: 'item', checklistId: item.checklist_id, item: eventItem(changed) },
          },
          ...re.events,
        ];
        return {
          dto: { item: changed, hemgangsklar: re.hemgangsklarAt !== null, hemgangsklarAt: re.hemgangsklarAt?.toISOString() ?? null },
          events,
        };
      },
    );
    for (const event of result.events) this.events.publish(event);
    return result.dto;
  }

  /**
   * "Behövs inte" for a section of a checklist (a group, or the whole checklist), in one action and
   * one timeline entry: see planNotNeeded for what changes and when it is refused. Every changed
   * item gets its new version and history row, as one by one; hemgångsklar is derived once.
   */
  async setNotNeeded(actor: Actor, threadId: string, checklistId: string, dto: NotNeededDto): Promise<NotNeededResult> {
    const group = dto.group ?? null;
    const denial = { checklistId: UUID.test(checklistId) ? checklistId : null, group, notNeeded: true };
    let seen: ThreadAccess | undefined;
    try {
      const result = await this.access.withThread(
        actor,
        threadId,
        'checklist.change',
        { lock: true, writable: true, denial },
        async (manager, access) => {
          seen = access;
          const checklist = UUID.test(checklistId) ? await loadChecklist(manager, threadId, checklistId) : undefined;
          if (!checklist?.id) throw notFound('Checklistan');
          const changes = planNotNeeded(checklist.items, group);
          const may = this.mayChange(actor, access);
          // One unit acts for the whole section: one that may change every item of it (the owning ward may).
          const allowed = sectionOf(checklist.items, group)
            .map((i) => this.changers(actor, access, i.definition))
            .reduce((a, b) => a.filter((u) => b.includes(u)));
          const unitId = this.actingFor(
            access,
            allowed,
            dto.unitId,
            `${group ?? checklist.name} kan bara sättas till ”Behövs inte” av den ansvariga avdelningen eller en enhet som fyller i alla dess punkter; ändra punkterna en och en.`,
          );
          if (!changes.length) {
            await this.audit.record(manager, [
              threadRecord(actor, access, 'checklist.change', { unitId, details: { checklistId, group, notNeeded: true, items: 0 } }),
            ]);
            return {
              dto: {
                checklist: mapChecklist(threadId, checklist, may),
                changed: 0,
                hemgangsklarAt: access.thread.hemgangsklarAt?.toISOString() ?? null,
              },
              events: [],
            };
          }
          const body = `${checklist.name}${group ? ` – ${group}` : ''}: ${NOT_NEEDED.toLowerCase()} (${changes.length} ${changes.length === 1 ? 'punkt' : 'punkter'}).`;
          const message = await this.messages.append(
            manager,
            threadId,
            systemMessage(actor, unitId, 'checklista_andrad', body, {
              checklistId,
              checklistName: checklist.name,
              notNeeded: true,
              ...(group ? { group } : {}),
              items: changes.map((c) => ({
                itemId: c.item.id,
                itemKey: c.item.key,
                label: itemTitle(c.item.definition),
                version: c.item.version + 1,
                before: { state: c.item.state, value: c.item.value },
                after: c.after,
              })),
            }),
          );
          for (const c of changes) {
            await manager.query(
              `UPDATE checklist_item SET state = $3, value = $4::jsonb, version = version + 1, updated_at = now(),
                      updated_by_user_id = $5, updated_by_unit_id = $6
                WHERE id = $1 AND thread_id = $2`,
              [c.item.id, threadId, c.after.state, c.after.value === null ? null : JSON.stringify(c.after.value), actor.userId, unitId],
            );
            await manager.insert(ChecklistItemChange, {
              itemId: c.item.id,
              threadId,
              version: c.item.version + 1,
              changedByUserId: actor.userId,
              changedByUnitId: unitId,
              stateBefore: c.item.state,
              stateAfter: c.after.state,
              valueBefore: c.item.value,
              valueAfter: c.after.value,
              messageId: message.id,
              idempotencyKey: null,
              observedAt: null,
            });
          }
          const re = await this.hemgangsklar.rederive(manager, threadId, actor, unitId, access.participantUnitIds);
          const changed = mapChecklist(threadId, await loadChecklist(manager, threadId, checklistId), may);
          await this.audit.record(manager, [
            threadRecord(actor, access, 'checklist.change', {
              unitId,
              details: {
                checklistId,
                group,
                notNeeded: true,
                items: changes.length,
                itemKeys: changes.map((c) => c.item.key).join(','),
                ...flipDetails(re),
              },
            }),
          ]);
          const events: ThreadEvent[] = [
            this.messageEvent(threadId, access, message),
            {
              type: 'checklist.changed',
              threadId,
              participantUnitIds: access.participantUnitIds,
              data: { threadId, change: 'applied', checklist: { ...changed, items: changed.items.map(eventItem) } },
            },
            ...re.events,
          ];
          return {
            dto: { checklist: changed, changed: changes.length, hemgangsklarAt: re.hemgangsklarAt?.toISOString() ?? null },
            events,
          };
        },
      );
      for (const event of result.events) this.events.publish(event);
      return result.dto;
    } catch (error) {
      // A refusal for the thread's state (an item already done) is logged too; forbidden ones are logged by withThread.
      if (seen && error instanceof DomainError && (error.code === 'conflict' || error.code === 'validation')) {
        await this.audit.recordNow([
          { ...threadRecord(actor, seen, 'checklist.change'), outcome: 'denied', details: { ...denial, reason: error.message } },
        ]);
      }
      throw error;
    }
  }

  private async earlierChange(manager: EntityManager, itemId: string, userId: string, key: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM checklist_item_change WHERE item_id = $1 AND changed_by_user_id = $2 AND idempotency_key = $3',
      [itemId, userId, key],
    );
    return rows.length > 0;
  }

  /** Every change of an item, oldest first: who, for which unit, when, before → after. */
  async history(actor: Actor, threadId: string, itemId: string): Promise<{ item: ChecklistItemDto; changes: ItemChangeDto[] }> {
    return this.access.withThread(actor, threadId, 'checklist.history', {}, async (manager, access) => {
      const item = UUID.test(itemId) ? await loadItem(manager, threadId, itemId) : undefined;
      if (!item) throw notFound('Checklistpunkten');
      const rows: ItemChangeRow[] = await manager.query(
        `SELECT h.version, h.changed_at, h.changed_by_user_id, u.given_name || ' ' || u.family_name AS changed_by_name,
                h.changed_by_unit_id, un.name AS changed_by_unit_name, h.state_before, h.state_after, h.value_before, h.value_after, h.message_id
           FROM checklist_item_change h JOIN directory_person u ON u.id = h.changed_by_user_id JOIN directory_unit un ON un.id = h.changed_by_unit_id
          WHERE h.thread_id = $1 AND h.item_id = $2 ORDER BY h.version`,
        [threadId, itemId],
      );
      const dto = { item: await this.itemDto(manager, threadId, item, actor, access), changes: rows.map(mapItemChange) };
      await this.audit.record(manager, [threadRecord(actor, access, 'checklist.history', { details: { itemId, changes: rows.length } })]);
      return dto;
    });
  }

  /** "Redo att ta emot": a `redo` message, with the same checks as any posted message. */
  confirmReady(actor: Actor, threadId: string, dto: ConfirmReadinessDto): Promise<{ message: MessageDto; created: boolean }> {
    return this.messages.post(actor, threadId, {
      kind: 'redo',
      payload: { redoFran: dto.redoFran },
      idempotencyKey: dto.idempotencyKey ?? `redo-${randomUUID()}`,
      ...(dto.unitId ? { unitId: dto.unitId } : {}),
      ...(dto.observedAt ? { observedAt: dto.observedAt } : {}),
    });
  }

  /** Withdraws the unit's readiness: a `redo_aterkallad` message. */
  withdrawReadiness(actor: Actor, threadId: string, dto: WithdrawReadinessDto): Promise<{ message: MessageDto; created: boolean }> {
    return this.messages.post(actor, threadId, {
      kind: 'redo_aterkallad',
      payload: dto.orsak?.trim() ? { orsak: dto.orsak.trim() } : {},
      idempotencyKey: dto.idempotencyKey ?? `redo-aterkallad-${randomUUID()}`,
      ...(dto.unitId ? { unitId: dto.unitId } : {}),
      ...(dto.observedAt ? { observedAt: dto.observedAt } : {}),
    });
  }

  /** Runs inside MessagesService.post, under the thread lock, after a message is appended. */
  private async onReadinessMessage(manager: EntityManager, ctx: DerivationContext): Promise<DerivationOutcome> {
    const kind = ctx.message.kind;
    // Units joining or leaving change who must be ready, the ward's notices change the times and
    // the state shown (avbrott, planned date, discharge): derive afresh.
    if (kind === 'deltagare_tillagd' || kind === 'deltagare_borttagen' || kind === 'agare_bytt' || PLAN_KINDS.includes(kind)) {
      const re = await this.hemgangsklar.rederive(manager, ctx.threadId, ctx.actor, ctx.unitId, ctx.participantUnitIds);
      return { events: re.events, audit: [] };
    }
    if (kind !== 'redo' && kind !== 'redo_aterkallad') return { events: [], audit: [] };
    const redo = kind === 'redo';
    if (!redo && (await readinessBefore(manager, ctx.threadId, ctx.unitId, ctx.message.seq)) !== 'redo') {
      throw conflict('Enheten har inte bekräftat att den är redo att ta emot patienten, så det finns inget att återkalla.');
    }
    const re = await this.hemgangsklar.rederive(manager, ctx.threadId, ctx.actor, ctx.unitId, ctx.participantUnitIds);
    const redoFran = redo ? String(ctx.message.payload?.redoFran ?? '') || null : null;
    return {
      events: [
        {
          type: 'readiness.changed',
          threadId: ctx.threadId,
          participantUnitIds: ctx.participantUnitIds,
          data: {
            threadId: ctx.threadId,
            unitId: ctx.unitId,
            status: redo ? 'redo' : 'aterkallad',
            redo,
            redoFran,
            messageId: ctx.message.id,
          },
        },
        ...re.events,
      ],
      audit: [
        {
          actor: ctx.actor,
          action: 'readiness.change',
          outcome: 'allowed',
          unitId: ctx.unitId,
          patientId: ctx.patientId,
          threadId: ctx.threadId,
          details: { redo, redoFran, seq: ctx.message.seq, ...flipDetails(re) },
        },
      ],
    };
  }

  private staleVersion(expected: number, current: number): DomainError {
    return conflict(
      `Punkten har ändrats av någon annan sedan du hämtade den (du utgick från version ${expected}, nu är den version ${current}). Hämta checklistan på nytt och försök igen.`,
    );
  }

  private messageEvent(threadId: string, access: ThreadAccess, message: MessageDto): ThreadEvent {
    return { type: 'message.created', threadId, participantUnitIds: access.participantUnitIds, data: { ...message } };
  }

  private async itemDto(
    manager: EntityManager,
    threadId: string,
    item: ItemRow,
    actor: Actor,
    access: ThreadAccess,
  ): Promise<ChecklistItemDto> {
    const checklist = await loadChecklist(manager, threadId, item.checklist_id);
    const row = checklist.items.find((i) => i.id === item.id)!;
    return mapItem(row, checklist.items, this.mayChange(actor, access));
  }

  private kindOf(actor: Actor, unitId: string): OrgKind | undefined {
    return actor.memberships.find((m) => m.unitId === unitId)?.orgKind;
  }

  /** Units that may change the item: those of the responsible organisation kind, and the owning ward. */
  private changers(actor: Actor, access: ThreadAccess, item: TemplateItem): string[] {
    const units = access.unitsWith('checklist.change');
    const responsible = units.filter((u) => this.kindOf(actor, u) === item.responsible);
    return [...responsible, ...units.filter((u) => u === access.thread.ownerUnitId && !responsible.includes(u))];
  }

  private mayChange(actor: Actor, access: ThreadAccess): (item: TemplateItem) => boolean {
    return (item) => this.changers(actor, access, item).length > 0;
  }

  /** Checklists are put on by the owning ward, by a role that grants checklist.apply there. */
  private applyingUnit(access: ThreadAccess, requested?: string): string {
    const owner = access.unitsWith('checklist.apply').includes(access.thread.ownerUnitId) ? [access.thread.ownerUnitId] : [];
    return this.actingFor(
      access,
      owner,
      requested,
      'Endast den ansvariga avdelningens koordinator eller läkare kan lägga till checklistor.',
    );
  }

  private changingUnit(actor: Actor, access: ThreadAccess, item: TemplateItem, requested?: string): string {
    return this.actingFor(
      access,
      this.changers(actor, access, item),
      requested,
      `${itemTitle(item)} fylls i av ${ORG_KIND_LABELS[item.responsible].definite} eller den ansvariga avdelningen; din enhet eller roll kan inte ändra punkten.`,
    );
  }

  private actingFor(access: ThreadAccess, allowed: string[], requested: string | undefined, refusal: string): string {
    if (requested) {
      if (!access.actingUnitIds.includes(requested)) throw invalid('unitId', 'du arbetar inte för den enheten i detta ärende');
      if (!allowed.includes(requested)) throw forbidden(refusal);
      return requested;
    }
    if (!allowed.length) throw forbidden(refusal);
    return allowed[0];
  }
}
