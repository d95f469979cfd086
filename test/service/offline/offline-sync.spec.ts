import type { Actor } from '@brygga/common';
import { ChecklistsModule, ChecklistsService } from '@brygga/checklists';
import { OfflineModule, OfflineService } from '@brygga/offline';
import { MessagesService, ThreadLifeService, ThreadsModule } from '@brygga/threads';
import { refusalOf, ServiceWorld } from '../support/service-world';

/**
 * Offline sync rules (docs/offline.md): the time of an act (observedAt) beside the time it arrived,
 * its bounds (not ahead of the server, not older than a shift), a sync sent twice writing nothing
 * twice, and reads made without coverage reported into the access log with their observed time.
 */
describe('offline sync', () => {
  let world: ServiceWorld;
  let messages: MessagesService;
  let checklists: ChecklistsService;
  let offline: OfflineService;
  let coordinator: Actor;
  let carer: Actor;
  let ward: string;
  let hemtjanst: string;
  let sof: string;

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule, ChecklistsModule, OfflineModule], { OFFLINE_SHIFT_HOURS: '8' });
    messages = world.get(MessagesService);
    checklists = world.get(ChecklistsService);
    offline = world.get(OfflineService);
    ward = await world.unit('slutenvard', 'Medicinavdelning 4');
    sof = await world.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await world.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await world.actor(ward, 'koordinator', 'Karin');
    carer = await world.actor(hemtjanst, 'utforare', 'Eva');
  });
  afterAll(() => world.close());

  const newThread = () => world.thread(coordinator, [sof, hemtjanst]);
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const refusal = async (call: Promise<unknown>) => {
    const { code, fields } = await refusalOf(call);
    return { code, fields };
  };
  const count = async (sql: string, params: unknown[]): Promise<number> => (await world.dataSource.query(sql, params))[0].count;

  it('stores the time of the act beside the time received, and a replayed sync returns the original once', async () => {
    const threadId = await newThread();
    const observedAt = minutesAgo(42);
    const dto = { kind: 'fritext' as const, body: 'Skrivet utan täckning.', idempotencyKey: 'offline-1', observedAt };
    const first = await messages.post(carer, threadId, dto);
    expect(first.created).toBe(true);
    expect(first.message.observedAt).toBe(observedAt);
    expect(new Date(first.message.createdAt).getTime()).toBeGreaterThan(new Date(observedAt).getTime());
    const again = await messages.post(carer, threadId, dto);
    expect(again).toMatchObject({ created: false, message: { id: first.message.id, observedAt } });
    expect(await count('SELECT count(*)::int AS count FROM message WHERE thread_id = $1 AND kind = $2', [threadId, 'fritext'])).toBe(1);
    const [listed] = (await messages.list(coordinator, threadId, 0)).filter((m) => m.kind === 'fritext');
    expect(listed.observedAt).toBe(observedAt);
    // The access-log row of the write names the time of the act too.
    const [row] = await world.dataSource.query(
      `SELECT details FROM audit_log WHERE thread_id = $1 AND action = 'message.create' AND details->>'kind' = 'fritext'`,
      [threadId],
    );
    expect(row.details.observedAt).toBe(observedAt);
    // Written online: no observed time.
    const online = await messages.post(carer, threadId, { kind: 'fritext', body: 'Med täckning.', idempotencyKey: 'online-1' });
    expect(online.message.observedAt).toBeNull();
  });

  it('refuses a time ahead of the server beyond the clock skew, or older than the shift, in Swedish, writing nothing', async () => {
    const threadId = await newThread();
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
    expect(
      await refusal(messages.post(carer, threadId, { kind: 'fritext', body: 'x', idempotencyKey: 'ahead', observedAt: ahead })),
    ).toEqual({
      code: 'validation',
      fields: [{ field: 'observedAt', message: 'tidpunkten ligger i framtiden – kontrollera telefonens klocka' }],
    });
    const old = minutesAgo(8 * 60 + 5);
    expect(await refusal(messages.post(carer, threadId, { kind: 'fritext', body: 'x', idempotencyKey: 'old', observedAt: old }))).toEqual({
      code: 'validation',
      fields: [{ field: 'observedAt', message: 'tidpunkten är äldre än ett arbetspass (8 timmar) och kan inte längre skickas' }],
    });
    // A phone a minute fast is still "now".
    const skewed = new Date(Date.now() + 60_000).toISOString();
    expect((await messages.post(carer, threadId, { kind: 'fritext', body: 'x', idempotencyKey: 'skew', observedAt: skewed })).created).toBe(
      true,
    );
    expect(await count('SELECT count(*)::int AS count FROM message WHERE thread_id = $1 AND kind = $2', [threadId, 'fritext'])).toBe(1);
  });

  it('carries the observed time on readiness and its withdrawal', async () => {
    const threadId = await newThread();
    const readyAt = minutesAgo(30);
    const ready = await checklists.confirmReady(carer, threadId, { redoFran: readyAt, idempotencyKey: 'redo-off', observedAt: readyAt });
    expect(ready.message).toMatchObject({ kind: 'redo', observedAt: readyAt });
    const withdrawnAt = minutesAgo(10);
    const withdrawn = await checklists.withdrawReadiness(carer, threadId, {
      orsak: 'Patienten vill vänta',
      idempotencyKey: 'aterkalla-off',
      observedAt: withdrawnAt,
    });
    expect(withdrawn.message).toMatchObject({ kind: 'redo_aterkallad', observedAt: withdrawnAt });
    const replay = await checklists.withdrawReadiness(carer, threadId, {
      orsak: 'Patienten vill vänta',
      idempotencyKey: 'aterkalla-off',
      observedAt: withdrawnAt,
    });
    expect(replay).toMatchObject({ created: false, message: { id: withdrawn.message.id } });
  });

  it('makes a checklist change sent twice with its key count once, with the observed time in history and timeline', async () => {
    const threadId = await newThread();
    const list = await checklists.apply(coordinator, threadId, { templateKey: 'hjalpmedel' });
    const item = list.items.find((i) => i.key === 'nyckel_behov')!;
    const observedAt = minutesAgo(20);
    const dto = { state: 'klar' as const, value: 'Behövs', expectedVersion: item.version, idempotencyKey: 'item-off-1', observedAt };
    const first = await checklists.changeItem(carer, threadId, item.id, dto);
    const again = await checklists.changeItem(carer, threadId, item.id, dto);
    expect(again.item.version).toBe(first.item.version);
    expect(
      await world.dataSource.query('SELECT idempotency_key, observed_at FROM checklist_item_change WHERE item_id = $1', [item.id]),
    ).toEqual([{ idempotency_key: 'item-off-1', observed_at: new Date(observedAt) }]);
    const timeline = (await messages.list(carer, threadId, 0)).filter((m) => m.kind === 'checklista_andrad');
    expect(timeline.map((m) => m.observedAt)).toEqual([observedAt]);
    // Without a key, the same stale version is still a conflict (changed meanwhile).
    expect((await refusal(checklists.changeItem(carer, threadId, item.id, { ...dto, idempotencyKey: undefined }))).code).toBe('conflict');
  });

  it('judges a value made offline at the time of the act, and answers its replay even after that time has passed', async () => {
    const threadId = await newThread();
    const list = await checklists.apply(coordinator, threadId, { templateKey: 'fardtjanst' });
    const pickUp = list.items.find((i) => i.key === 'upphamtning')!;
    // Typed an hour ago without coverage: a pick-up half an hour ahead then, half an hour ago now.
    const value = minutesAgo(30);
    const dto = {
      state: 'klar' as const,
      value,
      expectedVersion: pickUp.version,
      idempotencyKey: 'upphamtning-off',
      observedAt: minutesAgo(60),
    };
    const first = await checklists.changeItem(coordinator, threadId, pickUp.id, dto);
    expect(first.item).toMatchObject({ state: 'klar', value: new Date(value).toISOString() });
    // The same outbox sent again: the original answer, not "tidpunkten har redan passerat".
    const again = await checklists.changeItem(coordinator, threadId, pickUp.id, dto);
    expect(again.item.version).toBe(first.item.version);
    expect(await count('SELECT count(*)::int AS count FROM checklist_item_change WHERE item_id = $1', [pickUp.id])).toBe(1);
    // Typed now (online), a time already passed is still refused.
    expect(
      await refusal(
        checklists.changeItem(coordinator, threadId, pickUp.id, {
          state: 'klar',
          value: minutesAgo(20),
          expectedVersion: first.item.version,
        }),
      ),
    ).toEqual({ code: 'validation', fields: [{ field: 'value', message: 'tidpunkten har redan passerat' }] });
  });

  it('records reads made offline once, with their observed time, and refuses a thread the user lost access to', async () => {
    const kept = await newThread();
    const lost = await newThread();
    await world.get(ThreadLifeService).removeParticipant(coordinator, lost, hemtjanst);
    const at = minutesAgo(15);
    const reads = [
      { readKey: 'las-1', threadId: kept, observedAt: at },
      { readKey: 'las-2', threadId: lost, observedAt: at },
      { readKey: 'las-3', threadId: kept, observedAt: new Date(Date.now() + 3_600_000).toISOString() },
    ];
    expect(await offline.recordReads(carer, reads)).toEqual([
      { readKey: 'las-1', threadId: kept, outcome: 'registrerad' },
      {
        readKey: 'las-2',
        threadId: lost,
        outcome: 'nekad',
        message: 'Du har inte längre tillgång till ärendet. Den sparade kopian på telefonen tas bort.',
      },
      { readKey: 'las-3', threadId: kept, outcome: 'ogiltig', message: 'tidpunkten ligger i framtiden – kontrollera telefonens klocka' },
    ]);
    // The same sync sent again: recorded once.
    expect((await offline.recordReads(carer, reads.slice(0, 1)))[0].outcome).toBe('redan_registrerad');
    const rows = await world.dataSource.query(
      `SELECT thread_id, outcome, details FROM audit_log WHERE action = 'thread.offline_read' AND user_id = $1 ORDER BY seq`,
      [carer.userId],
    );
    expect(rows).toEqual([
      { thread_id: kept, outcome: 'allowed', details: { observedAt: at, offline: true } },
      { thread_id: lost, outcome: 'denied', details: { reason: 'not_visible' } },
    ]);
  });
});
