import { randomUUID } from 'node:crypto';
import type { Actor } from '@brygga/common';
import { addDays, localDate, startOfDay } from '@brygga/deadlines';
import { HomePhaseModule } from '@brygga/home-phase';
import { SipPlanModule, SipPlanService, type SipPlanInput } from '@brygga/sip-plan';
import { StatisticsModule, StatisticsService, toCsv, type Figures } from '@brygga/statistics';
import { MessagesService, ThreadsModule } from '@brygga/threads';
import { TEST_PERSONNUMMER } from '../../support/bodies';
import { pastThread } from '../support/past-thread';
import { ServiceWorld } from '../support/service-world';

/**
 * Each outcome figure (docs/statistics.md) against threads with known answers. Days are relative
 * to today (d-30 = thirty days ago), at fixed Swedish hours, so calendar days are exact:
 *   T1 P1  ready d-28 10:00, out d-28 15:00: 0 days. P1 comes back (T4) within 30 days: readmitted.
 *   T2 P2  ready d-27 10:00, out d-25 11:00: 2 days. Hemgångsbeslut 40 h for the period; delivered
 *          12 + 10.5 h; trygghet 4 → 7, ADL D → B; hours/week before 3, at the end 5. SIP held
 *          d-26 (version 2 moves it to i_hemmet); evaluated twice, the latest: 1 goal reached.
 *   T3 P3  ready d-26 10:00, out d-21 10:00: 5 days, against the plan (the ward confirmed the conflicts). Beslut 2 h a week for 14 days = 4 h; delivered
 *          3 h; trygghet 6 → 5, ADL C → C; before 0, end 2, 90 days 1. SIP d-22 digitalt,
 *          förebyggande; evaluated: reached, partly.
 *   T4 P1  ready d-18 10:00, out d-17 12:00: 1 day, against the plan (an import: unconfirmed). Beslut 1.5 h a day without an end: counted, no
 *          hours. Only a start measurement. SIP dated in 5 days: not held yet; evaluated: not reached.
 *   T5 P4  admitted d-10, not ready.
 * Days [0, 2, 5, 1]: n 4, median 1.5, mean 2. Beslut 3, with hours 2, granted 44, delivered 25.5.
 * Trygghet +3, −1: n 2, mean 1. ADL: 1 improved, 1 unchanged, mean 1 step. Goals: 3 threads, 4
 * goals, 2 reached, 1 partly, 1 not: 0.5. Hours/week: before 1.5 (n 2), end 3.5 (n 2), 90 days 1 (n 1).
 */
