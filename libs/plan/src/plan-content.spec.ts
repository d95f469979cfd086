import { derivePlan, markNytt, type PlanSources } from './plan-content';

const empty: PlanSources = {
  thread: { plannedDischargeDate: null, dischargedAt: null, createdAt: '2026-12-01T08:00:00.000Z', wardName: 'Medicinavdelning 4' },
  facts: [],
  messages: [],
  checklist: { items: [], receiving: [] },
};

const entry = (plan: ReturnType<typeof derivePlan>, section: string, key: string) =>
  plan.find((s) => s.key === section)!.entries.find((e) => e.key === key);

describe('Min hemgång derivation', () => {
  it('says what is not decided yet, and always lists the three contacts', () => {
    const plan = derivePlan(empty);
    expect(entry(plan, 'hemgang', 'datum')).toMatchObject({ label: 'Planerad hemgång', text: 'Inte bestämt ännu' });
    expect(plan.find((s) => s.key === 'kontakter')!.entries.map((e) => e.key)).toEqual(['avdelningen', 'handlaggare', 'fast_vardkontakt']);
    expect(plan.find((s) => s.key === 'ordnat')!.entries).toEqual([]);
  });

  it('shows the time of discharge once discharged, in Stockholm time', () => {
    const plan = derivePlan({ ...empty, thread: { ...empty.thread, dischargedAt: '2026-12-09T14:08:00.000Z' } });
    expect(entry(plan, 'hemgang', 'datum')).toMatchObject({ label: 'Du skrevs ut', text: 'onsdag 9 december 2026 kl. 15:08' });
  });

  it('leaves out devices that are not needed and ticks those already at home', () => {
    const item = (key: string, value: string) => ({
      templateKey: 'hjalpmedel',
      key,
      state: 'klar' as const,
      value,
      updatedAt: '2026-12-02T10:00:00.000Z',
    });
    const plan = derivePlan({
      ...empty,
      checklist: { items: [item('rollator_behov', 'Behövs inte'), item('rullstol_behov', 'Finns redan i hemmet')], receiving: [] },
    });
    expect(plan.find((s) => s.key === 'ordnat')!.entries).toEqual([
      { key: 'rullstol', label: 'Rullstol', text: 'Finns redan i hemmet', done: true, changedAt: '2026-12-02T10:00:00.000Z' },
    ]);
  });

  it('words a pot of hours for a period', () => {
    const plan = derivePlan({
      ...empty,
      messages: [
        {
          kind: 'hemgangsbeslut',
          payload: { beviljadeTimmar: 7.5, per: 'period', giltigtFran: '2026-12-09', giltigtTill: '2026-12-31' },
          createdAt: '2026-12-05T10:00:00.000Z',
        },
      ],
    });
    expect(entry(plan, 'hjalp', 'beslut')!.text).toBe(
      '7,5 timmar att använda efter behov från onsdag 9 december 2026 till torsdag 31 december 2026',
    );
  });
});

describe('"Nytt"', () => {
  const published = derivePlan({ ...empty, thread: { ...empty.thread, plannedDischargeDate: '2026-12-09' } });
  const at = '2026-12-05T10:00:00.000Z';

  it('marks nothing before the first publication, and nothing unchanged', () => {
    expect(markNytt(published, null, at).flatMap((s) => s.entries.filter((e) => e.nytt))).toEqual([]);
    expect(markNytt(published, { content: published, publishedAt: at }, at).flatMap((s) => s.entries.filter((e) => e.nytt))).toEqual([]);
  });

  it('marks a changed line with the time of its change, and keeps a line that no longer applies', () => {
    const now = derivePlan({
      ...empty,
      thread: { ...empty.thread, plannedDischargeDate: '2026-12-10' },
      messages: [{ kind: 'planerad_utskrivning', payload: { planeradUtskrivning: '2026-12-10' }, createdAt: '2026-12-06T09:00:00.000Z' }],
    });
    const before = published.map((s) =>
      s.key === 'sip' ? { ...s, entries: [{ key: 'mote', label: 'SIP', text: 'tisdag', changedAt: null }] } : s,
    );
    const marked = markNytt(now, { content: before, publishedAt: at }, '2026-12-06T12:00:00.000Z');
    expect(marked.find((s) => s.key === 'hemgang')!.entries[0]).toMatchObject({
      text: 'torsdag 10 december 2026',
      nytt: '2026-12-06T09:00:00.000Z',
    });
    expect(marked.find((s) => s.key === 'sip')!.entries).toEqual([
      { key: 'mote', label: 'SIP', text: 'Gäller inte längre', changedAt: null, nytt: '2026-12-06T12:00:00.000Z' },
    ]);
  });

  it("shows the SIP plan's goals in the person's words, each insats and the next meeting", () => {
    const plan = derivePlan({
      ...empty,
      sipPlan: {
        mal: ['Klara morgonrutinen själv', 'Gå till affären'],
        insatser: [{ vad: 'Hjälp med dusch', enhetNamn: 'Hemtjänst Norr', fran: '2026-12-10', hurOfta: 'tisdag och fredag' }],
        uppfoljningsdatum: '2027-01-15',
        createdAt: '2026-12-09T10:00:00.000Z',
      },
    });
    const sip = plan.find((s) => s.key === 'sip')!.entries;
    expect(sip.map((e) => [e.key, e.label])).toEqual([
      ['mal', 'Dina mål'],
      ['insats-1', 'Hjälp med dusch'],
      ['nasta_mote', 'Nästa möte (uppföljning)'],
    ]);
    expect(sip[0].text).toBe('Klara morgonrutinen själv; Gå till affären');
    expect(sip[1].text).toMatch(/^Hemtjänst Norr, från .*december 2026, tisdag och fredag$/);
    expect(sip[2].text).toMatch(/januari 2027/);
  });
});
