import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { OrgKind } from '@brygga/common';
import type { ChecklistRow, ItemRow, ReceivingUnitView } from './checklist.queries';
import type { Derived } from './hemgangsklar';
import { ORG_KIND_LABELS, STATE_LABELS, type ItemState } from './item-values';
import { applies, type ItemValue, type TemplateItem, type ValueType } from './template-definition';

// Response classes (not interfaces): the @nestjs/swagger CLI plugin describes them in openapi.json.

/** A value: text, a date or datetime as text, yes/no, or nothing yet. */
const ITEM_VALUE = { oneOf: [{ type: 'string' }, { type: 'boolean' }], nullable: true } as ApiPropertyOptions;

export class PersonRef {
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
}

/** The item applies only while an earlier item's value is one of these. */
export class ItemCondition {
  item: string;
  @ApiProperty({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'boolean' }] } } as ApiPropertyOptions) in: (
    string | boolean
  )[];
}

/** Why the thread is not (yet) hemgångsklar. */
export class MissingDto {
  reason: 'no_checklist' | 'no_receiving_unit' | 'item_not_done' | 'unit_not_ready';
  /** Swedish, for people. */
  message: string;
  checklistId?: string;
  itemId?: string;
  unitId?: string;
  responsible?: OrgKind;
}

export class ItemStateValue {
  state: ItemState;
  @ApiProperty(ITEM_VALUE) value: ItemValue;
}

export class ReadinessSince {
  messageId: string;
  at: string;
  userId: string;
  name: string;
  orsak: string | null;
}

export class ChecklistItemDto {
  id: string;
  checklistId: string;
  key: string;
  group: string | null;
  label: string;
  help: string | null;
  responsible: OrgKind;
  responsibleLabel: string;
  required: boolean;
  /** false while the item's condition (`when`) is not met: then it is not needed. */
  applies: boolean;
  valueType: ValueType;
  choices: string[] | null;
  notInPast: boolean;
  /** A moment from which something is in place at home (pick-up, delivery): the planned discharge suggests it. */
  readyFrom: boolean;
  when: ItemCondition | null;
  state: ItemState;
  stateLabel: string;
  @ApiProperty(ITEM_VALUE) value: ItemValue;
  /** Send it back as expectedVersion when changing the item. */
  version: number;
  updatedAt: string | null;
  updatedBy: PersonRef | null;
  /** May the reader change it (their unit's kind is responsible, or they are the owning ward)? */
  mayChange: boolean;
}

export class ChecklistDto {
  id: string;
  threadId: string;
  templateKey: string;
  templateVersion: number;
  name: string;
  appliedAt: string;
  appliedBy: PersonRef;
  items: ChecklistItemDto[];
}

export class ReadinessDto {
  unitId: string;
  unitName: string;
  orgKind: OrgKind;
  /** redo: ready to receive; aterkallad: withdrawn; ej_bekraftad: never confirmed. */
  status: 'redo' | 'aterkallad' | 'ej_bekraftad';
  redo: boolean;
  redoFran: string | null;
  /** Who gave the current status, when, and (for a withdrawal) why. */
  since: ReadinessSince | null;
}

export class ThreadChecklistsDto {
  threadId: string;
  hemgangsklar: boolean;
  hemgangsklarAt: string | null;
  kanTaEmotFran: string | null;
  /** Why the thread is not (yet) hemgångsklar, in Swedish; empty when it is. */
  missing: MissingDto[];
  /** Things that do not fit together (e.g. the pick-up before the receivers are ready), in Swedish. */
  warnings: string[];
  readiness: ReadinessDto[];
  checklists: ChecklistDto[];
}

export interface ItemChangeRow {
  version: number;
  changed_at: Date;
  changed_by_user_id: string;
  changed_by_name: string;
  changed_by_unit_id: string;
  changed_by_unit_name: string;
  state_before: ItemState;
  state_after: ItemState;
  value_before: ItemValue;
  value_after: ItemValue;
  message_id: string;
}

export class ItemChangeDto {
  version: number;
  changedAt: string;
  changedBy: PersonRef;
  before: ItemStateValue;
  after: ItemStateValue;
  messageId: string;
}

