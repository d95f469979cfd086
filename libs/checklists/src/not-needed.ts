import { conflict, invalid } from '@brygga/common';
import type { ItemState } from './item-values';
import { applies, type ItemValue, type TemplateItem } from './template-definition';

/** The answer of a need item ("Behov") that ends the section: nothing more to do for it. */
export const NOT_NEEDED = 'Behövs inte';

export interface SectionItem {
  id: string;
  key: string;
  definition: TemplateItem;
  state: ItemState;
  value: ItemValue;
  version: number;
}

export interface PlannedChange {
  item: SectionItem;
  after: { state: ItemState; value: ItemValue };
}

/** A need item: a choice whose alternatives include "Behövs inte" (the Behov of a device, of a key). */
export function isNeedItem(def: TemplateItem): boolean {
  return def.valueType === 'choice' && (def.choices ?? []).includes(NOT_NEEDED);
}

/**
 * What "Behövs inte" for a section of a checklist changes, in one action: the section is the items
 * of one group (a device, the key), or the whole checklist without a group.
 *
 * - A need item that does not already say the need is met ("Behövs inte", "Finns redan i hemmet")
 *   gets "Behövs inte", klar: its follow-up items then stop applying and drop out by themselves.
 * - Every other item that still applies and is not started or in progress becomes ej aktuell.
 * - Refused (409, nothing written) when a required item of the section other than the need item
 *   itself is klar: something was already done (prescribed, ordered, delivered), and undoing it is a
 *   decision for each item, not for a bulk action. A need item is the section's question, not work
 *   done, so answering it again is what this action is for.
 * Optional items that are klar (a note written) are left as they are.
 */
export function planNotNeeded(items: SectionItem[], group: string | null): PlannedChange[] {
  const section = sectionOf(items, group);
  const values = new Map(items.map((i) => [i.key, { definition: i.definition, value: i.value }]));
  const done = section.filter(
    (i) => i.state === 'klar' && i.definition.required && !isNeedItem(i.definition) && applies(i.definition, (k) => values.get(k)),
  );
  if (done.length) {
    const names = done.map((i) => (i.definition.group ? `${i.definition.group} – ${i.definition.label}` : i.definition.label));
    throw conflict(
      `Det går inte att sätta ${group ?? 'hela checklistan'} till ”${NOT_NEEDED}”: ${names.join(', ')} är redan klar. Ändra den punkten för sig om den inte längre gäller.`,
    );
  }
  const changes: PlannedChange[] = [];
  for (const item of section) {
    if (!isNeedItem(item.definition)) continue;
    const met = item.value !== null && !isNeeded(item, items);
    if (met && item.state === 'klar') continue;
    const after = { state: 'klar' as ItemState, value: met ? item.value : NOT_NEEDED };
    changes.push({ item, after });
    values.set(item.key, { definition: item.definition, value: after.value });
  }
  for (const item of section) {
    if (isNeedItem(item.definition)) continue;
    if (item.state === 'klar' || item.state === 'ej_aktuell') continue;
    if (!applies(item.definition, (k) => values.get(k))) continue;
    changes.push({ item, after: { state: 'ej_aktuell', value: item.value } });
  }
  return changes;
}

/** The items of one group, or all of them; 400 for a group the checklist does not have. */
export function sectionOf<T extends SectionItem>(items: T[], group: string | null): T[] {
  const section = items.filter((i) => (group === null ? true : i.definition.group === group));
  if (!section.length) throw invalid('group', 'checklistan har ingen del med det namnet');
  return section;
}

/** Whether a need item's current answer makes follow-up items apply (i.e. "Behövs"). */
function isNeeded(need: SectionItem, items: SectionItem[]): boolean {
  return items.some((i) => i.definition.when?.item === need.key && need.value !== null && i.definition.when.in.includes(need.value));
}
