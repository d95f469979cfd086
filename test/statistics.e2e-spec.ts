import { pastThread } from './support/clock-factory';
import { TestApi, TestUser, TEST_PERSONNUMMER } from './support/harness';

/**
 * Hand-built threads in March 2025 (winter time) under Gotland's rules (three calendar days,
 * 9 000 kr a day), with every figure computed by hand in the comments, per unit:
 *   A gron  W S    ready 4/3 10:00 → out 4/3 15:00: 5 h, same day, 0 days. Readmitted (D).
 *   B gul   W S P  ready 6/3 10:00 (Thu), SIP 7/3 (in time) → out 12/3 11:00: 145 h; liable from
 *                  10/3 (6/3 is day 0; 7, 8, 9 free): 10, 11 → 2 days.
 *   C rod   W S P  ready 11/3 10:00, avbrott 12/3 10:00, ready 14/3 10:00, SIP 20/3 (late: due by
 *                  end of 14/3), out 21/3 10:00: 24 h + 168 h = 192 h; first period no days; second
 *                  liable from 18/3: 18, 19, 20 → 3 days. One avbrott.
 *   D gron  W S    same patient as A, admitted 20/3; ready 24/3 10:00 → out 24/3 14:00: 4 h, same day.
 *   E gul   W      admitted 25/3, not yet ready.
 *   F       W S    admitted 15/5: outside the period.
 * W: 5 threads, 4 out; lead [4, 5, 145, 192] → median 75, p90 192; same day 2 of 4; 5 days,
 *    45 000 kr; SIP in time 1 of 2; 1 avbrott; 1 readmission; triage 2 / 2 / 1.
 * S: the same without E: 4 threads; triage 2 / 1 / 1.  P: B and C: median 168.5, p90 192, same day
 *    0 of 2, 5 days, SIP 1 of 2, 1 avbrott, no readmission, triage 0 / 1 / 1.
 */
describe('statistics from the same events', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let vc: string;
  let coordinator: TestUser;
  let wardReviewer: TestUser;
  let sofAdmin: TestUser;
  let vcAdmin: TestUser;
  const query = '/api/statistics?from=2025-03-01&to=2025-03-31';

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    vc = await api.unit('primarvard', 'Visby norra vårdcentral');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    wardReviewer = await api.user(ward, 'logggranskare', 'Lena');
    sofAdmin = await api.user(sof, 'admin', 'Ingrid');
    vcAdmin = await api.user(vc, 'admin', 'Vera');
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

  it("proves every figure of the ward's organisation", async () => {
    const res = await api.request(wardReviewer, 'GET', query);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: { from: '2025-03-01', to: '2025-03-31' }, region: 'gotland', dayRate: 9000 });
    expect(res.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([ward]); // its own organisation only
    expect(unit(res.body, ward)).toMatchObject({
      threads: 5,
      discharged: 4,
      leadTimeHours: { median: 75, p90: 192 },
      sameDay: { count: 2, of: 4, share: 0.5 },
      paymentDays: 5,
      cost: 45_000,
      sipInTime: { count: 1, of: 2, share: 0.5 },
      avbrott: 1,
      readmissions30: 1,
      dischargedBeforeReady: { count: 0, of: 4, share: 0 },
      dischargedBeforeReadyUnconfirmed: 0,
      triage: { gron: 2, gul: 2, rod: 1 },
      // Calendar days from the ready notice in force: A 0, B 6, C 7 (from 14/3), D 0.
      outcomes: { readyToDischargeDays: { n: 4, median: 3, mean: 3.3 }, sipHeld: [], hemgangsbeslut: { count: 0 } },
    });
  });

  it('gives SOF and primary care their own units', async () => {
    const s = await api.request(sofAdmin, 'GET', query);
    expect(unit(s.body, sof)).toMatchObject({
      threads: 4,
      discharged: 4,
      leadTimeHours: { median: 75, p90: 192 },
      paymentDays: 5,
      triage: { gron: 2, gul: 1, rod: 1 },
    });
    const p = await api.request(vcAdmin, 'GET', query);
    expect(unit(p.body, vc)).toMatchObject({
      threads: 2,
      discharged: 2,
      leadTimeHours: { median: 168.5, p90: 192 },
      sameDay: { count: 0, of: 2, share: 0 },
      paymentDays: 5,
      cost: 45_000,
      sipInTime: { count: 1, of: 2, share: 0.5 },
      avbrott: 1,
      readmissions30: 0,
      dischargedBeforeReady: { count: 0, of: 2, share: 0 },
      dischargedBeforeReadyUnconfirmed: 0,
      triage: { gron: 0, gul: 1, rod: 1 },
      outcomes: { readyToDischargeDays: { n: 2, median: 6.5, mean: 6.5 } },
    });
  });

  it('exports the same figures as CSV for a spreadsheet, and logs who looked', async () => {
    const res = await api.request(wardReviewer, 'GET', `/api/statistics/export?from=2025-03-01&to=2025-03-31`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (res.body as string)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Period från;Period till;Enhet;Ärenden;Utskrivna;Ledtid median \(timmar\)/);
    expect(lines[1]).toBe(
      '2025-03-01;2025-03-31;Medicinavdelning 4;5;4;75;192;2;0,5;5;45000;1;0,5;1;1;0;0;0;2;2;1;3;3,3;0;0;0;0;;0;0;0;0;0;0;;;;',
    );
    // The SIP meetings per month, place and kind follow as a second table (none here).
    expect(lines.slice(3)).toEqual(['', 'Enhet;Månad;SIP-plats;SIP-typ;SIP-möten hållna']);
    const log = await api.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'statistics.read' AND patient_id IS NULL ORDER BY seq DESC LIMIT 1`,
    );
    expect(log[0].details).toMatchObject({ from: '2025-03-01', to: '2025-03-31', format: 'csv', threads: 5 });
  });

  it('refuses care staff and a bad period', async () => {
    expect((await api.request(coordinator, 'GET', query)).status).toBe(403);
    const bad = await api.request(wardReviewer, 'GET', '/api/statistics?from=2025-02-30&to=2024-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'from' });
    const backwards = await api.request(wardReviewer, 'GET', '/api/statistics?from=2025-03-10&to=2025-03-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.fields).toEqual([{ field: 'to', message: 'får inte vara före from' }]);
  });
});
