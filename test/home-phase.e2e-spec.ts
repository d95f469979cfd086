import { randomUUID } from 'node:crypto';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * The home phase after discharge: the thread goes on ("Hemma"), receiving units report mottagen
 * hemma and avvikelser, the optional Trygg hemgång period is measured at start and end, hours are
 * granted and delivered, and the thread closes only when nothing is open (or with a reason).
 * Every refusal is a Swedish 4xx that writes nothing.
 */
describe('the home phase', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemtjanst: string;
  let hemsjukvard: string;
  let outsider: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let carer: TestUser;
  let nurse: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    outsider = await api.unit('primarvard', 'Vårdcentral utanför');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Anna');
  });
  afterAll(() => api.close());

  const post = (user: TestUser, threadId: string, kind: string, payload?: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api.request(user, 'POST', `/api/threads/${threadId}/messages`, {
      kind,
      ...(payload ? { payload } : {}),
      idempotencyKey: randomUUID(),
      ...extra,
    });
  const homePhase = async (user: TestUser, threadId: string) => {
    const res = await api.request(user, 'GET', `/api/threads/${threadId}/home-phase`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const count = async (threadId: string): Promise<Record<string, number>> => {
    const [row] = await api.dataSource.query(
      `SELECT (SELECT count(*)::int FROM message WHERE thread_id = $1) AS messages,
              (SELECT count(*)::int FROM home_reception WHERE thread_id = $1) AS receptions,
              (SELECT count(*)::int FROM home_deviation WHERE thread_id = $1) AS deviations,
              (SELECT count(*)::int FROM home_period WHERE thread_id = $1) AS periods,
              (SELECT count(*)::int FROM home_measurement WHERE thread_id = $1) AS measurements,
              (SELECT count(*)::int FROM home_hours WHERE thread_id = $1) AS hours`,
      [threadId],
    );
    return row;
  };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);

  /** A thread admitted three days ago and discharged an hour ago. */
  const discharged = async (): Promise<string> => {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst, hemsjukvard]));
    expect(res.status).toBe(201);
    const threadId = res.body.id as string;
    expect(
      (
        await post(coordinator, threadId, 'inskrivningsmeddelande', {
          inskrivenAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
          bedomtBehov: 'Hemtjänst',
        })
      ).status,
    ).toBe(201);
    // Nobody confirmed readiness here: the ward discharges against the plan, with a reason (issue 24's check).
    const discharge = { utskrivenAt: minutesAgo(60), bekraftaTrotsKonflikter: true, orsak: 'Testfall: hemfasen, inte planen.' };
    expect((await post(coordinator, threadId, 'utskrivningsmeddelande', discharge)).status).toBe(201);
    return threadId;
  };

  /** Asserts a refusal: the status, a Swedish message, and nothing written. */
  const refused = async (threadId: string, status: number, attempt: () => Promise<{ status: number; body: { message: string } }>) => {
    const before = await count(threadId);
    const res = await attempt();
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(/[åäöÅÄÖ]|inte|kan|måste|finns/);
    expect(await count(threadId)).toEqual(before);
    return res;
  };

  it('refuses home-phase reports before discharge', async () => {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst]));
    const threadId = res.body.id as string;
    const early = await refused(threadId, 409, () => post(carer, threadId, 'mottagen_hemma', { mottagenAt: minutesAgo(5) }));
    expect(early.body.message).toContain('inte utskriven');
    expect((await homePhase(carer, threadId)).phase).toBe('fore_utskrivning');
  });

  it('mottagen hemma keeps the observed time apart from the recorded one; not in the future, not before discharge', async () => {
    const threadId = await discharged();
    expect((await homePhase(carer, threadId)).phase).toBe('hemma');
    await refused(threadId, 400, () =>
      post(carer, threadId, 'mottagen_hemma', { mottagenAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    await refused(threadId, 400, () => post(carer, threadId, 'mottagen_hemma', { mottagenAt: minutesAgo(120) }));
    // The ward does not report reception at home.
    await refused(threadId, 403, () => post(coordinator, threadId, 'mottagen_hemma', { mottagenAt: minutesAgo(5) }));
    const observed = minutesAgo(30);
    expect((await post(carer, threadId, 'mottagen_hemma', { mottagenAt: observed })).status).toBe(201);
    const phase = await homePhase(nurse, threadId);
    expect(phase.receptions).toHaveLength(1);
    expect(phase.receptions[0]).toMatchObject({ unitId: hemtjanst, unitName: 'Hemtjänst Norr', observedAt: observed });
    expect(new Date(phase.receptions[0].recordedAt).getTime()).toBeGreaterThan(new Date(observed).getTime());
  });

  it('an avvikelse goes to a participating organisation, which answers it; a kvittens closes another; closing waits for them', async () => {
    const threadId = await discharged();
    await refused(threadId, 400, () =>
      post(carer, threadId, 'avvikelse', { kategori: 'lakemedel_saknas', beskrivning: 'Waran saknas', ansvarigEnhet: outsider }),
    );
    await refused(threadId, 400, () => post(carer, threadId, 'avvikelse', { kategori: 'saknas', beskrivning: 'x', ansvarigEnhet: ward }));
    const medicine = await post(carer, threadId, 'avvikelse', {
      kategori: 'lakemedel_saknas',
      beskrivning: 'Waran saknas i dosetten.',
      ansvarigEnhet: ward,
    });
    expect(medicine.status).toBe(201);
    const walker = await post(carer, threadId, 'avvikelse', {
      kategori: 'hjalpmedel_saknas',
      beskrivning: 'Rollatorn kom inte.',
      ansvarigEnhet: hemsjukvard,
    });
    expect(walker.status).toBe(201);
    let phase = await homePhase(coordinator, threadId);
    expect(phase.deviations.map((d: { state: string }) => d.state)).toEqual(['oppen', 'oppen']);
    expect(phase.deviations[0]).toMatchObject({ responsibleUnitId: ward, mayAnswer: true });
    expect(phase.openItems).toEqual(['2 avvikelser är inte besvarade eller kvitterade']);

    // Closing waits; the ward's close is refused with what is open, nothing written.
    const close = await refused(threadId, 409, () => api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, {}));
    expect(close.body.message).toContain('2 avvikelser');

    // Only the responsible organisation answers.
    await refused(threadId, 403, () =>
      post(nurse, threadId, 'avvikelse_svar', { avvikelseId: medicine.body.id, svar: 'Vi ringer apoteket' }),
    );
    expect(
      (await post(coordinator, threadId, 'avvikelse_svar', { avvikelseId: medicine.body.id, svar: 'Recept skickat till apoteket.' }))
        .status,
    ).toBe(201);
    await refused(threadId, 409, () => post(coordinator, threadId, 'avvikelse_svar', { avvikelseId: medicine.body.id, svar: 'Igen' }));
    // The ward's part ended at discharge; hemtjänst can still kvittera (no 409), and hemsjukvård's kvittens closes its avvikelse.
    expect((await post(carer, threadId, 'kvittens', { meddelandeId: await lastOfKind(threadId, 'utskrivningsmeddelande') })).status).toBe(
      201,
    );
    expect((await post(nurse, threadId, 'kvittens', { meddelandeId: walker.body.id })).status).toBe(201);
    phase = await homePhase(carer, threadId);
    expect(phase.deviations.map((d: { state: string }) => d.state)).toEqual(['besvarad', 'kvitterad']);
    expect(phase.openItems).toEqual([]);
    const closed = await api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, {});
    expect(closed.status).toBe(200);
    expect((await homePhase(carer, threadId)).phase).toBe('avslutad');
  });

  const lastOfKind = async (threadId: string, kind: string): Promise<string> => {
    const [row] = await api.dataSource.query('SELECT id FROM message WHERE thread_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1', [
      threadId,
      kind,
    ]);
    return row.id;
  };

  it('the Trygg hemgång period: measurements at start and end, hours granted and delivered, long-term decision, handover, close', async () => {
    const threadId = await discharged();
    // No measurement without a period.
    await refused(threadId, 409, () => post(nurse, threadId, 'matning', { moment: 'start', matdAt: minutesAgo(10), trygghet: 5 }));
    await refused(threadId, 400, () =>
      post(officer, threadId, 'trygg_hemgang_start', { startdatum: daysAgo(0), planeratSlut: daysAgo(-14), barandeEnhet: outsider }),
    );
    await refused(threadId, 400, () =>
      post(officer, threadId, 'trygg_hemgang_start', {
        startdatum: daysAgo(0),
        planeratSlut: daysAgo(-14),
        barandeEnhet: hemtjanst,
        mal: [' '],
      }),
    );
    const start = { startdatum: daysAgo(0), planeratSlut: daysAgo(-14), barandeEnhet: hemtjanst, mal: ['Klara duschen själv'] };
    expect((await post(officer, threadId, 'trygg_hemgang_start', start)).status).toBe(201);
    await refused(threadId, 409, () => post(officer, threadId, 'trygg_hemgang_start', start));

    // Bad measurements: ADL outside A–G, safety outside 0–10, before admission, none at all.
    await refused(threadId, 400, () => post(nurse, threadId, 'matning', { moment: 'start', matdAt: minutesAgo(10), adl: 'H' }));
    await refused(threadId, 400, () => post(nurse, threadId, 'matning', { moment: 'start', matdAt: minutesAgo(10), trygghet: 11 }));
    await refused(threadId, 400, () => post(nurse, threadId, 'matning', { moment: 'start', matdAt: minutesAgo(10), trygghet: -1 }));
    await refused(threadId, 400, () => post(nurse, threadId, 'matning', { moment: 'start', matdAt: minutesAgo(10) }));
    await refused(threadId, 400, () =>
      post(nurse, threadId, 'matning', { moment: 'start', matdAt: new Date(Date.now() - 10 * 86_400_000).toISOString(), trygghet: 4 }),
    );
    expect(
      (await post(nurse, threadId, 'matning', { moment: 'start', matdAt: minutesAgo(10), trygghet: 4, adl: 'D', skattadAv: 'patienten' }))
        .status,
    ).toBe(201);
    const second = await refused(threadId, 409, () =>
      post(nurse, threadId, 'matning', { moment: 'start', matdAt: minutesAgo(5), trygghet: 6 }),
    );
    expect(second.body.message).toContain('redan en mätning');

    // Hours: before admission, granted, delivered weekly (not negative, not more than the week holds).
    expect((await post(officer, threadId, 'hemtjanstimmar', { tidpunkt: 'fore_inskrivning', timmarPerVecka: 3 })).status).toBe(201);
    expect(
      (
        await post(officer, threadId, 'hemgangsbeslut', {
          beviljadeTimmar: 30,
          per: 'period',
          giltigtFran: daysAgo(0),
          giltigtTill: daysAgo(-14),
        })
      ).status,
    ).toBe(201);
    await refused(threadId, 400, () => post(carer, threadId, 'levererade_timmar', { veckaFran: daysAgo(0), timmar: -2 }));
    await refused(threadId, 400, () => post(carer, threadId, 'levererade_timmar', { veckaFran: daysAgo(0), timmar: 169 }));
    await refused(threadId, 400, () => post(carer, threadId, 'levererade_timmar', { veckaFran: daysAgo(30), timmar: 5 }));
    await refused(threadId, 403, () => post(nurse, threadId, 'levererade_timmar', { veckaFran: daysAgo(0), timmar: 5 }));
    expect((await post(carer, threadId, 'levererade_timmar', { veckaFran: daysAgo(0), timmar: 12.5 })).status).toBe(201);
    await refused(threadId, 409, () => post(carer, threadId, 'levererade_timmar', { veckaFran: daysAgo(0), timmar: 10 }));

    // The period keeps the thread open.
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, {})).status).toBe(409);

    expect((await post(nurse, threadId, 'matning', { moment: 'slut', matdAt: minutesAgo(1), trygghet: 8, adl: 'B' })).status).toBe(201);
    expect(
      (await post(officer, threadId, 'langsiktigt_beslut', { beslutsdatum: daysAgo(0), timmarPerVecka: 4, insatser: ['Inköp'] })).status,
    ).toBe(201);
    expect((await post(officer, threadId, 'hemtjanstimmar', { tidpunkt: 'efter_perioden', timmarPerVecka: 4 })).status).toBe(201);
    expect((await post(officer, threadId, 'overlamning', { overlamnadDatum: daysAgo(0), till: 'Ordinarie hemtjänst' })).status).toBe(201);
    await refused(threadId, 409, () => post(officer, threadId, 'overlamning', { overlamnadDatum: daysAgo(0), till: 'Igen' }));

    const phase = await homePhase(officer, threadId);
    expect(phase.period).toMatchObject({
      startDate: daysAgo(0),
      carryingUnitId: hemtjanst,
      carryingUnitName: 'Hemtjänst Norr',
      goals: ['Klara duschen själv'],
      handedOverTo: 'Ordinarie hemtjänst',
      running: false,
    });
    expect(phase.measurements).toMatchObject([
      { moment: 'start', safety: 4, adl: 'D', ratedBy: 'patienten' },
      { moment: 'slut', safety: 8, adl: 'B' },
    ]);
    expect(phase.granted).toMatchObject({ hours: 30, per: 'period' });
    expect(phase.delivered).toEqual([{ weekFrom: daysAgo(0), hours: 12.5, unitId: hemtjanst }]);
    expect(phase.deliveredTotal).toBe(12.5);
    expect(phase.recordedHours).toEqual([
      { kind: 'fore_inskrivning', hoursPerWeek: 3 },
      { kind: 'efter_perioden', hoursPerWeek: 4 },
    ]);
    expect(phase.longTermDecision).toEqual({ decidedOn: daysAgo(0), hoursPerWeek: 4, insatser: ['Inköp'] });
    expect(phase.openItems).toEqual([]);
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, {})).status).toBe(200);
  });

  it('a reason closes a thread with open work; the summary is logged and hidden from outsiders', async () => {
    const threadId = await discharged();
    expect(
      (await post(carer, threadId, 'avvikelse', { kategori: 'insats_uteblev', beskrivning: 'Ingen kom', ansvarigEnhet: hemtjanst })).status,
    ).toBe(201);
    const closed = await api.request(coordinator, 'POST', `/api/threads/${threadId}/close`, { orsak: 'Patienten avled' });
    expect(closed.status).toBe(200);
    expect((await homePhase(carer, threadId)).phase).toBe('avslutad');
    const stranger = await api.user(outsider, 'lakare', 'Utomstående');
    expect((await api.request(stranger, 'GET', `/api/threads/${threadId}/home-phase`)).status).toBe(404);
    const logged = await api.dataSource.query(
      `SELECT outcome FROM audit_log WHERE thread_id = $1 AND action = 'home_phase.read' ORDER BY seq`,
      [threadId],
    );
    expect(logged.map((r: { outcome: string }) => r.outcome)).toEqual(['allowed', 'denied']);
  });
});
