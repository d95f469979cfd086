import type { OrgKind } from '@brygga/common';
import { itemTitle, ORG_KIND_LABELS, type ItemState } from './item-values';
import { applies, type ItemValue, type TemplateItem } from './template-definition';

/** Organisation kinds that receive the patient at home and must confirm they are ready. */
export const RECEIVING_KINDS: readonly OrgKind[] = ['hemtjanst', 'hemsjukvard'];

export interface DerivationItem {
  id: string;
  key: string;
  definition: TemplateItem;
  state: ItemState;
  value: ItemValue;
}

export interface DerivationChecklist {
  id: string;
  name: string;
  items: DerivationItem[];
}

/** A participant unit of a receiving kind and its latest redo / redo_aterkallad message, if any. */
export interface ReceivingUnitState {
  unitId: string;
  name: string;
  orgKind: OrgKind;
  /** 'redo' ready, 'aterkallad' withdrawn, null never confirmed. */
  latest: 'redo' | 'aterkallad' | null;
  redoFran: string | null;
}

export type MissingReason = 'no_checklist' | 'no_receiving_unit' | 'item_not_done' | 'unit_not_ready';

export interface Missing {
  reason: MissingReason;
  /** Swedish, for people. */
  message: string;
  checklistId?: string;
  itemId?: string;
  unitId?: string;
  responsible?: OrgKind;
}

export interface Derived {
  hemgangsklar: boolean;
  /** Why it is not (yet) hemgångsklar; empty when it is. */
  missing: Missing[];
  /** The earliest moment every receiving unit can receive the patient (the latest of their redoFran). */
  kanTaEmotFran: string | null;
}

const DONE: readonly ItemState[] = ['klar', 'ej_aktuell'];

/**
 * The rule, and the only place it lives. A thread is hemgångsklar when
 *  1. at least one checklist is applied (with none, nothing has been planned or checked);
 *  2. every required item that applies (see `applies`) is klar or ej aktuell — optional items
 *     and items whose condition is not met do not count;
 *  3. at least one receiving unit (hemtjänst or hemsjukvård) takes part — without one, nobody
 *     receives the patient at home and the ward discharges without this state; and
 *  4. every receiving unit's latest readiness message is `redo` (not withdrawn, not missing).
 * The time from which the units can receive the patient does not enter the rule: it is shown as
 * `kanTaEmotFran`, so the state never flips by the clock alone.
 */
export function deriveHemgangsklar(checklists: DerivationChecklist[], receiving: ReceivingUnitState[]): Derived {
  const missing: Missing[] = [];
  if (!checklists.length) missing.push({ reason: 'no_checklist', message: 'Ingen checklista är tillagd i ärendet.' });
  for (const checklist of checklists) {
    const byKey = new Map(checklist.items.map((i) => [i.key, i]));
    for (const item of checklist.items) {
      if (!item.definition.required || DONE.includes(item.state)) continue;
      if (!applies(item.definition, (key) => byKey.get(key))) continue;
      const responsible = item.definition.responsible;
      missing.push({
        reason: 'item_not_done',
        message: `${checklist.name}: ${itemTitle(item.definition)} är inte klar (${ORG_KIND_LABELS[responsible].definite} ansvarar).`,
        checklistId: checklist.id,
        itemId: item.id,
        responsible,
      });
    }
  }
  if (!receiving.length) {
    missing.push({ reason: 'no_receiving_unit', message: 'Ingen mottagande enhet (hemtjänst eller hemsjukvård) deltar i ärendet.' });
  }
  for (const unit of receiving) {
    if (unit.latest === 'redo') continue;
    missing.push({
      reason: 'unit_not_ready',
      message:
        unit.latest === 'aterkallad'
          ? `${unit.name} har återkallat att de är redo att ta emot patienten.`
          : `${unit.name} har inte bekräftat att de är redo att ta emot patienten.`,
      unitId: unit.unitId,
    });
  }
  const times = receiving.map((u) => u.redoFran).filter((t): t is string => t !== null);
  const allReady = receiving.length > 0 && receiving.every((u) => u.latest === 'redo');
  const kanTaEmotFran = allReady && times.length ? times.reduce((a, b) => (new Date(a) >= new Date(b) ? a : b)) : null;
  return { hemgangsklar: missing.length === 0, missing, kanTaEmotFran };
}
