import { invalid, isOffsetDateTime, normaliseText, OFFSET_DATE_TIME_MESSAGE, unsafeTextReason, type OrgKind } from '@brygga/common';
import type { ItemValue, TemplateItem } from './template-definition';

export const ITEM_STATES = ['ej_paborjad', 'pagar', 'klar', 'ej_aktuell'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const STATE_LABELS: Record<ItemState, string> = {
  ej_paborjad: 'Ej påbörjad',
  pagar: 'Pågår',
  klar: 'Klar',
  ej_aktuell: 'Ej aktuell',
};

/** Who is responsible, as a heading ("Hemsjukvård") and inside a sentence ("hemsjukvården"). */
export const ORG_KIND_LABELS: Record<OrgKind, { title: string; definite: string }> = {
  slutenvard: { title: 'Slutenvård', definite: 'slutenvården' },
  sof: { title: 'Socialförvaltningen (SOF)', definite: 'socialförvaltningen' },
  hemsjukvard: { title: 'Hemsjukvård', definite: 'hemsjukvården' },
  hemtjanst: { title: 'Hemtjänst', definite: 'hemtjänsten' },
  primarvard: { title: 'Primärvård', definite: 'primärvården' },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_MAX = 2000;
/** Clock skew between a browser and the server that we forgive in a "not in the past" check. */
const PAST_GRACE_MS = 60_000;

const stockholmDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
const stockholmDateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Checks a value against its item's type and returns it in stored form; null clears the value.
 * Throws 400 with a Swedish message for the field `value`.
 */
export function validateItemValue(item: TemplateItem, raw: unknown, now: Date): ItemValue {
  if (raw === null) return null;
  switch (item.valueType) {
    case 'boolean':
      if (typeof raw !== 'boolean') throw invalid('value', 'måste vara ja eller nej (true eller false)');
      return raw;
    case 'text': {
      if (typeof raw !== 'string') throw invalid('value', 'måste vara text');
      const text = normaliseText(raw, true) as string;
      if (!text) throw invalid('value', 'får inte vara tomt (skicka null för att ta bort värdet)');
      const unsafe = unsafeTextReason(text, true);
      if (unsafe) throw invalid('value', unsafe);
      if (text.length > TEXT_MAX) throw invalid('value', `är för långt (högst ${TEXT_MAX} tecken)`);
      return text;
    }
    case 'choice':
      if (typeof raw !== 'string' || !item.choices?.includes(raw)) {
        throw invalid('value', `måste vara ett av alternativen: ${(item.choices ?? []).join(', ')}`);
      }
      return raw;
    case 'date': {
      if (typeof raw !== 'string' || !validDate(raw)) throw invalid('value', 'måste vara ett datum (ÅÅÅÅ-MM-DD)');
      if (item.notInPast && raw < stockholmDate.format(now)) throw invalid('value', 'datumet har redan passerat');
      return raw;
    }
    case 'datetime': {
      // The one date-time rule (libs/common date-time.ts): an offset, so there is no doubt which moment it is.
      if (!isOffsetDateTime(raw)) throw invalid('value', OFFSET_DATE_TIME_MESSAGE);
      const at = new Date(raw);
      if (item.notInPast && at.getTime() < now.getTime() - PAST_GRACE_MS) throw invalid('value', 'tidpunkten har redan passerat');
      return at.toISOString();
    }
  }
}

/** A moment as people in Sweden read it: 2026-11-24 10:00 (Stockholm time). */
export function formatDateTime(iso: string): string {
  return stockholmDateTime.format(new Date(iso));
}

/** A value as people read it in the timeline. */
export function formatValue(item: TemplateItem, value: ItemValue): string {
  if (value === null) return '–';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (item.valueType === 'datetime') return formatDateTime(value);
  if (item.valueType === 'text') return value.length > 200 ? `”${value.slice(0, 199)}…”` : `”${value}”`;
  return value;
}

export function itemTitle(item: TemplateItem): string {
  return item.group ? `${item.group} – ${item.label}` : item.label;
}
