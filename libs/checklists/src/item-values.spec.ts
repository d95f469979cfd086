import { DomainError } from '@brygga/common';
import { formatValue, validateItemValue } from './item-values';
import type { TemplateItem } from './template-definition';

const def = (valueType: TemplateItem['valueType'], extra: Partial<TemplateItem> = {}): TemplateItem => ({
  key: 'x',
  label: 'X',
  responsible: 'slutenvard',
  required: true,
  valueType,
  ...extra,
});
const now = new Date('2026-11-23T12:00:00Z');

function refusal(item: TemplateItem, value: unknown): string {
  try {
    validateItemValue(item, value, now);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation');
    expect((error as DomainError).fields[0].field).toBe('value');
    return (error as DomainError).fields[0].message;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('typed item values', () => {
  it('accepts each type in its form and null to clear', () => {
    expect(validateItemValue(def('boolean'), false, now)).toBe(false);
    expect(validateItemValue(def('text'), '  Anna Ek, arbetsterapeut ', now)).toBe('Anna Ek, arbetsterapeut');
    expect(validateItemValue(def('choice', { choices: ['Dosett', 'ApoDos'] }), 'ApoDos', now)).toBe('ApoDos');
    expect(validateItemValue(def('date'), '2026-02-28', now)).toBe('2026-02-28');
    expect(validateItemValue(def('datetime'), '2026-11-24T09:30:00+01:00', now)).toBe('2026-11-24T08:30:00.000Z');
    expect(validateItemValue(def('datetime'), null, now)).toBeNull();
  });

  it('refuses values of the wrong type in Swedish', () => {
    expect(refusal(def('boolean'), 'ja')).toBe('måste vara ja eller nej (true eller false)');
    expect(refusal(def('text'), 42)).toBe('måste vara text');
    expect(refusal(def('text'), '   ')).toMatch(/får inte vara tomt/);
    expect(refusal(def('text'), 'x'.repeat(2001))).toMatch(/för långt/);
    expect(refusal(def('choice', { choices: ['Dosett', 'ApoDos'] }), 'Annat')).toBe('måste vara ett av alternativen: Dosett, ApoDos');
    expect(refusal(def('date'), '2026-02-30')).toMatch(/datum/);
    expect(refusal(def('date'), true)).toMatch(/datum/);
    expect(refusal(def('datetime'), '2026-11-24 09:30')).toMatch(/tidpunkt med tidszon/);
    expect(refusal(def('datetime'), '2026-11-24T09:30:00')).toMatch(/tidpunkt med tidszon/);
    expect(refusal(def('datetime'), { at: 'x' })).toMatch(/tidpunkt/);
  });

  it('refuses a time or date in the past where the item says so, with a minute of grace', () => {
    const pickUp = def('datetime', { notInPast: true });
    expect(refusal(pickUp, '2026-11-23T11:00:00Z')).toBe('tidpunkten har redan passerat');
    expect(validateItemValue(pickUp, '2026-11-23T11:59:30Z', now)).toBe('2026-11-23T11:59:30.000Z');
    expect(refusal(def('date', { notInPast: true }), '2026-11-22')).toBe('datumet har redan passerat');
    expect(validateItemValue(def('date', { notInPast: true }), '2026-11-23', now)).toBe('2026-11-23');
  });

  it('formats values for the timeline in Swedish time', () => {
    expect(formatValue(def('boolean'), true)).toBe('Ja');
    expect(formatValue(def('datetime'), '2026-11-24T08:30:00.000Z')).toBe('2026-11-24 09:30');
    expect(formatValue(def('text'), null)).toBe('–');
  });
});
