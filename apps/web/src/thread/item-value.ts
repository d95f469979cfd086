import type { ItemState, ItemValue, ValueType } from '../api/model';
import { formatDate, formatDateTime, fromLocalInput, isValidDate } from '../format';

/** What the value of a checklist item is checked by: the same rules online and in the offline outbox. */
export interface ValueRule {
  valueType: ValueType;
  notInPast: boolean;
}

/**
 * A value as typed in the item's field (a datetime-local, a date, a text, a choice, a yes/no),
 * checked before it is sent: the value to send (null clears it), or why not in Swedish. A value
 * is required only to mark the item klar, as the server requires.
 */
export function parseItemValue(
  item: ValueRule,
  state: ItemState,
  raw: string | boolean,
  now = Date.now(),
): { value?: ItemValue; error?: string } {
  if ((state === 'ej_aktuell' || state === 'ej_paborjad') && raw === '') return { value: null };
  switch (item.valueType) {
    case 'boolean':
      return { value: raw === true };
    case 'datetime': {
      if (raw === '') return state === 'klar' ? { error: 'Ange datum och klockslag.' } : { value: null };
      const iso = fromLocalInput(String(raw));
      if (!iso) return { error: 'Ange datum och klockslag, t.ex. 2026-11-24 10:00.' };
      if (item.notInPast && new Date(iso).getTime() < now - 60_000) return { error: 'Tidpunkten har redan passerat.' };
      return { value: iso };
    }
    case 'date':
      if (raw === '') return state === 'klar' ? { error: 'Ange ett datum.' } : { value: null };
      if (!isValidDate(String(raw))) return { error: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).' };
      return { value: String(raw) };
    case 'choice':
      if (raw === '') return state === 'klar' ? { error: 'Välj ett alternativ.' } : { value: null };
      return { value: String(raw) };
    case 'text': {
      const text = String(raw).trim();
      if (!text) return state === 'klar' ? { error: 'Fyll i fältet.' } : { value: null };
      if (text.length > 2000) return { error: 'Högst 2000 tecken.' };
      return { value: text };
    }
  }
}

/** A value as people read it: Ja/Nej, a Swedish date or moment, the text. */
export function itemValueText(valueType: ValueType, value: ItemValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (valueType === 'datetime') return formatDateTime(value);
  if (valueType === 'date') return formatDate(value);
  return value;
}
