import { randomUUID } from 'node:crypto';
import { DomainError, type Actor } from '@brygga/common';
import { ChecklistsModule, ChecklistsService, TemplatesService } from '@brygga/checklists';
import { MessagesService, ThreadsModule } from '@brygga/threads';
import { ServiceWorld } from '../support/service-world';

const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/**
 * Deriving hemgångsklar (libs/checklists hemgangsklar.ts, re-derived in the transaction of each
 * change): ChecklistsService and MessagesService with their real collaborators, no HTTP or login.
 * Moved from test/checklists.e2e-spec.ts, which keeps the routes, guards and access log.
 */
describe('deriving hemgångsklar', () => {
  let world: ServiceWorld;
  let checklists: ChecklistsService;
  let messages: MessagesService;
  let coordinator: Actor;
  let nurse: Actor;
  let carer: Actor;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;
  let shortKey: string;

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule, ChecklistsModule]);
    checklists = world.get(ChecklistsService);
    messages = world.get(MessagesService);
    const ward = await world.unit('slutenvard', 'Medicinavdelning 4');
    sof = await world.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await world.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await world.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await world.actor(ward, 'koordinator', 'Karin');
    nurse = await world.actor(hemsjukvard, 'sjukskoterska', 'Nora');
    carer = await world.actor(hemtjanst, 'utforare', 'Eva');
    // A two-item template (one required, one optional, both hemsjukvård's), the ward organisation's own.
    const admin = await world.actor(ward, 'admin', 'Adam');
    shortKey = (
      await world.get(TemplatesService).create(admin, {
        key: 'service_kort',
        name: 'Kort lista',
        items: [
          { key: 'a', label: 'Obligatorisk', responsible: 'hemsjukvard', required: true, valueType: 'boolean' },
          { key: 'b', label: 'Valfri', responsible: 'hemsjukvard', required: false, valueType: 'text' },
        ],
      } as Parameters<TemplatesService['create']>[1])
    ).key;
  });
  afterAll(() => world.close());

  const newThread = (participants: string[]) => world.thread(coordinator, participants);
  const apply = (threadId: string, templateKey: string) => checklists.apply(coordinator, threadId, { templateKey });
  const overview = (threadId: string) => checklists.overview(coordinator, threadId);
  /** Changes item `key` of the short list as `actor`, at its current version. */
  const set = async (actor: Actor, threadId: string, key: string, change: { state: 'klar' | 'pagar' | 'ej_aktuell'; value?: boolean }) => {
    const item = (await overview(threadId)).checklists.flatMap((c) => c.items).find((i) => i.key === key)!;
    return checklists.changeItem(actor, threadId, item.id, { ...change, expectedVersion: item.version });
  };
  const post = (actor: Actor, threadId: string, kind: 'redo' | 'redo_aterkallad', payload: Record<string, unknown>) =>
    messages.post(actor, threadId, { kind, payload, idempotencyKey: randomUUID() });

  it('needs a checklist; then every required item done (ej aktuell counts, optional items do not)', async () => {
    const threadId = await newThread([hemsjukvard]);
    await checklists.confirmReady(nurse, threadId, { redoFran: inDays(1) });
    let view = await overview(threadId);
    expect(view.hemgangsklar).toBe(false);
    expect(view.missing.map((m) => m.reason)).toEqual(['no_checklist']);
    await apply(threadId, shortKey);
    expect((await overview(threadId)).missing.map((m) => m.reason)).toEqual(['item_not_done']);
    await set(nurse, threadId, 'a', { state: 'pagar' });
    expect((await overview(threadId)).hemgangsklar).toBe(false);
    expect((await set(nurse, threadId, 'a', { state: 'ej_aktuell' })).hemgangsklar).toBe(true);
    view = await overview(threadId);
    expect(view).toMatchObject({ hemgangsklar: true, missing: [] });
    expect(view.checklists[0].items[1]).toMatchObject({ key: 'b', required: false, state: 'ej_paborjad' });
  });

  it('is never hemgångsklar without a receiving unit', async () => {
    const threadId = await newThread([sof]);
    await apply(threadId, shortKey);
    await set(coordinator, threadId, 'a', { state: 'klar', value: true });
    const view = await overview(threadId);
    expect(view.hemgangsklar).toBe(false);
    expect(view.missing).toEqual([
      expect.objectContaining({
        reason: 'no_receiving_unit',
        message: 'Ingen mottagande enhet (hemtjänst eller hemsjukvård) deltar i ärendet.',
      }),
    ]);
    expect(view.readiness).toEqual([]);
  });

  it('waits for every receiving unit, and counts only the latest word of each', async () => {
    const threadId = await newThread([hemsjukvard, hemtjanst]);
    await apply(threadId, shortKey);
    await set(nurse, threadId, 'a', { state: 'klar', value: true });
    // Through the plain message post too: a redo re-derives in the same transaction.
    await post(nurse, threadId, 'redo', { redoFran: inDays(1) });
    expect((await overview(threadId)).hemgangsklar).toBe(false);
    await post(carer, threadId, 'redo', { redoFran: inDays(1) });
    expect((await overview(threadId)).hemgangsklar).toBe(true);
    await post(nurse, threadId, 'redo_aterkallad', { orsak: 'Sjuksköterskan sjuk' });
    expect((await overview(threadId)).hemgangsklar).toBe(false);
    // A second withdrawal has nothing to withdraw.
    const again = await post(nurse, threadId, 'redo_aterkallad', {}).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ code: 'conflict', message: expect.stringMatching(/inget att återkalla/) });
    await post(nurse, threadId, 'redo', { redoFran: inDays(2) });
    expect(await overview(threadId)).toMatchObject({ hemgangsklar: true, kanTaEmotFran: inDays(2) });
    const kinds = (await messages.list(coordinator, threadId, 0)).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'hemgangsklar')).toHaveLength(3);
  });

  it('re-derives when a checklist is added to a thread that was hemgångsklar', async () => {
    const threadId = await newThread([hemsjukvard]);
    await apply(threadId, shortKey);
    await set(nurse, threadId, 'a', { state: 'klar', value: false });
    await checklists.confirmReady(nurse, threadId, { redoFran: inDays(1) });
    expect((await overview(threadId)).hemgangsklar).toBe(true);
    await apply(threadId, 'fardtjanst');
    expect((await overview(threadId)).hemgangsklar).toBe(false);
  });
});
