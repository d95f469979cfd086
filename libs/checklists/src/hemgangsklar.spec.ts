import { deriveHemgangsklar, type DerivationChecklist, type DerivationItem, type ReceivingUnitState } from './hemgangsklar';
import type { ItemState } from './item-values';
import type { TemplateItem } from './template-definition';

let n = 0;
function item(
  definition: Partial<TemplateItem> & { key: string },
  state: ItemState = 'ej_paborjad',
  value: DerivationItem['value'] = null,
): DerivationItem {
  n += 1;
  return {
    id: `item-${n}`,
    key: definition.key,
    state,
    value,
    definition: { label: definition.key, responsible: 'hemsjukvard', required: true, valueType: 'boolean', ...definition },
  };
}
const list = (...items: DerivationItem[]): DerivationChecklist => ({ id: 'c1', name: 'Läkemedelslista', items });
const unit = (latest: ReceivingUnitState['latest'], redoFran: string | null = null, name = 'Hemtjänst Norr'): ReceivingUnitState => ({
  unitId: name,
  name,
  orgKind: 'hemtjanst',
  latest,
  redoFran: latest === 'redo' ? (redoFran ?? '2026-11-25T09:00:00.000Z') : null,
});
const reasons = (d: ReturnType<typeof deriveHemgangsklar>) => d.missing.map((m) => m.reason);

describe('hemgångsklar derivation', () => {
  it('is hemgångsklar when every required item is klar and every receiving unit is ready', () => {
    const d = deriveHemgangsklar([list(item({ key: 'a' }, 'klar', true))], [unit('redo')]);
    expect(d).toEqual({ hemgangsklar: true, missing: [], kanTaEmotFran: '2026-11-25T09:00:00.000Z', warnings: [] });
  });

  it('counts ej aktuell as done', () => {
    expect(deriveHemgangsklar([list(item({ key: 'a' }, 'ej_aktuell'))], [unit('redo')]).hemgangsklar).toBe(true);
  });

  it('waits for a required item that is not started or in progress, and says whose it is', () => {
    for (const state of ['ej_paborjad', 'pagar'] as const) {
      const d = deriveHemgangsklar([list(item({ key: 'a', label: 'Dosett iordningställd' }, state))], [unit('redo')]);
      expect(d.hemgangsklar).toBe(false);
      expect(d.missing).toEqual([
        expect.objectContaining({
          reason: 'item_not_done',
          responsible: 'hemsjukvard',
          message: 'Läkemedelslista: Dosett iordningställd: inte bekräftat (hemsjukvården ansvarar).',
        }),
      ]);
    }
  });

  it('ignores optional items', () => {
    expect(
      deriveHemgangsklar([list(item({ key: 'a' }, 'klar', true), item({ key: 'b', required: false }))], [unit('redo')]).hemgangsklar,
    ).toBe(true);
  });

  it('ignores required items whose condition is not met, also down a chain of conditions', () => {
    const behov = item({ key: 'behov', valueType: 'choice', choices: ['Behövs', 'Behövs inte'] }, 'klar', 'Behövs inte');
    const bestalld = item({ key: 'bestalld', when: { item: 'behov', in: ['Behövs'] } }, 'klar', true);
    const levererad = item({ key: 'levererad', when: { item: 'bestalld', in: [true] } });
    expect(deriveHemgangsklar([list(behov, bestalld, levererad)], [unit('redo')]).hemgangsklar).toBe(true);
    const needed = { ...behov, value: 'Behövs' };
    const d = deriveHemgangsklar([list(needed, bestalld, levererad)], [unit('redo')]);
    expect(d.missing.map((m) => m.itemId)).toEqual([levererad.id]);
  });

  it('needs at least one checklist', () => {
    const d = deriveHemgangsklar([], [unit('redo')]);
    expect(d.hemgangsklar).toBe(false);
    expect(reasons(d)).toEqual(['no_checklist']);
  });

  it('needs at least one receiving unit', () => {
    const d = deriveHemgangsklar([list(item({ key: 'a' }, 'klar', true))], []);
    expect(d.hemgangsklar).toBe(false);
    expect(reasons(d)).toEqual(['no_receiving_unit']);
    expect(d.kanTaEmotFran).toBeNull();
  });

  it('waits for every receiving unit: one not yet confirmed, one withdrawn', () => {
    const done = [list(item({ key: 'a' }, 'klar', true))];
    const notYet = deriveHemgangsklar(done, [unit('redo', null, 'Hemsjukvården'), unit(null)]);
    expect(notYet.hemgangsklar).toBe(false);
    expect(notYet.missing).toEqual([
      expect.objectContaining({
        reason: 'unit_not_ready',
        unitId: 'Hemtjänst Norr',
        message: 'Hemtjänst Norr har inte bekräftat att de är redo att ta emot patienten.',
      }),
    ]);
    expect(notYet.kanTaEmotFran).toBeNull();
    const withdrawn = deriveHemgangsklar(done, [unit('aterkallad')]);
    expect(withdrawn.missing[0].message).toBe('Hemtjänst Norr har återkallat att de är redo att ta emot patienten.');
  });

  it('gives the latest of the units’ ready-from times as the time the patient can come home', () => {
    const d = deriveHemgangsklar(
      [list(item({ key: 'a' }, 'klar', true))],
      [unit('redo', '2026-11-25T12:00:00.000Z', 'A'), unit('redo', '2026-11-25T08:00:00.000Z', 'B')],
    );
    expect(d.kanTaEmotFran).toBe('2026-11-25T12:00:00.000Z');
  });

  it('lists every reason at once', () => {
    const d = deriveHemgangsklar(
      [list(item({ key: 'a' }), item({ key: 'b' }, 'pagar'))],
      [unit(null, null, 'A'), unit('aterkallad', null, 'B')],
    );
    expect(reasons(d)).toEqual(['item_not_done', 'item_not_done', 'unit_not_ready', 'unit_not_ready']);
  });
});
