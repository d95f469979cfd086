import type { Actor } from '@brygga/common';
import { MessagesService, ThreadsModule, ThreadsService, type PostMessageDto } from '@brygga/threads';
import { refusalOf, ServiceWorld } from '../support/service-world';

/** Posting rules of MessagesService: sequence, idempotency, who may post what, corrections. */
describe('MessagesService.post', () => {
  let world: ServiceWorld;
  let messages: MessagesService;
  let threads: ThreadsService;
  let coordinator: Actor;
  let officer: Actor;
  let carer: Actor;
  let sof: string;
  let hemtjanst: string;

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule]);
    messages = world.get(MessagesService);
    threads = world.get(ThreadsService);
    const ward = await world.unit('slutenvard', 'Medicinavdelning 4');
    sof = await world.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await world.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await world.actor(ward, 'koordinator', 'Karin');
    officer = await world.actor(sof, 'handlaggare', 'Maria');
    carer = await world.actor(hemtjanst, 'utforare', 'Eva');
  });
  afterAll(() => world.close());

  const newThread = () => world.thread(coordinator, [sof, hemtjanst]);
  const post = (actor: Actor, threadId: string, dto: PostMessageDto) => messages.post(actor, threadId, dto);
  const count = async (threadId: string): Promise<number> =>
    (await world.dataSource.query('SELECT count(*)::int AS count FROM message WHERE thread_id = $1', [threadId]))[0].count;
  /** The code of the DomainError a call is refused with (the HTTP filter's status). */
  const refusal = async (call: Promise<unknown>) => (await refusalOf(call)).code;

  it('gives 50 concurrent posts the sequence numbers 1..50, no gap, no duplicate', async () => {
    const threadId = await newThread();
    const posted = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(i % 2 ? officer : carer, threadId, { kind: 'fritext', body: `m ${i}`, idempotencyKey: `k-${i}` }),
      ),
    );
    expect(posted.map((p) => p.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await messages.list(coordinator, threadId, 0)).map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await threads.get(coordinator, threadId)).lastSeq).toBe(50);
  });

  it('returns the original message for a retried post, stores it once, and refuses the key for other content', async () => {
    const threadId = await newThread();
    const dto = { kind: 'fritext' as const, body: 'Patienten behöver rollator.', idempotencyKey: 'retry-1' };
    const first = await post(officer, threadId, dto);
    const retries = await Promise.all([1, 2, 3].map(() => post(officer, threadId, { ...dto })));
    expect(first.created).toBe(true);
    for (const retry of retries) expect(retry).toEqual({ message: first.message, created: false });
    expect(await count(threadId)).toBe(1);
    expect(await refusal(post(officer, threadId, { ...dto, body: 'Annan text' }))).toBe('conflict');
    // Only the first post was published; replays are not news.
    expect(world.events.filter((e) => e.type === 'message.created' && e.threadId === threadId)).toHaveLength(1);
  });

  it('gives concurrent first posts with one key one message', async () => {
    const threadId = await newThread();
    const dto = { kind: 'fritext' as const, body: 'samtidigt', idempotencyKey: 'race' };
    const results = await Promise.all(Array.from({ length: 8 }, () => post(carer, threadId, { ...dto })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(await count(threadId)).toBe(1);
  });

  it('updates the thread dates and status from structured messages, and a correction wins', async () => {
    const threadId = await newThread();
    await post(coordinator, threadId, {
      kind: 'inskrivningsmeddelande',
      idempotencyKey: 'a',
      payload: {
        inskrivenAt: '2026-11-20T08:30:00+01:00',
        forvantatUtskrivningsdatum: '2026-11-27',
        bedomtBehov: 'Hemtjänst morgon och kväll',
      },
    });
    await post(coordinator, threadId, {
      kind: 'planerad_utskrivning',
      idempotencyKey: 'b',
      payload: { planeradUtskrivning: '2026-11-26' },
    });
    const klar = await post(coordinator, threadId, {
      kind: 'utskrivningsklar',
      idempotencyKey: 'c',
      payload: { utskrivningsklarAt: '2026-11-25T09:00:00+01:00' },
    });
    let thread = await threads.get(coordinator, threadId);
    expect(thread.status).toBe('utskrivningsklar');
    expect(thread.dates).toMatchObject({
      admittedAt: '2026-11-20T07:30:00.000Z',
      plannedDischargeDate: '2026-11-26',
      utskrivningsklarAt: '2026-11-25T08:00:00.000Z',
    });

    const correction = await post(coordinator, threadId, {
      kind: 'utskrivningsklar',
      idempotencyKey: 'd',
      correctsMessageId: klar.message.id,
      payload: { utskrivningsklarAt: '2026-11-25T13:00:00+01:00' },
      body: 'Rättelse: klar efter rond.',
    });
    expect(correction.message.correctsMessageId).toBe(klar.message.id);
    expect((await threads.get(coordinator, threadId)).dates.utskrivningsklarAt).toBe('2026-11-25T12:00:00.000Z');

    await post(officer, threadId, {
      kind: 'hemgangsbeslut',
      idempotencyKey: 'e',
      payload: { beviljadeTimmar: 12, per: 'vecka', giltigtFran: '2026-11-25', insatser: ['morgonhjälp', 'inköp'] },
    });
    await post(carer, threadId, { kind: 'redo', idempotencyKey: 'f', payload: { redoFran: '2026-11-25T14:00:00+01:00' } });
    await post(coordinator, threadId, {
      kind: 'utskrivningsmeddelande',
      idempotencyKey: 'g',
      payload: { utskrivenAt: '2026-11-25T15:00:00+01:00' },
    });
    thread = await threads.get(coordinator, threadId);
    expect(thread.status).toBe('utskriven');
    expect(thread.dates.dischargedAt).toBe('2026-11-25T14:00:00.000Z');
  });

  it('lets only the right organisation post each structured kind, and stores nothing it refuses', async () => {
    const threadId = await newThread();
    const klar = { kind: 'utskrivningsklar' as const, idempotencyKey: 'x1', payload: { utskrivningsklarAt: '2026-11-25T09:00:00+01:00' } };
    expect(await refusal(post(officer, threadId, klar))).toBe('forbidden');
    const beslut = {
      kind: 'hemgangsbeslut' as const,
      idempotencyKey: 'x2',
      payload: { beviljadeTimmar: 5, per: 'vecka', giltigtFran: '2026-11-25' },
    };
    expect(await refusal(post(carer, threadId, beslut))).toBe('forbidden');
    const redo = { kind: 'redo' as const, idempotencyKey: 'x3', payload: { redoFran: '2026-11-25T09:00:00+01:00' } };
    expect(await refusal(post(coordinator, threadId, redo))).toBe('forbidden');
    expect(await count(threadId)).toBe(0);
  });

  it('refuses a correction from another unit or of another kind', async () => {
    const threadId = await newThread();
    const original = await post(officer, threadId, { kind: 'fritext', body: 'fel', idempotencyKey: 'o' });
    const foreign = post(carer, threadId, { kind: 'fritext', body: 'rätt', idempotencyKey: 'p', correctsMessageId: original.message.id });
    expect(await refusal(foreign)).toBe('forbidden');
    const otherKind = post(officer, threadId, {
      kind: 'sip_kallelse',
      idempotencyKey: 'q',
      correctsMessageId: original.message.id,
      payload: { motesTid: '2026-11-28T10:00:00+01:00', plats: 'Visby lasarett' },
    });
    expect(await refusal(otherKind)).toBe('validation');
    expect(await count(threadId)).toBe(1);
  });
});
