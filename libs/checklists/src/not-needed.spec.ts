import { DomainError } from '@brygga/common';
import { planNotNeeded, type SectionItem } from './not-needed';
import { STANDARD_TEMPLATES } from './standard-templates';
import type { ItemValue } from './template-definition';
import type { ItemState } from './item-values';

const template = (key: string) => STANDARD_TEMPLATES.find((t) => t.key === key)!;
const items = (key: string, set: Record<string, [ItemState, ItemValue]> = {}): SectionItem[] =>
  template(key).items.map((definition, i) => ({
    id: `id-${i}`,
    key: definition.key,
    definition,
    state: set[definition.key]?.[0] ?? 'ej_paborjad',
    value: set[definition.key]?.[1] ?? null,
    version: 1,
  }));
const summary = (changes: ReturnType<typeof planNotNeeded>) =>
  changes.map((c) => `${c.item.key}:${c.after.state}:${String(c.after.value)}`);

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('not refused');
}

describe('"Behövs inte" for a section of a checklist', () => {
  it('answers every device need of the hjälpmedel checklist in one action; the follow-up items drop out', () => {
    const changes = planNotNeeded(items('hjalpmedel', { lyft_behov: ['klar', 'Finns redan i hemmet'] }), null);
    expect(summary(changes)).toEqual([
      'rollator_behov:klar:Behövs inte',
      'rullstol_behov:klar:Behövs inte',
      'hygienstol_behov:klar:Behövs inte',
      'toalettforhojning_behov:klar:Behövs inte',
      'sang_behov:klar:Behövs inte',
      'trygghetslarm_behov:klar:Behövs inte',
      'nyckel_behov:klar:Behövs inte',
      'ovriga:ej_aktuell:null',
    ]);
  });

  it('takes back a "Behövs" for one device while nothing for it is done', () => {
    const changes = planNotNeeded(items('hjalpmedel', { rollator_behov: ['klar', 'Behövs'] }), 'Rollator');
    expect(summary(changes)).toEqual(['rollator_behov:klar:Behövs inte']);
  });

  it('sets a checklist without need items ej aktuell, keeping what is done when optional', () => {
    const changes = planNotNeeded(items('lakemedelslista', { ovrigt: ['klar', 'Inget särskilt'] }), null);
    expect(summary(changes)).toEqual([
      'lista_upprattad:ej_aktuell:null',
      'lista_skickad:ej_aktuell:null',
      'lista_granskad:ej_aktuell:null',
      'hantering:ej_aktuell:null',
      'doser_forsta_dagarna:ej_aktuell:null',
      'forsta_kvallsdos:ej_aktuell:null',
    ]);
  });

  it('refuses, in Swedish, a section with a required item that is done', () => {
    const error = refusal(() =>
      planNotNeeded(items('hjalpmedel', { rollator_behov: ['klar', 'Behövs'], rollator_bestalld: ['klar', '2026-12-01'] }), 'Rollator'),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('Rollator – Beställd är redan klar');
  });

  it('refuses a group the checklist does not have', () => {
    const error = refusal(() => planNotNeeded(items('hjalpmedel'), 'Rymdraket'));
    expect(error.code).toBe('validation');
    expect(error.fields[0]).toMatchObject({ field: 'group' });
  });

  it('has nothing to change the second time', () => {
    const first = planNotNeeded(items('fardtjanst'), null);
    const done = Object.fromEntries(first.map((c) => [c.item.key, [c.after.state, c.after.value] as [ItemState, ItemValue]]));
    expect(planNotNeeded(items('fardtjanst', done), null)).toEqual([]);
  });
});
