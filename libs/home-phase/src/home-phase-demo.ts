import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { PatientsService } from '@brygga/patients';
import { AuditService } from '@brygga/audit';
import { addDays, localDate, startOfDay } from '@brygga/deadlines';
import { loadSeed } from '@brygga/directory';
import { countThreadsWithKey, insertPastEvent, insertPastThread, messageIdAt } from '@brygga/threads';
import * as q from './home-phase.queries';
import { inTransaction } from '@brygga/database';

const DEMO_KEY = 'demo:hemma';
const DEMO_LOCK = 7_261_025;
/** One of Skatteverket's test personnummer (never assigned to a real person). */
const PERSONNUMMER = '198112289874';

/**
 * With BRYGGA_SEED_DEMO, a thread in its home phase, so a new user sees "Hemma" at once:
 * discharged two days ago, received at home by Hemtjänst Norr, a Trygg hemgång period with its
 * start measurement and a hemgångsbeslut, and one open avvikelse (a walker that never came) for
 * hemsjukvården to answer. Loaded once, beside the other demo threads (libs/bevakning).
 */
@Injectable()
export class HomePhaseDemo implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly patients: PatientsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const loaded = await inTransaction(this.dataSource, async (m) => {
      await loadSeed(m);
      await m.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
      if ((await countThreadsWithKey(m, DEMO_KEY)) > 0) return false;
      const ids: Record<string, string> = Object.fromEntries(
        (
          (await m.query(
            `SELECT key, id FROM directory_unit UNION ALL SELECT key, id FROM directory_person WHERE key IN ('karin.lindqvist', 'maria.nilsson', 'eva.svensson', 'anna.persson')`,
          )) as { key: string; id: string }[]
        ).map((r) => [r.key, r.id]),
      );
      const needed = [
        'visby-med4',
        'sof-mottagning',
        'hemtjanst-norr',
        'hemsjukvard-visby',
        'karin.lindqvist',
        'maria.nilsson',
        'eva.svensson',
        'anna.persson',
      ];
      if (needed.some((k) => !ids[k])) return false; // a directory of one's own: no demo thread
      await this.create(m, ids, new Date());
      return true;
    });
    if (loaded) this.logger.log('Loaded the demo thread in its home phase (first start).');
  }

  private async create(m: EntityManager, ids: Record<string, string>, now: Date): Promise<void> {
    const today = localDate(now);
    const at = (day: number, hour: number) => new Date(startOfDay(addDays(today, -day)).getTime() + hour * 3_600_000);
    const date = (day: number) => addDays(today, -day);
    const { id: patientId } = await this.patients.findOrCreate(m, { personnummer: PERSONNUMMER, givenName: 'Rut', familyName: 'Roma' });
    const id = await insertPastThread(m, {
      patientId,
      ownerUnitId: ids['visby-med4'],
      givenName: 'Rut',
      familyName: 'Roma',
      status: 'utskriven',
      triage: 'gul',
      admittedAt: at(6, 9),
      utskrivningsklarAt: at(3, 10),
      dischargedAt: at(2, 13),
      createdByUserId: ids['karin.lindqvist'],
      idempotencyKey: DEMO_KEY,
      createdAt: at(6, 9),
      participantUnitIds: [ids['visby-med4'], ids['sof-mottagning'], ids['hemtjanst-norr'], ids['hemsjukvard-visby']],
    });
    const ward = { authorUserId: ids['karin.lindqvist'], authorUnitId: ids['visby-med4'] };
    const sof = { authorUserId: ids['maria.nilsson'], authorUnitId: ids['sof-mottagning'] };
    const carer = { authorUserId: ids['eva.svensson'], authorUnitId: ids['hemtjanst-norr'] };
    const post = async (by: typeof ward, kind: string, sentAt: Date, payload: Record<string, unknown>): Promise<string> => {
      const seq = await insertPastEvent(m, id, { ...by, kind, sentAt, payload });
      return (await messageIdAt(m, id, seq))!;
    };
    const bedomtBehov = 'Höftfraktur. Behöver hjälp morgon och kväll, rollator och trygghetslarm.';
    await post(ward, 'inskrivningsmeddelande', at(6, 9), { inskrivenAt: at(6, 9).toISOString(), bedomtBehov });
    await post(ward, 'utskrivningsklar', at(3, 10), { utskrivningsklarAt: at(3, 10).toISOString() });
    await post(sof, 'hemgangsbeslut', at(3, 15), { beviljadeTimmar: 40, per: 'period', giltigtFran: date(2), giltigtTill: date(-12) });
    await post(ward, 'utskrivningsmeddelande', at(2, 13), { utskrivenAt: at(2, 13).toISOString(), lakemedelslistaBifogad: true });
    const period = await post(sof, 'trygg_hemgang_start', at(2, 13.5), {
      startdatum: date(2),
      planeratSlut: date(-12),
      barandeEnhet: ids['hemtjanst-norr'],
      mal: ['Klara morgonrutinen själv', 'Gå till brevlådan med rollator'],
    });
    await q.insertPeriod(m, {
      threadId: id,
      messageId: period,
      startDate: date(2),
      plannedEndDate: date(-12),
      carryingUnitId: ids['hemtjanst-norr'],
      goals: ['Klara morgonrutinen själv', 'Gå till brevlådan med rollator'],
    });
    const received = await post(carer, 'mottagen_hemma', at(2, 15), { mottagenAt: at(2, 14).toISOString() });
    await q.insertReception(m, {
      messageId: received,
      threadId: id,
      unitId: ids['hemtjanst-norr'],
      observedAt: at(2, 14).toISOString(),
      recordedAt: at(2, 15).toISOString(),
    });
    const measured = await post(carer, 'matning', at(2, 16), {
      moment: 'start',
      matdAt: at(2, 16).toISOString(),
      trygghet: 4,
      adl: 'D',
      skattadAv: 'patienten',
    });
    await q.insertMeasurement(m, {
      messageId: measured,
      threadId: id,
      moment: 'start',
      measuredAt: at(2, 16).toISOString(),
      safety: 4,
      adl: 'D',
      ratedBy: 'patienten',
    });
    const deviation = await post(carer, 'avvikelse', at(2, 17), {
      kategori: 'hjalpmedel_saknas',
      beskrivning: 'Rollatorn har inte levererats.',
      ansvarigEnhet: ids['hemsjukvard-visby'],
    });
    const [{ organisation_id: hsv }]: { organisation_id: string }[] = await m.query(
      'SELECT organisation_id FROM directory_unit WHERE id = $1',
      [ids['hemsjukvard-visby']],
    );
    await q.insertDeviation(m, {
      messageId: deviation,
      threadId: id,
      reportedByUnitId: ids['hemtjanst-norr'],
      category: 'hjalpmedel_saknas',
      responsibleUnitId: ids['hemsjukvard-visby'],
      responsibleOrganisationId: hsv,
      reportedAt: at(2, 17).toISOString(),
    });
    await this.audit.record(m, [
      {
        actor: null,
        action: 'thread.create',
        outcome: 'allowed',
        unitId: ids['visby-med4'],
        patientId,
        threadId: id,
        details: { demo: true },
      },
    ]);
  }
}
