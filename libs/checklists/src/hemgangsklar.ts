import type { OrgKind } from '@brygga/common';
import { itemTitle, ORG_KIND_LABELS, type ItemState } from './item-values';
import { applies, type ItemValue, type TemplateItem } from './template-definition';
import { shortDayTime } from './hemgang-status';

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
  /**
   * The earliest moment the patient can come home: the latest of the receiving units' redoFran and
   * of the checklist times from which something is in place (a device delivered, the first ApoDos
   * delivery, the pick-up). Later than now: "hemgångsklar från", not "sedan".
   */
  kanTaEmotFran: string | null;
  /** Things that do not fit together, e.g. a pick-up before the home-care provider is ready (Swedish). */
  warnings: string[];
}

/** What is still to be done about an item, in words made for it (not built from its label). */
export function pendingText(item: TemplateItem): string {
  if (item.pending) return item.pending;
  const title = itemTitle(item);
  switch (item.valueType) {
    case 'choice':
      return `${title}: inget val är gjort`;
    case 'boolean':
      return `${title}: inte bekräftat`;
    case 'date':
    case 'datetime':
      return `${title}: ingen tidpunkt angiven`;
    case 'text':
      return `${title}: inte ifyllt`;
  }
}

/** A date-only value counts from the start of that day in Sweden (midnight, CET or CEST). */
function asTime(value: ItemValue): number | null {
  if (typeof value !== 'string') return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00+01:00`) : Date.parse(value);
  return Number.isNaN(t) ? null : t;
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
        message: `${checklist.name}: ${pendingText(item.definition)} (${ORG_KIND_LABELS[responsible].definite} ansvarar).`,
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
  const allReady = receiving.length > 0 && receiving.every((u) => u.latest === 'redo');
  const readiness = receiving
    .map((u) => (u.redoFran ? Date.parse(u.redoFran) : null))
    .filter((t): t is number => t !== null && !Number.isNaN(t));
  const inPlace: number[] = [];
  const pickUps: number[] = [];
  for (const checklist of checklists) {
    const byKey = new Map(checklist.items.map((i) => [i.key, i]));
    for (const item of checklist.items) {
      if (!item.definition.readyFrom || item.state !== 'klar' || !applies(item.definition, (key) => byKey.get(key))) continue;
      const t = asTime(item.value);
      if (t === null) continue;
      inPlace.push(t);
      if (item.key === 'upphamtning') pickUps.push(t);
    }
  }
  const times = [...readiness, ...inPlace];
  const kanTaEmotFran = allReady && times.length ? new Date(Math.max(...times)).toISOString() : null;
  const warnings: string[] = [];
  const lastReady = readiness.length ? Math.max(...readiness) : null;
  for (const pickUp of pickUps) {
    if (lastReady !== null && pickUp < lastReady) {
      warnings.push(
        `Upphämtningen (${shortDayTime(pickUp)}) är före den tid då alla mottagande enheter är redo (${shortDayTime(lastReady)}). Flytta resan eller be enheterna om en tidigare tid.`,
      );
    }
  }
  return { hemgangsklar: missing.length === 0, missing, kanTaEmotFran, warnings };
}
