import { pastThread } from './support/clock-factory';
import { TestApi, TestUser, TEST_PERSONNUMMER } from './support/harness';

/**
 * Statistics over HTTP: who sees which organisation's figures, the small-cell rule as served (JSON
 * and CSV) and the access log. The threads are those of test/service/statistics/flow.spec.ts, where
 * every figure is proved before suppression: W (ward) 5 threads, 4 discharged, 5 payment days
 * (45 000 kr); S (SOF) 4 threads; P (vårdcentral) 2 threads.
 */
describe('statistics from the same events', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let vc: string;
  let coordinator: TestUser;
  let wardReviewer: TestUser;
  let vcAdmin: TestUser;
  let sofManager: TestUser;
  const query = '/api/statistics?from=2025-03-01&to=2025-03-31';

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    vc = await api.unit('primarvard', 'Visby norra vårdcentral');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    wardReviewer = await api.user(ward, 'logggranskare', 'Lena');
    vcAdmin = await api.user(vc, 'admin', 'Vera');
    sofManager = await api.user(sof, 'enhetschef', 'Sven');
    const by = { user: coordinator, unitId: ward };
    const [pA, pB, pC, pE] = TEST_PERSONNUMMER;
    await pastThread(api, by, { personnummer: pA, triage: 'gron', participantUnitIds: [sof] }, [
      ['inskrivningsmeddelande', '2025-03-03T08:00'],
      ['utskrivningsklar', '2025-03-04T10:00'],
      ['utskrivningsmeddelande', '2025-03-04T15:00'],
    ]);
    await pastThread(api, by, { personnummer: pB, triage: 'gul', participantUnitIds: [sof, vc] }, [
      ['inskrivningsmeddelande', '2025-03-05T08:00'],
      ['utskrivningsklar', '2025-03-06T10:00'],
      ['sip_kallelse', '2025-03-07T09:00'],
      ['utskrivningsmeddelande', '2025-03-12T11:00'],
    ]);
    await pastThread(api, by, { personnummer: pC, triage: 'rod', participantUnitIds: [sof, vc] }, [
      ['inskrivningsmeddelande', '2025-03-10T08:00'],
      ['utskrivningsklar', '2025-03-11T10:00'],
      ['avbrott', '2025-03-12T10:00'],
      ['utskrivningsklar', '2025-03-14T10:00'],
      ['sip_kallelse', '2025-03-20T09:00'],
      ['utskrivningsmeddelande', '2025-03-21T10:00'],
    ]);
    await pastThread(api, by, { personnummer: pA, triage: 'gron', participantUnitIds: [sof] }, [
      ['inskrivningsmeddelande', '2025-03-20T09:00'],
      ['utskrivningsklar', '2025-03-24T10:00'],
      ['utskrivningsmeddelande', '2025-03-24T14:00'],
    ]);
    await pastThread(api, by, { personnummer: pE, triage: 'gul', participantUnitIds: [] }, [
      ['inskrivningsmeddelande', '2025-03-25T08:00'],
    ]);
    await pastThread(api, by, { personnummer: pB, triage: 'gul', participantUnitIds: [sof] }, [
      ['inskrivningsmeddelande', '2025-05-15T08:00'],
    ]);
  });
  afterAll(() => api.close());

  const unit = (body: { units: { unitId: string; figures: unknown }[] }, id: string) => body.units.find((u) => u.unitId === id)!.figures;

  // Every figure's definition is proved before suppression at the service tier
  // (test/service/statistics/flow.spec.ts, the same threads); here: what HTTP serves.
  it("serves the ward's organisation its figures with small cells suppressed, and states the rule", async () => {
    const res = await api.request(wardReviewer, 'GET', query);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: { from: '2025-03-01', to: '2025-03-31' }, region: 'gotland', dayRate: 9000, costShown: true });
    expect(res.body.rule).toContain('1–4');
    expect(res.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([ward]); // its own organisation only
    // 5 threads and their 5 payment days (45 000 kr) are shown; 4 discharged, 2 the same day, 1 readmitted are not.
    expect(unit(res.body, ward)).toMatchObject({
      threads: 5,
      discharged: null,
      paymentDays: 5,
      cost: 45_000,
      sameDay: { count: null, of: null, share: null },
      readmissions30: null,
      triage: { gron: null, gul: null, rod: null },
      outcomes: { readyToDischargeDays: { n: null, median: null, mean: null } },
    });
    expect(res.body.units[0].suppressed).toEqual(expect.arrayContaining(['discharged', 'readmissions30', 'leadTimeHours.median']));
  });

  it('gives a manager its own organisation, SOF per discharging ward, and never a cell under 5', async () => {
    const s = await api.request(sofManager, 'GET', query);
    expect(s.status).toBe(200);
    expect(s.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([sof]);
    expect(s.body.wards.map((w: { unitName: string }) => w.unitName)).toEqual(['Medicinavdelning 4']);
    const p = await api.request(vcAdmin, 'GET', query);
    expect(p.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([vc]);
    // Two threads: nothing but zeros and suppressed cells.
    expect(unit(p.body, vc)).toMatchObject({ threads: null, discharged: null, paymentDays: null, cost: null });
    // A one-day period: no cell under 5 anywhere.
    const day = await api.request(sofManager, 'GET', '/api/statistics?from=2025-03-05&to=2025-03-05');
    const numbers = JSON.stringify([day.body.units, day.body.wards, day.body.total]).match(/":[1-4](,|})/g);
    expect(numbers).toBeNull();
  });

  it('exports the same suppressed figures as CSV for a spreadsheet, and logs who looked', async () => {
    const res = await api.request(wardReviewer, 'GET', `/api/statistics/export?from=2025-03-01&to=2025-03-31`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (res.body as string)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Period från;Period till;Indelning;Enhet;Ärenden;Utskrivna;Ledtid median \(timmar\)/);
    const cells = lines[1].split(';');
    expect(cells.slice(0, 6)).toEqual(['2025-03-01', '2025-03-31', 'Enhet', 'Medicinavdelning 4', '5', '..']);
    expect(lines[2].startsWith('2025-03-01;2025-03-31;Utskrivande avdelning;Medicinavdelning 4;5;..;')).toBe(true);
    expect(lines[3].startsWith('2025-03-01;2025-03-31;Totalt;Totalt;5;..;')).toBe(true);
    expect(lines.slice(1, 4).join('\n')).not.toMatch(/;[1-4](;|$)/m);
    const log = await api.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'statistics.read' AND patient_id IS NULL ORDER BY seq DESC LIMIT 1`,
    );
    expect(log[0].details).toMatchObject({ from: '2025-03-01', to: '2025-03-31', format: 'csv', threads: 5 });
  });

  it('refuses care staff and a bad period', async () => {
    expect((await api.request(coordinator, 'GET', query)).status).toBe(403);
    // The manager reads statistics only: its unit takes part in threads, but it lists none.
    const list = await api.request(sofManager, 'GET', '/api/threads');
    expect(list.body.threads).toEqual([]);
    const bad = await api.request(wardReviewer, 'GET', '/api/statistics?from=2025-02-30&to=2024-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'from' });
    const backwards = await api.request(wardReviewer, 'GET', '/api/statistics?from=2025-03-10&to=2025-03-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.fields).toEqual([{ field: 'to', message: 'får inte vara före from' }]);
  });
});
