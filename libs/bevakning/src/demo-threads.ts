import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { PatientsService } from '@brygga/patients';
import { AuditService } from '@brygga/audit';
import { addDays, isoWeekday, localDate, startOfDay } from '@brygga/deadlines';
import { loadSeed } from '@brygga/directory';
import { countThreadsWithKey, insertPastEvent, insertPastThread, type PastEvent } from '@brygga/threads';
import { inTransaction } from '@brygga/database';

const DEMO_LOCK = 7_261_014;

type Step = [kind: string, day: number, hour: number, payload?: Record<string, unknown>];

interface DemoThread {
  key: string;
  personnummer: string;
  givenName: string;
  familyName: string;
  triage: 'gron' | 'gul' | 'rod';
  units: string[];
  status: string;
  /** Days before today (0 today), Swedish time; each step carries its time in its payload. */
  steps: Step[];
  hemgangsklar?: boolean;
  plannedSaturday?: boolean;
}

const TIME_FIELD: Record<string, string> = {
  inskrivningsmeddelande: 'inskrivenAt',
  utskrivningsklar: 'utskrivningsklarAt',
  avbrott: 'avbrottAt',
  utskrivningsmeddelande: 'utskrivenAt',
};

const RECEIVERS = ['sof-mottagning', 'hemsjukvard-visby', 'hemtjanst-norr'];
/** The receiving units of the hemgångsklar demo thread and who declared each one ready. */
const READY_BY: [unit: string, user: string][] = [
  ['hemsjukvard-visby', 'anna.persson'],
  ['hemtjanst-norr', 'eva.svensson'],
];
const behov = { bedomtBehov: 'Behöver hemtjänst morgon och kväll samt hjälp med läkemedel.' };

/** A handful of threads in different states and ages (Skatteverket's test numbers only). */
const DEMO_THREADS: DemoThread[] = [
  {
    key: 'demo:forsenad',
    personnummer: '189103179801',
    givenName: 'Greta',
    familyName: 'Gotlänning',
    triage: 'gul',
    units: [...RECEIVERS, 'vc-visby-norr'],
    status: 'utskrivningsklar',
    steps: [
      ['inskrivningsmeddelande', 7, 8, behov],
      ['utskrivningsklar', 5, 10],
    ],
  },
  {
    key: 'demo:avbrott',
    personnummer: '190704019801',
    givenName: 'Sven',
    familyName: 'Slite',
    triage: 'rod',
    units: RECEIVERS,
    status: 'avbrott',
    steps: [
      ['inskrivningsmeddelande', 4, 9, behov],
      ['utskrivningsklar', 3, 11],
      ['avbrott', 1, 14, { orsak: 'Feber, ny läkarbedömning.' }],
    ],
  },
  {
    key: 'demo:hemgangsklar',
    personnummer: '190108219817',
    givenName: 'Hilda',
    familyName: 'Hemse',
    triage: 'gron',
    units: RECEIVERS,
    status: 'utskrivningsklar',
    hemgangsklar: true,
    plannedSaturday: true,
    steps: [
      ['inskrivningsmeddelande', 3, 8, behov],
      ['utskrivningsklar', 0, 8],
    ],
  },
  {
    key: 'demo:sammadag',
    personnummer: '190006129803',
    givenName: 'Tekla',
    familyName: 'Testsson',
    triage: 'gron',
    units: RECEIVERS,
    status: 'utskriven',
    steps: [
      ['inskrivningsmeddelande', 12, 8, behov],
      ['utskrivningsklar', 10, 9],
      ['utskrivningsmeddelande', 10, 14, { lakemedelslistaBifogad: true }],
    ],
  },
  {
    // The same patient back within 30 days: a readmission in the statistics.
    key: 'demo:aterinskriven',
    personnummer: '190006129803',
    givenName: 'Tekla',
    familyName: 'Testsson',
    triage: 'gul',
    units: RECEIVERS,
    status: 'inskriven',
    steps: [['inskrivningsmeddelande', 1, 7, behov]],
  },
];

