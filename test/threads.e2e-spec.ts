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

  // The posting rules (sequence, idempotency, who may post which kind, corrections) are tested on the
  // service in test/service/threads/messages.spec.ts; here what HTTP adds to them.
  it('answers a retried post 200 with Idempotent-Replayed and the original, and a reused key 409', async () => {
    const threadId = await newThread();
    const body = { kind: 'fritext', body: 'Patienten behöver rollator.', idempotencyKey: 'retry-1' };
    const first = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, body);
    const retry = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, body);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const reused = await api.request(officer, 'POST', `/api/threads/${threadId}/messages`, { ...body, body: 'Annan text' });
    expect(reused.status).toBe(409);
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
