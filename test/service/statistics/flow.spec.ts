import type { Actor } from '@brygga/common';
import { StatisticsModule, StatisticsService, type UnitFigures } from '@brygga/statistics';
import { ThreadsModule } from '@brygga/threads';
import { TEST_PERSONNUMMER } from '../../support/bodies';
import { pastThread } from '../support/past-thread';
import { ServiceWorld } from '../support/service-world';

/**
 * The flow figures before suppression (the definitions, docs/statistics.md), on hand-built
 * threads in March 2025 (winter time) under Gotland's rules (three calendar days, 9 000 kr a day):
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
 *    45 000 kr; SIP in time 1 of 2; 1 avbrott; 1 readmission; triage 2 / 2 / 1; days from ready
 *    [0, 6, 7 (from 14/3), 0]: median 3, mean 3.3.
 * S: the same without E: 4 threads; triage 2 / 1 / 1.  P: B and C: median 168.5, p90 192, same day
 *    0 of 2, 5 days, SIP 1 of 2, 1 avbrott, no readmission, triage 0 / 1 / 1.
 */
describe('flow figures from the same events', () => {
  let world: ServiceWorld;
  let ward: string;
  let sof: string;
  let vc: string;
  let wardReviewer: Actor;
  let sofManager: Actor;
  let vcAdmin: Actor;
  const period = { from: '2025-03-01', to: '2025-03-31' };
  const at = (local: string) => new Date(`${local}:00+01:00`);

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule, StatisticsModule]);
    ward = await world.unit('slutenvard', 'Medicinavdelning 4');
    sof = await world.unit('sof', 'SOF mottagningsteam');
    vc = await world.unit('primarvard', 'Visby norra vårdcentral');
    const coordinator = await world.actor(ward, 'koordinator', 'Karin');
    wardReviewer = await world.actor(ward, 'logggranskare', 'Lena');
    sofManager = await world.actor(sof, 'enhetschef', 'Sven');
    vcAdmin = await world.actor(vc, 'admin', 'Vera');
    const by = { actor: coordinator, unitId: ward };
    const [pA, pB, pC, pE] = TEST_PERSONNUMMER;
    const steps = (...s: [string, string][]) => s.map(([kind, local]): [string, Date] => [kind, at(local)]);
    await pastThread(
      world,
      by,
      { personnummer: pA, triage: 'gron', participantUnitIds: [sof] },
      steps(
        ['inskrivningsmeddelande', '2025-03-03T08:00'],
        ['utskrivningsklar', '2025-03-04T10:00'],
        ['utskrivningsmeddelande', '2025-03-04T15:00'],
      ),
    );
    await pastThread(
      world,
      by,
      { personnummer: pB, triage: 'gul', participantUnitIds: [sof, vc] },
      steps(
        ['inskrivningsmeddelande', '2025-03-05T08:00'],
        ['utskrivningsklar', '2025-03-06T10:00'],
        ['sip_kallelse', '2025-03-07T09:00'],
        ['utskrivningsmeddelande', '2025-03-12T11:00'],
      ),
    );
    await pastThread(
      world,
      by,
      { personnummer: pC, triage: 'rod', participantUnitIds: [sof, vc] },
      steps(
        ['inskrivningsmeddelande', '2025-03-10T08:00'],
        ['utskrivningsklar', '2025-03-11T10:00'],
        ['avbrott', '2025-03-12T10:00'],
        ['utskrivningsklar', '2025-03-14T10:00'],
        ['sip_kallelse', '2025-03-20T09:00'],
        ['utskrivningsmeddelande', '2025-03-21T10:00'],
      ),
    );
    await pastThread(
      world,
      by,
      { personnummer: pA, triage: 'gron', participantUnitIds: [sof] },
      steps(
        ['inskrivningsmeddelande', '2025-03-20T09:00'],
        ['utskrivningsklar', '2025-03-24T10:00'],
        ['utskrivningsmeddelande', '2025-03-24T14:00'],
      ),
    );
    await pastThread(
      world,
      by,
      { personnummer: pE, triage: 'gul', participantUnitIds: [] },
      steps(['inskrivningsmeddelande', '2025-03-25T08:00']),
    );
    await pastThread(
      world,
      by,
      { personnummer: pB, triage: 'gul', participantUnitIds: [sof] },
      steps(['inskrivningsmeddelande', '2025-05-15T08:00']),
    );
  });
  afterAll(() => world.close());

  const unit = (rows: UnitFigures[], id: string) => rows.find((u) => u.unitId === id)!.figures;

  it("proves every flow figure of the ward's organisation", async () => {
    const s = await world.get(StatisticsService).computeUnsuppressed(wardReviewer, period);
    expect(s).toMatchObject({ period, region: 'gotland', dayRate: 9000, costShown: true });
    expect(s.units.map((u) => u.unitId)).toEqual([ward]);
    expect(unit(s.units, ward)).toMatchObject({
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
      outcomes: { readyToDischargeDays: { n: 4, median: 3, mean: 3.3 }, sipHeld: [], hemgangsbeslut: { count: 0 } },
    });
  });

  it('gives SOF its own unit and the same threads per discharging ward, and primary care its own', async () => {
    const s = await world.get(StatisticsService).computeUnsuppressed(sofManager, period);
    expect(unit(s.units, sof)).toMatchObject({
      threads: 4,
      discharged: 4,
      leadTimeHours: { median: 75, p90: 192 },
      paymentDays: 5,
      triage: { gron: 2, gul: 1, rod: 1 },
    });
    expect(s.wards.map((w) => w.unitName)).toEqual(['Medicinavdelning 4']);
    expect(unit(s.wards, ward)).toMatchObject({ threads: 4, discharged: 4, paymentDays: 5 });
    const p = await world.get(StatisticsService).computeUnsuppressed(vcAdmin, period);
    expect(unit(p.units, vc)).toMatchObject({
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
});