/**
 * With BRYGGA_SEED_DEMO, a new user sees the clock and the statistics at once: an overdue thread,
 * one in avbrott, one hemgångsklar, one discharged the same day it was ready, and a readmission.
 * Loaded once, into the demo directory, by Medicinavdelning 4's coordinator. The hemgångsklar
 * thread is marked so directly (it has no checklists); a change of readiness re-derives it.
 */
@Injectable()
export class DemoThreads implements OnApplicationBootstrap {
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
      await loadSeed(m); // the directory first (a no-op when it is there)
      await m.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
      if ((await countThreadsWithKey(m, 'demo:', true)) > 0) return false;
      const ids: Record<string, string> = Object.fromEntries(
        (
          (await m.query(
            `SELECT key, id FROM directory_unit UNION ALL SELECT key, id FROM directory_person WHERE key IN ('karin.lindqvist', 'anna.persson', 'eva.svensson')`,
          )) as {
            key: string;
            id: string;
          }[]
        ).map((r) => [r.key, r.id]),
      );
      if (!ids['visby-med4'] || !ids['karin.lindqvist'] || READY_BY.some(([unit, user]) => !ids[unit] || !ids[user])) return false; // a directory of one's own: no demo threads
      for (const demo of DEMO_THREADS) await this.create(m, demo, ids, new Date());
      return true;
    });
    if (loaded) this.logger.log(`Loaded ${DEMO_THREADS.length} demo threads (first start).`);
  }

  private async create(m: EntityManager, demo: DemoThread, ids: Record<string, string>, now: Date): Promise<void> {
    const today = localDate(now);
    const at = (day: number, hour: number) => new Date(startOfDay(addDays(today, -day)).getTime() + hour * 3_600_000);
    const { id: patientId } = await this.patients.findOrCreate(m, {
      personnummer: demo.personnummer,
      givenName: demo.givenName,
      familyName: demo.familyName,
    });
    const time = (kind: string) => demo.steps.find(([k]) => k === kind);
    const stepAt = (kind: string) => (time(kind) ? at(time(kind)![1], time(kind)![2]) : null);
    const admitted = stepAt('inskrivningsmeddelande')!;
    const saturday = addDays(today, (6 - isoWeekday(today) + 7) % 7 || 7);
    const id = await insertPastThread(m, {
      patientId,
      ownerUnitId: ids['visby-med4'],
      givenName: demo.givenName,
      familyName: demo.familyName,
      status: demo.status,
      triage: demo.triage,
      admittedAt: admitted,
      plannedDischargeDate: demo.plannedSaturday ? saturday : null,
      utskrivningsklarAt: stepAt('utskrivningsklar'),
      dischargedAt: stepAt('utskrivningsmeddelande'),
      hemgangsklarAt: demo.hemgangsklar ? now : null,
      createdByUserId: ids['karin.lindqvist'],
      idempotencyKey: demo.key,
      createdAt: admitted,
      participantUnitIds: [ids['visby-med4'], ...demo.units.map((u) => ids[u])],
    });
    const by: Pick<PastEvent, 'authorUserId' | 'authorUnitId'> = { authorUserId: ids['karin.lindqvist'], authorUnitId: ids['visby-med4'] };
    for (const [kind, day, hour, extra] of demo.steps) {
      await insertPastEvent(m, id, {
        ...by,
        kind,
        sentAt: at(day, hour),
        payload: { [TIME_FIELD[kind]]: at(day, hour).toISOString(), ...extra },
      });
    }
    if (demo.hemgangsklar) {
      // Hemgångsklar rests on every receiving unit's readiness: without these, a home-care
      // provider's card read "Hemgångsklar" beside "Er bekräftelse saknas".
      for (const [unit, user] of READY_BY) {
        await insertPastEvent(m, id, {
          authorUserId: ids[user],
          authorUnitId: ids[unit],
          kind: 'redo',
          sentAt: at(0, 7),
          payload: { redoFran: at(0, 8).toISOString() },
        });
      }
      await insertPastEvent(m, id, {
        ...by,
        kind: 'hemgangsklar',
        sentAt: now,
        body: 'Hemgångsklar (demo): mottagande enheter är redo.',
        payload: { hemgangsklar: true, kanTaEmotFran: null },
      });
    }
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