describe('outcome figures from the timeline', () => {
  let world: ServiceWorld;
  let ward: string;
  let sof: string;
  let provider: string;
  let coordinator: Actor;
  let officer: Actor;
  let carer: Actor;
  let reviewer: Actor;
  let sofManager: Actor;
  let providerManager: Actor;
  const today = localDate(new Date());
  const day = (d: number) => addDays(today, -d);
  const at = (d: number, hour: number) => new Date(startOfDay(day(d)).getTime() + hour * 3_600_000);

  const thread = (personnummer: string, steps: [kind: string, d: number, hour: number, extra?: Record<string, unknown>][]) =>
    pastThread(
      world,
      { actor: coordinator, unitId: ward },
      { personnummer, participantUnitIds: [sof, provider] },
      steps.map(([kind, d, hour, extra]) => [kind, at(d, hour), extra]),
    );
  /** What the discharge check records on a discharge against the plan: confirmed by the ward, or an import's (unconfirmed). */
  const againstPlan = (konfliktStatus: 'bekraftad' | 'obekraftad') => ({
    konflikter: [{ kind: 'enhet_ej_redo', message: 'Hemtjänst Norr har inte meddelat att de är redo' }],
    konfliktStatus,
  });
  const post = async (actor: Actor, threadId: string, kind: string, payload: Record<string, unknown>) =>
    world.get(MessagesService).post(actor, threadId, { kind, payload, idempotencyKey: randomUUID() } as never);
  const plan = (over: Partial<SipPlanInput>): SipPlanInput => ({
    situation: 'Bor ensam.',
    mal: ['Klara morgonrutinen själv'],
    insatser: [{ vad: 'Hjälp med dusch', enhetId: provider, fran: day(20), hurOfta: 'tisdag och fredag' }],
    sipAnsvarigEnhet: sof,
    deltagare: { enheter: [sof, provider], patientenDeltog: true, narstaendeDeltog: false },
    plats: 'pa_sjukhuset',
    typ: 'vid_utskrivning',
    motesdatum: day(26),
    uppfoljningsdatum: addDays(today, 30),
    ...over,
  });

  let figures: Figures;

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule, HomePhaseModule, SipPlanModule, StatisticsModule]);
    ward = await world.unit('slutenvard', 'Medicinavdelning 4');
    sof = await world.unit('sof', 'SOF mottagningsteam');
    provider = await world.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await world.actor(ward, 'koordinator', 'Karin');
    officer = await world.actor(sof, 'handlaggare', 'Maria');
    carer = await world.actor(provider, 'utforare', 'Eva');
    reviewer = await world.actor(ward, 'logggranskare', 'Lena');
    sofManager = await world.actor(sof, 'enhetschef', 'Sven');
    providerManager = await world.actor(provider, 'enhetschef', 'Tove');
    const [p1, p2, p3, p4] = TEST_PERSONNUMMER;
    const sip = world.get(SipPlanService);

    await thread(p1, [
      ['inskrivningsmeddelande', 30, 8],
      ['utskrivningsklar', 28, 10],
      ['utskrivningsmeddelande', 28, 15],
    ]);

    const t2 = await thread(p2, [
      ['inskrivningsmeddelande', 30, 8],
      ['utskrivningsklar', 27, 10],
      ['sip_kallelse', 26, 9],
      ['utskrivningsmeddelande', 25, 11],
    ]);
    await post(officer, t2, 'hemgangsbeslut', { beviljadeTimmar: 40, per: 'period', giltigtFran: day(25), giltigtTill: day(11) });
    await post(carer, t2, 'levererade_timmar', { veckaFran: day(25), timmar: 12 });
    await post(carer, t2, 'levererade_timmar', { veckaFran: day(18), timmar: 10.5 });
    await post(carer, t2, 'trygg_hemgang_start', { startdatum: day(25), planeratSlut: day(11), barandeEnhet: provider });
    await post(carer, t2, 'matning', { moment: 'start', matdAt: at(24, 10).toISOString(), trygghet: 4, adl: 'D' });
    await post(carer, t2, 'matning', { moment: 'slut', matdAt: at(12, 10).toISOString(), trygghet: 7, adl: 'B' });
    await post(officer, t2, 'hemtjanstimmar', { tidpunkt: 'fore_inskrivning', timmarPerVecka: 3 });
    await post(officer, t2, 'hemtjanstimmar', { tidpunkt: 'efter_perioden', timmarPerVecka: 5 });
    await sip.saveVersion(officer, t2, plan({}));
    await sip.saveVersion(officer, t2, plan({ plats: 'i_hemmet', grundversion: 1 }));
    await sip.addEntry(officer, t2, { typ: 'utvardering', datum: day(12), text: 'Första utvärderingen.', malResultat: ['ej_uppnatt'] });
    await sip.addEntry(officer, t2, { typ: 'utvardering', datum: day(10), text: 'Andra utvärderingen.', malResultat: ['uppnatt'] });

    const t3 = await thread(p3, [
      ['inskrivningsmeddelande', 29, 8],
      ['utskrivningsklar', 26, 10],
      ['sip_kallelse', 22, 9],
      ['utskrivningsmeddelande', 21, 10, againstPlan('bekraftad')],
    ]);
    await post(officer, t3, 'hemgangsbeslut', { beviljadeTimmar: 2, per: 'vecka', giltigtFran: day(21), giltigtTill: day(8) });
    await post(carer, t3, 'levererade_timmar', { veckaFran: day(21), timmar: 3 });
    await post(carer, t3, 'trygg_hemgang_start', { startdatum: day(21), planeratSlut: day(7), barandeEnhet: provider });
    await post(carer, t3, 'matning', { moment: 'start', matdAt: at(20, 10).toISOString(), trygghet: 6, adl: 'C' });
    await post(carer, t3, 'matning', { moment: 'slut', matdAt: at(8, 10).toISOString(), trygghet: 5, adl: 'C' });
    await post(carer, t3, 'hemtjanstimmar', { tidpunkt: 'fore_inskrivning', timmarPerVecka: 0 });
    await post(carer, t3, 'hemtjanstimmar', { tidpunkt: 'efter_perioden', timmarPerVecka: 2 });
    await post(officer, t3, 'hemtjanstimmar', { tidpunkt: 'efter_90_dagar', timmarPerVecka: 1 });
    await sip.saveVersion(
      officer,
      t3,
      plan({ mal: ['Gå till affären', 'Laga frukost'], plats: 'digitalt', typ: 'forebyggande', motesdatum: day(22) }),
    );
    await sip.addEntry(officer, t3, { typ: 'utvardering', datum: day(8), text: 'Utvärdering.', malResultat: ['uppnatt', 'delvis'] });

    const t4 = await thread(p1, [
      ['inskrivningsmeddelande', 20, 8],
      ['utskrivningsklar', 18, 10],
      ['sip_kallelse', 18, 9],
      ['utskrivningsmeddelande', 17, 12, againstPlan('obekraftad')],
    ]);
    await post(officer, t4, 'hemgangsbeslut', { beviljadeTimmar: 1.5, per: 'dag', giltigtFran: day(17) });
    await post(carer, t4, 'trygg_hemgang_start', { startdatum: day(17), planeratSlut: day(3), barandeEnhet: provider });
    await post(carer, t4, 'matning', { moment: 'start', matdAt: at(16, 10).toISOString(), trygghet: 2, adl: 'F' });
    await sip.saveVersion(officer, t4, plan({ motesdatum: addDays(today, 5) }));
    await sip.addEntry(officer, t4, { typ: 'utvardering', datum: day(2), text: 'Utvärdering.', malResultat: ['ej_uppnatt'] });

    await thread(p4, [['inskrivningsmeddelande', 10, 8]]);

    const stats = await world.get(StatisticsService).computeUnsuppressed(reviewer, { from: day(60), to: today });
    figures = stats.total.figures;
  });
  afterAll(() => world.close());

  it('counts the readmission within 30 days and the days from utskrivningsklar to discharge', () => {
    expect(figures.threads).toBe(5);
    expect(figures.discharged).toBe(4);
    expect(figures.readmissions30).toBe(1);
    expect(figures.outcomes.readyToDischargeDays).toEqual({ n: 4, median: 1.5, mean: 2 });
    expect(figures.sameDay).toEqual({ count: 1, of: 4, share: 0.25 });
    // T3 (confirmed by the ward) and T4 (an import, unconfirmed) left against the plan.
    expect(figures.dischargedBeforeReady).toEqual({ count: 2, of: 4, share: 0.5 });
    expect(figures.dischargedBeforeReadyUnconfirmed).toBe(1);
  });

  it('counts SIP meetings held per month by place and kind, the latest version describing each', () => {
    const expected = [
      { month: day(26).slice(0, 7), plats: 'i_hemmet', typ: 'vid_utskrivning', count: 1 },
      { month: day(22).slice(0, 7), plats: 'digitalt', typ: 'forebyggande', count: 1 },
    ];
    const byMonth = new Map<string, typeof expected>();
    for (const cell of expected) byMonth.set(cell.month, [...(byMonth.get(cell.month) ?? []), cell]);
    const sorted = [...byMonth.keys()].sort().flatMap((m) => byMonth.get(m)!.sort((a, b) => a.plats.localeCompare(b.plats)));
    expect(figures.outcomes.sipHeld).toEqual(sorted);
  });

  it('counts hemgångsbeslut with the hours granted over their validity and the hours delivered', () => {
    expect(figures.outcomes.hemgangsbeslut).toEqual({ count: 3, withHours: 2, hoursGranted: 44, hoursDelivered: 25.5 });
  });

  it('measures the change in upplevd trygghet and ADL from start to end, of the threads with both', () => {
    expect(figures.outcomes.safetyChange).toEqual({ n: 2, mean: 1 });
    expect(figures.outcomes.adlChange).toEqual({ n: 2, improved: 1, unchanged: 1, worsened: 0, meanSteps: 1 });
  });

  it('reads goal attainment from the latest evaluation of each plan', () => {
    expect(figures.outcomes.goals).toEqual({ threads: 3, goals: 4, reached: 2, partly: 1, notReached: 1, shareReached: 0.5 });
  });

  it('averages home-care hours per week before admission, at the end of the period and 90 days after, where recorded', () => {
    expect(figures.outcomes.homeCareHours).toEqual({
      beforeAdmission: { n: 2, mean: 1.5 },
      endOfPeriod: { n: 2, mean: 3.5 },
      after90Days: { n: 1, mean: 1 },
    });
  });

  /** Every number a row shows, with its path (the SIP cells by index). */
  const cells = (node: unknown, path = ''): [string, number][] =>
    typeof node === 'number'
      ? [[path, node]]
      : node && typeof node === 'object'
        ? Object.entries(node).flatMap(([k, v]) => cells(v, path ? `${path}.${k}` : k))
        : [];
  const MEASURES = /(median|p90|mean|meanSteps|share|shareReached|paymentDays|cost|hoursGranted|hoursDelivered)$/;

  it('shows no cell under 5 for a one-day period: small counts and what is computed from them are suppressed, in JSON and CSV', async () => {
    const statistics = world.get(StatisticsService);
    const oneDay = await statistics.compute(reviewer, { from: day(30), to: day(30) }, 'json');
    expect(oneDay.rule).toContain('1–4');
    for (const row of [...oneDay.units, ...oneDay.wards, oneDay.total]) {
      for (const [path, value] of cells(row.figures)) {
        if (path.endsWith('month')) continue;
        if (MEASURES.test(path)) expect([path, value]).toEqual([path, 0]);
        else expect([path, value === 0 || value >= 5]).toEqual([path, true]);
      }
    }
    // T1 and T2: two threads, both discharged; nothing small is left.
    expect(oneDay.total.figures.threads).toBeNull();
    expect(oneDay.total.suppressed).toEqual(expect.arrayContaining(['threads', 'discharged', 'outcomes.readyToDischargeDays.n']));
    const csv = toCsv(oneDay);
    const total = csv.split('\r\n').find((line) => line.includes(';Totalt;'))!;
    expect(total.split(';').slice(4, 6)).toEqual(['..', '..']);
    expect(csv).not.toMatch(/;[1-4](;|\r)/);
  });

  it('gives SOF its figures per discharging ward, and a provider its own delivery without the payment cost', async () => {
    const statistics = world.get(StatisticsService);
    const s = await statistics.computeUnsuppressed(sofManager, { from: day(60), to: today });
    expect(s.units.map((u) => u.unitId)).toEqual([sof]);
    expect(s.wards.map((w) => [w.unitId, w.unitName, w.figures.threads])).toEqual([[ward, 'Medicinavdelning 4', 5]]);
    expect(s.costShown).toBe(true);
    const p = await statistics.computeUnsuppressed(providerManager, { from: day(60), to: today });
    expect(p.costShown).toBe(false);
    for (const row of [...p.units, ...p.wards, p.total]) expect([row.figures.paymentDays, row.figures.cost]).toEqual([null, null]);
    expect(p.total.figures.outcomes.hemgangsbeslut.hoursDelivered).toBe(25.5);
    expect(toCsv({ ...p, units: p.units.map((u) => ({ ...u, suppressed: [] })) })).not.toContain('Kostnad');
  });
});
