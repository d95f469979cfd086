import { STANDARD_TEMPLATES } from './standard-templates';
import { templateProblems, type TemplateDefinition } from './template-definition';

describe('checklist templates', () => {
  it('ships three sound standard templates', () => {
    expect(STANDARD_TEMPLATES.map((t) => t.key)).toEqual(['hjalpmedel', 'lakemedelslista', 'fardtjanst']);
    for (const template of STANDARD_TEMPLATES) expect(templateProblems(template)).toEqual([]);
  });

  it('covers the devices, the medication steps and the transport the seeds ask for', () => {
    const [hjalpmedel, lakemedel, fardtjanst] = STANDARD_TEMPLATES;
    const groups = new Set(hjalpmedel.items.map((i) => i.group));
    for (const device of ['Rollator', 'Rullstol', 'Toalettförhöjning', 'Personlyft', 'Trygghetslarm', 'Nyckel eller nyckelfri låsning']) {
      expect(groups).toContain(device);
    }
    expect(lakemedel.items.map((i) => i.key)).toEqual(
      expect.arrayContaining([
        'lista_upprattad',
        'lista_skickad',
        'lista_granskad',
        'apodos_bestalld',
        'dosett_iordningstalld',
        'doser_forsta_dagarna',
        'forsta_kvallsdos',
      ]),
    );
    expect(fardtjanst.items.find((i) => i.key === 'upphamtning')).toMatchObject({ valueType: 'datetime', notInPast: true, required: true });
  });

  it('finds what is wrong with a template', () => {
    const bad: TemplateDefinition = {
      key: 'Bad-Key',
      name: 'x',
      items: [
        { key: 'a', label: 'A', responsible: 'hemtjanst', required: true, valueType: 'choice', choices: ['ett'] },
        { key: 'a', label: 'B', responsible: 'hemtjanst', required: true, valueType: 'text', choices: ['x', 'y'] },
        { key: 'c', label: 'C', responsible: 'hemtjanst', required: true, valueType: 'text', notInPast: true },
        { key: 'd', label: 'D', responsible: 'hemtjanst', required: true, valueType: 'text', when: { item: 'e', in: ['x'] } },
        { key: 'e', label: 'E', responsible: 'hemtjanst', required: true, valueType: 'boolean', when: { item: 'c', in: ['x'] } },
        { key: 'f', label: 'F', responsible: 'hemtjanst', required: true, valueType: 'boolean', when: { item: 'e', in: ['ja'] } },
      ],
    };
    expect(templateProblems(bad).map((p) => p.field)).toEqual([
      'key',
      'items.0.choices',
      'items.1.key',
      'items.1.choices',
      'items.2.notInPast',
      'items.3.when.item',
      'items.4.when.item',
      'items.5.when.in',
    ]);
  });
});
