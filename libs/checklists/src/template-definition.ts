import { DomainError, ORG_KINDS, type FieldError, type OrgKind } from '@brygga/common';

export const VALUE_TYPES = ['boolean', 'datetime', 'date', 'text', 'choice'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** A value an item can hold; datetimes are stored as UTC ISO strings, dates as YYYY-MM-DD. */
export type ItemValue = boolean | string | null;

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,59}$/;

/** One point of a checklist template. Copied into each checklist item when the template is applied. */
export interface TemplateItem {
  /** Stable within the template: `rollator_levererad`. */
  key: string;
  label: string;
  /** Heading the item is shown under (e.g. the assistive device it belongs to). */
  group?: string;
  help?: string;
  /** The organisation kind whose units fill it in (the owning ward always may). */
  responsible: OrgKind;
  /** Must be klar or ej aktuell before the thread can be hemgångsklar. */
  required: boolean;
  valueType: ValueType;
  /** The allowed values of a `choice` item. */
  choices?: string[];
  /** A datetime or date that may not lie in the past when it is set (e.g. färdtjänst pick-up). */
  notInPast?: boolean;
  /**
   * A datetime or date from which something is in place for the patient at home (a device
   * delivered, the first ApoDos delivery, the pick-up): the patient can come home no earlier.
   */
  readyFrom?: boolean;
  /** What is still to be done, said of this item, e.g. "Behovet av rollator är inte bedömt". */
  pending?: string;
  /**
   * The item applies only while an earlier item's value is one of these (e.g. "förskriven av"
   * only when the device is needed). An item that does not apply is neither shown as missing
   * nor counted for hemgångsklar.
   */
  when?: { item: string; in: (string | boolean)[] };
}

export interface TemplateDefinition {
  key: string;
  name: string;
  description?: string;
  items: TemplateItem[];
}

/**
 * The rules a template must satisfy beyond its shape (which the DTO checks): unique item keys,
 * choices exactly on choice items, conditions that point at an earlier choice or yes/no item
 * with values it can take. Returns the problems as field errors (empty when the template is sound).
 */
export function templateProblems(def: TemplateDefinition): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!KEY_PATTERN.test(def.key)) add('key', 'får bara innehålla a–z, 0–9 och _ och börja med en bokstav');
  if (!def.name?.trim()) add('name', 'får inte vara tomt');
  if (!def.items?.length) add('items', 'måste innehålla minst en punkt');
  const seen = new Map<string, TemplateItem>();
  (def.items ?? []).forEach((item, i) => {
    const at = `items.${i}`;
    if (!KEY_PATTERN.test(item.key)) add(`${at}.key`, 'får bara innehålla a–z, 0–9 och _ och börja med en bokstav');
    if (seen.has(item.key)) add(`${at}.key`, `nyckeln ${item.key} finns redan i mallen`);
    if (!item.label?.trim()) add(`${at}.label`, 'får inte vara tomt');
    if (!ORG_KINDS.includes(item.responsible)) add(`${at}.responsible`, 'har ett värde som inte är tillåtet');
    if (!VALUE_TYPES.includes(item.valueType)) add(`${at}.valueType`, 'har ett värde som inte är tillåtet');
    if (item.valueType === 'choice') {
      const choices = item.choices ?? [];
      if (choices.length < 2) add(`${at}.choices`, 'ett val måste ha minst två alternativ');
      if (new Set(choices).size !== choices.length) add(`${at}.choices`, 'innehåller dubbletter');
      if (choices.some((c) => !c.trim())) add(`${at}.choices`, 'alternativen får inte vara tomma');
    } else if (item.choices !== undefined) {
      add(`${at}.choices`, 'hör bara till punkter av typen choice');
    }
    if (item.notInPast && item.valueType !== 'datetime' && item.valueType !== 'date') {
      add(`${at}.notInPast`, 'hör bara till punkter av typen datetime eller date');
    }
    if (item.when) {
      const target = seen.get(item.when.item);
      if (!target) {
        add(`${at}.when.item`, 'måste vara nyckeln till en tidigare punkt i mallen');
      } else if (target.valueType === 'choice') {
        if (!item.when.in.length || item.when.in.some((v) => typeof v !== 'string' || !target.choices?.includes(v))) {
          add(`${at}.when.in`, `måste vara alternativ till punkten ${target.key}`);
        }
      } else if (target.valueType === 'boolean') {
        if (!item.when.in.length || item.when.in.some((v) => typeof v !== 'boolean')) add(`${at}.when.in`, 'måste vara true eller false');
      } else {
        add(`${at}.when.item`, 'villkor kan bara bygga på en punkt av typen choice eller boolean');
      }
    }
    if (!seen.has(item.key)) seen.set(item.key, item);
  });
  return problems;
}

export function assertSoundTemplate(def: TemplateDefinition): void {
  const problems = templateProblems(def);
  if (problems.length) {
    throw new DomainError('validation', `Ogiltig mall: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }
}

/**
 * Does the item apply, given its checklist's items? An item whose condition rests on an item
 * that does not apply itself does not apply either (conditions point backwards: no cycles).
 */
export function applies(item: TemplateItem, lookup: (key: string) => { definition: TemplateItem; value: ItemValue } | undefined): boolean {
  if (!item.when) return true;
  const target = lookup(item.when.item);
  if (!target || target.value === null || !item.when.in.includes(target.value)) return false;
  return applies(target.definition, lookup);
}
