import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type Actor, type AppConfig } from '@brygga/common';
import { ChecklistsService } from '@brygga/checklists';
import { addDays, localDate, startOfDay } from '@brygga/deadlines';
import { DEMO_SEED, DirectoryService } from '@brygga/directory';
import { MessagesService, Thread, ThreadFactsService } from '@brygga/threads';
import { PlanService } from './plan.service';
import { PlanVersion } from './plan.entity';

/** The demo patient with a published plan: Tekla Testsson, back on Medicinavdelning 4 since yesterday. */
const DEMO_THREAD = 'demo:aterinskriven';

/**
 * With BRYGGA_SEED_DEMO, one demo thread gets a plan that is filled in and published, through
 * the same services staff use (each step by the demo user whose organisation owns it): the ward's
 * phone, the handläggare, the journey home, hjälpmedel and medicines, the hemgångsbeslut, a SIP
 * meeting, hemtjänst ready; hemsjukvården has not confirmed yet. PlanModule imports
 * BevakningModule, so the demo threads are loaded first (deeper modules bootstrap first).
 */
@Injectable()
export class DemoPlan implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
    private readonly facts: ThreadFactsService,
    private readonly messages: MessagesService,
    private readonly checklists: ChecklistsService,
    private readonly plans: PlanService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const thread = await this.dataSource.getRepository(Thread).findOneBy({ idempotencyKey: DEMO_THREAD });
    if (!thread || (await this.dataSource.getRepository(PlanVersion).existsBy({ threadId: thread.id }))) return;
    try {
      await this.fill(thread.id);
      this.logger.log('Published the demo plan (Min hemgång) for Tekla Testsson.');
    } catch (error) {
      // Another node may be seeding at the same moment; the demo is not worth a failed start.
      this.logger.warn(`The demo plan was not published: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async fill(threadId: string): Promise<void> {
    const [ward, officer, carer] = await Promise.all(['karin.lindqvist', 'maria.nilsson', 'eva.svensson'].map((key) => this.actor(key)));
    const home = addDays(localDate(new Date()), 3);
    const at = (date: string, hour: number, minute = 0) =>
      new Date(startOfDay(date).getTime() + (hour * 60 + minute) * 60_000).toISOString();
    const key = (step: string) => `demo-plan:${step}`;

    await this.messages.post(ward, threadId, {
      kind: 'planerad_utskrivning',
      payload: { planeradUtskrivning: home },
      idempotencyKey: key('datum'),
    });
    await this.facts.set(ward, threadId, 'avdelningens_telefon', { telefon: '0498-26 80 00' }, 0);
    await this.facts.set(officer, threadId, 'ansvarig_handlaggare', { namn: 'Maria Nilsson', telefon: '0498-26 90 00' }, 0);
    const items = new Map<string, { id: string; version: number }>();
    for (const templateKey of ['fardtjanst', 'hjalpmedel', 'lakemedelslista']) {
      const checklist = await this.checklists.apply(ward, threadId, { templateKey });
      for (const i of checklist.items) items.set(`${templateKey}.${i.key}`, { id: i.id, version: i.version });
    }
    const set = async (actor: Actor, ref: string, value: string | boolean) => {
      const item = items.get(ref)!;
      await this.checklists.changeItem(actor, threadId, item.id, { value, expectedVersion: item.version });
    };
    await set(ward, 'fardtjanst.transportsatt', 'Färdtjänst');
    await set(ward, 'fardtjanst.bokad', true);
    await set(ward, 'fardtjanst.upphamtning', at(home, 10));
    await set(ward, 'fardtjanst.fran', 'Medicinavdelning 4, huvudentrén');
    await set(ward, 'fardtjanst.till', 'Hemmet');
    await set(carer, 'fardtjanst.mottagande', 'Hemtjänsten');
    await set(ward, 'hjalpmedel.rollator_behov', 'Behövs');
    await set(ward, 'hjalpmedel.rollator_forskriven_av', 'Anna Ek, arbetsterapeut avd 4');
    await set(officer, 'hjalpmedel.trygghetslarm_behov', 'Behövs');
    await set(carer, 'hjalpmedel.nyckel_behov', 'Finns redan i hemmet');
    await set(ward, 'lakemedelslista.lista_upprattad', true);
    await set(ward, 'lakemedelslista.hantering', 'Dosett');
    await set(ward, 'lakemedelslista.doser_forsta_dagarna', 'Skickas med hem från avdelningen');
    await this.messages.post(officer, threadId, {
      kind: 'hemgangsbeslut',
      payload: { beviljadeTimmar: 10, per: 'vecka', giltigtFran: home, insatser: ['Hjälp med dusch', 'Inköp', 'Tillsyn på kvällen'] },
      idempotencyKey: key('beslut'),
    });
    await this.messages.post(ward, threadId, {
      kind: 'sip_kallelse',
      payload: { motesTid: at(addDays(home, 7), 13), plats: 'Hemma hos Tekla' },
      idempotencyKey: key('sip'),
    });
    await this.checklists.confirmReady(carer, threadId, { redoFran: at(home, 9), idempotencyKey: key('redo') });
    await this.plans.publish(ward, threadId, {});
  }

  private async actor(key: string): Promise<Actor> {
    const seed = DEMO_SEED.users.find((u) => u.key === key)!;
    const user = await this.directory.findUserByIdentity({ hsaId: seed.hsaId, personnummer: seed.personnummer });
    const actor = user && (await this.directory.loadActor(user.id, null, 'demo'));
    if (!actor) throw new Error(`demo user ${key} is missing`);
    return actor;
  }
}