export function mapItem(row: ItemRow, siblings: ItemRow[], mayChange: (item: TemplateItem) => boolean): ChecklistItemDto {
  const d = row.definition;
  const byKey = new Map(siblings.map((s) => [s.key, s]));
  return {
    id: row.id,
    checklistId: row.checklist_id,
    key: row.key,
    group: d.group ?? null,
    label: d.label,
    help: d.help ?? null,
    responsible: d.responsible,
    responsibleLabel: ORG_KIND_LABELS[d.responsible].title,
    required: d.required,
    applies: applies(d, (key) => byKey.get(key)),
    valueType: d.valueType,
    choices: d.choices ?? null,
    notInPast: d.notInPast ?? false,
    readyFrom: d.readyFrom ?? false,
    when: d.when ?? null,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    value: row.value,
    version: row.version,
    updatedAt: row.updated_at?.toISOString() ?? null,
    updatedBy:
      row.updated_by_user_id && row.updated_by_unit_id
        ? {
            userId: row.updated_by_user_id,
            name: row.updated_by_name ?? '',
            unitId: row.updated_by_unit_id,
            unitName: row.updated_by_unit_name ?? '',
          }
        : null,
    mayChange: mayChange(d),
  };
}

export function mapChecklist(
  threadId: string,
  row: ChecklistRow & { items: ItemRow[] },
  mayChange: (item: TemplateItem) => boolean,
): ChecklistDto {
  return {
    id: row.id,
    threadId,
    templateKey: row.template_key,
    templateVersion: row.template_version,
    name: row.name,
    appliedAt: row.created_at.toISOString(),
    appliedBy: {
      userId: row.applied_by_user_id,
      name: row.applied_by_name,
      unitId: row.applied_by_unit_id,
      unitName: row.applied_by_unit_name,
    },
    items: row.items.map((i) => mapItem(i, row.items, mayChange)),
  };
}

export function mapReadiness(unit: ReceivingUnitView): ReadinessDto {
  return {
    unitId: unit.unitId,
    unitName: unit.name,
    orgKind: unit.orgKind,
    status: unit.latest ?? 'ej_bekraftad',
    redo: unit.latest === 'redo',
    redoFran: unit.redoFran,
    since: unit.since,
  };
}

export function mapOverview(
  threadId: string,
  hemgangsklarAt: Date | null,
  derived: Derived,
  receiving: ReceivingUnitView[],
  checklists: ChecklistDto[],
): ThreadChecklistsDto {
  return {
    threadId,
    hemgangsklar: hemgangsklarAt !== null,
    hemgangsklarAt: hemgangsklarAt?.toISOString() ?? null,
    kanTaEmotFran: derived.kanTaEmotFran,
    missing: derived.missing,
    warnings: derived.warnings,
    readiness: receiving.map(mapReadiness),
    checklists,
  };
}

export function mapItemChange(row: ItemChangeRow): ItemChangeDto {
  return {
    version: row.version,
    changedAt: row.changed_at.toISOString(),
    changedBy: {
      userId: row.changed_by_user_id,
      name: row.changed_by_name,
      unitId: row.changed_by_unit_id,
      unitName: row.changed_by_unit_name,
    },
    before: { state: row.state_before, value: row.value_before },
    after: { state: row.state_after, value: row.value_after },
    messageId: row.message_id,
  };
}

/** PATCH …/checklists/items/:itemId: the item as changed, and the thread's hemgångsklar after it. */
export class ItemChangeResult {
  item: ChecklistItemDto;
  hemgangsklar: boolean;
  hemgangsklarAt: string | null;
}

/** POST …/checklists/:checklistId/not-needed: the checklist after it, how many items changed, hemgångsklar. */
export class NotNeededResult {
  checklist: ChecklistDto;
  changed: number;
  hemgangsklarAt: string | null;
}

/** GET …/checklists/items/:itemId/history. */
export class ItemHistoryDto {
  item: ChecklistItemDto;
  changes: ItemChangeDto[];
}

/** One point of a template as published (libs/checklists template-definition.ts TemplateItem). */
export class TemplateItemView {
  key: string;
  label: string;
  group?: string;
  help?: string;
  responsible: OrgKind;
  required: boolean;
  valueType: ValueType;
  choices?: string[];
  notInPast?: boolean;
  readyFrom?: boolean;
  pending?: string;
  when?: ItemCondition;
}

export class TemplateCreator {
  userId: string;
  name: string;
}

export class TemplateDto {
  id: string;
  key: string;
  version: number;
  /** The organisation whose version this is; null for a standard template. */
  organisationId: string | null;
  name: string;
  description: string | null;
  items: TemplateItemView[];
  createdAt: string;
  /** null for the standard templates loaded on first start. */
  createdBy: TemplateCreator | null;
}

/** GET /api/checklist-templates. */
export class TemplateListDto {
  templates: TemplateDto[];
}
