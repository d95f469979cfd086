import { newThreadBody, TestApi, TestUser } from './support/harness';

describe('threads and messages', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let carer: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
  });
  afterAll(() => api.close());

  async function newThread(): Promise<string> {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst]));
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('opens a thread with the owner ward and the named participants, patient stored as 12 digits', async () => {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], { personnummer: '000612+9803' }));
    expect(res.status).toBe(201);
    expect(res.body.patient).toMatchObject({ name: 'Tekla Testsson', identityType: 'personnummer', identityNumber: '19000612-9803' });
    expect(res.body.participants.map((p: { unitId: string }) => p.unitId).sort()).toEqual([ward, sof].sort());
    expect(res.body.status).toBe('inskriven');
    const rows = await api.dataSource.query('SELECT identity_number FROM patient');
    expect(rows).toEqual([{ identity_number: '190006129803' }]);
  });

  it('gives 50 concurrent posts the sequence numbers 1..50, no gap, no duplicate', async () => {
    const threadId = await newThread();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.request(i % 2 ? officer : carer, 'POST', `/api/threads/${threadId}/messages`, {
          kind: 'fritext',
          body: `meddelande ${i}`,
          idempotencyKey: `k-${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const seqs = results.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const list = await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages`);
    expect(list.body.messages.map((m: { seq: number }) => m.seq)).toEqual(seqs);
    const thread = await api.request(coordinator, 'GET', `/api/threads/${threadId}`);
    expect(thread.body.lastSeq).toBe(50);
  });

  it('returns the original message for a retried post, and stores it once', async () => {
    const threadId = await newThread();
    const body = { kind: 'fritext', body: 'Patienten behöver rollator.', idempotencyKey: 'retry-1' };
    const first = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, body);
    const retries = await Promise.all([1, 2, 3].map(() => api.request(officer, 'POST', `/api/threads/${threadId}/messages`, body)));
    expect(first.status).toBe(201);
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
    }
    const [{ count }] = await api.dataSource.query('SELECT count(*)::int AS count FROM message WHERE thread_id = $1', [threadId]);
    expect(count).toBe(1);
    const reused = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, { ...body, body: 'Annan text' });
    expect(reused.status).toBe(409);
  });

  it('retries of a concurrent first post still give one message', async () => {
    const threadId = await newThread();
    const body = { kind: 'fritext', body: 'samtidigt', idempotencyKey: 'race' };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => api.request(carer, 'POST', `/api/threads/${threadId}/messages`, body)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('updates the thread dates and status from structured messages, and a correction wins', async () => {
    const threadId = await newThread();
    const post = (user: TestUser, body: object) => api.request(user, 'POST', `/api/threads/${threadId}/messages`, body);
    expect(
      (
        await post(coordinator, {
          kind: 'inskrivningsmeddelande',
          idempotencyKey: 'a',
          payload: {
            inskrivenAt: '2026-11-20T08:30:00+01:00',
            forvantatUtskrivningsdatum: '2026-11-27',
            bedomtBehov: 'Hemtjänst morgon och kväll',
          },
        })
      ).status,
    ).toBe(201);
    const planned = await post(coordinator, {
      kind: 'planerad_utskrivning',
      idempotencyKey: 'b',
      payload: { planeradUtskrivning: '2026-11-26' },
    });
    expect(planned.status).toBe(201);
    const klar = await post(coordinator, {
      kind: 'utskrivningsklar',
      idempotencyKey: 'c',
      payload: { utskrivningsklarAt: '2026-11-25T09:00:00+01:00' },
    });
    expect(klar.status).toBe(201);
    let thread = (await api.request(coordinator, 'GET', `/api/threads/${threadId}`)).body;
    expect(thread.status).toBe('utskrivningsklar');
    expect(thread.dates).toMatchObject({
      admittedAt: '2026-11-20T07:30:00.000Z',
      plannedDischargeDate: '2026-11-26',
      utskrivningsklarAt: '2026-11-25T08:00:00.000Z',
    });

    const correction = await post(coordinator, {
      kind: 'utskrivningsklar',
      idempotencyKey: 'd',
      correctsMessageId: klar.body.id,
      payload: { utskrivningsklarAt: '2026-11-25T13:00:00+01:00' },
      body: 'Rättelse: klar efter rond.',
    });
    expect(correction.status).toBe(201);
    expect(correction.body.correctsMessageId).toBe(klar.body.id);
    thread = (await api.request(coordinator, 'GET', `/api/threads/${threadId}`)).body;
    expect(thread.dates.utskrivningsklarAt).toBe('2026-11-25T12:00:00.000Z');

    const beslut = await post(officer, {
      kind: 'hemgangsbeslut',
      idempotencyKey: 'e',
      payload: { beviljadeTimmar: 12, per: 'vecka', giltigtFran: '2026-11-25', insatser: ['morgonhjälp', 'inköp'] },
    });
    expect(beslut.status).toBe(201);
    const redo = await post(carer, { kind: 'redo', idempotencyKey: 'f', payload: { redoFran: '2026-11-25T14:00:00+01:00' } });
    expect(redo.status).toBe(201);
    const ut = await post(coordinator, {
      kind: 'utskrivningsmeddelande',
      idempotencyKey: 'g',
      payload: { utskrivenAt: '2026-11-25T15:00:00+01:00' },
    });
    expect(ut.status).toBe(201);
    thread = (await api.request(coordinator, 'GET', `/api/threads/${threadId}`)).body;
    expect(thread.status).toBe('utskriven');
    expect(thread.dates.dischargedAt).toBe('2026-11-25T14:00:00.000Z');
  });

  it('lets only the right organisation post each structured kind', async () => {
    const threadId = await newThread();
    const klar = { kind: 'utskrivningsklar', idempotencyKey: 'x1', payload: { utskrivningsklarAt: '2026-11-25T09:00:00+01:00' } };
    expect((await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, klar)).status).toBe(403);
    const beslut = {
      kind: 'hemgangsbeslut',
      idempotencyKey: 'x2',
      payload: { beviljadeTimmar: 5, per: 'vecka', giltigtFran: '2026-11-25' },
    };
    expect((await api.request(carer, 'POST', `/api/threads/${threadId}/messages`, beslut)).status).toBe(403);
    const redo = { kind: 'redo', idempotencyKey: 'x3', payload: { redoFran: '2026-11-25T09:00:00+01:00' } };
    expect((await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, redo)).status).toBe(403);
    const [{ count }] = await api.dataSource.query('SELECT count(*)::int AS count FROM message WHERE thread_id = $1', [threadId]);
    expect(count).toBe(0);
  });

  it('refuses a correction from another unit or of another kind', async () => {
    const threadId = await newThread();
    const original = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'fel',
      idempotencyKey: 'o',
    });
    const foreign = await api.request(carer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'rätt',
      idempotencyKey: 'p',
      correctsMessageId: original.body.id,
    });
    expect(foreign.status).toBe(403);
    const otherKind = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'sip_kallelse',
      idempotencyKey: 'q',
      correctsMessageId: original.body.id,
      payload: { motesTid: '2026-11-28T10:00:00+01:00', plats: 'Visby lasarett' },
    });
    expect(otherKind.status).toBe(400);
  });

  it('keeps messages immutable in the database itself', async () => {
    const threadId = await newThread();
    await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body: 'original', idempotencyKey: 'i' });
    await expect(api.dataSource.query(`UPDATE message SET body = 'ändrad' WHERE thread_id = $1`, [threadId])).rejects.toThrow(
      /permission denied/,
    );
    await expect(api.dataSource.query('DELETE FROM message WHERE thread_id = $1', [threadId])).rejects.toThrow(/permission denied/);
  });

  it('lists visible threads with unread counts, newest first', async () => {
    const threadId = await newThread();
    await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body: 'Hej', idempotencyKey: 'u1' });
    await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body: 'Igen', idempotencyKey: 'u2' });
    const list = await api.request(carer, 'GET', '/api/threads');
    expect(list.status).toBe(200);
    expect(list.body.threads[0]).toMatchObject({ id: threadId, unreadCount: 2 });
    await api.request(carer, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 1 });
    const after = await api.request(carer, 'GET', '/api/threads');
    expect(after.body.threads[0].unreadCount).toBe(1);
    const own = await api.request(coordinator, 'GET', '/api/threads');
    expect(own.body.threads.find((t: { id: string }) => t.id === threadId).unreadCount).toBe(0);
  });

  it('lists only "mina" with mina=true: opened by me, written in by me, or naming me as ansvarig handläggare', async () => {
    const second = await api.user(sof, 'handlaggare', 'Sara');
    const [opened, written, named, untouched] = [await newThread(), await newThread(), await newThread(), await newThread()];
    await api.request(officer, 'POST', `/api/threads/${written}/messages`, {
      kind: 'fritext',
      body: 'Vi tar det',
      idempotencyKey: 'mina-1',
    });
    const named1 = await api.request(second, 'PUT', `/api/threads/${named}/facts/ansvarig_handlaggare`, {
      value: { namn: ` ${officer.name.toUpperCase()} `, telefon: '0498-26 90 00' },
      expectedVersion: 0,
    });
    expect(named1.status).toBe(200);
    const ids = async (user: TestUser, query: string) =>
      (await api.request(user, 'GET', `/api/threads${query}`)).body.threads.map((t: { id: string }) => t.id) as string[];

    const mine = await ids(officer, '?mina=true');
    expect(mine).toEqual(expect.arrayContaining([written, named]));
    expect(mine).not.toContain(opened);
    expect(mine).not.toContain(untouched);
    expect(await ids(coordinator, '?mina=true')).toEqual(expect.arrayContaining([opened, written, named, untouched]));
    // Combined with the other filters; mina=false is every thread.
    expect(await ids(officer, '?mina=true&status=makulerad')).toEqual([]);
    expect(await ids(officer, '?mina=false')).toEqual(expect.arrayContaining([opened, written, named, untouched]));
    // The handläggare named later is no longer "mina" for the one named before.
    await api.request(second, 'PUT', `/api/threads/${named}/facts/ansvarig_handlaggare`, {
      value: { namn: second.name, telefon: '0498-26 90 00' },
      expectedVersion: 1,
    });
    expect(await ids(officer, '?mina=true')).not.toContain(named);
    expect(await ids(second, '?mina=true')).toEqual(expect.arrayContaining([named]));
    expect((await api.request(officer, 'GET', '/api/threads?mina=ja')).status).toBe(400);
  });

  it('returns messages after a sequence number', async () => {
    const threadId = await newThread();
    for (const i of [1, 2, 3]) {
      await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body: `m${i}`, idempotencyKey: `a${i}` });
    }
    const res = await api.request(carer, 'GET', `/api/threads/${threadId}/messages?after=1`);
    expect(res.body.messages.map((m: { body: string }) => m.body)).toEqual(['m2', 'm3']);
  });
});
