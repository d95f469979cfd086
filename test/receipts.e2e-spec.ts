import { newThreadBody, TestApi, TestUser } from './support/harness';

describe('read receipts', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let carerA: TestUser;
  let carerB: TestUser;
  let nurse: TestUser;
  let threadId: string;
  let messageIds: string[];

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    const hemsjukvard = await api.unit('hemsjukvard', 'Hemsjukvården Visby');
    coordinator = await api.user(ward, 'koordinator');
    carerA = await api.user(hemtjanst, 'utforare', 'Anna');
    carerB = await api.user(hemtjanst, 'utforare', 'Bo');
    nurse = await api.user(hemsjukvard, 'sjukskoterska', 'Sara');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst, hemsjukvard]))).body.id;
    messageIds = [];
    for (const i of [1, 2, 3]) {
      const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
        kind: 'fritext',
        body: `m${i}`,
        idempotencyKey: `m${i}`,
      });
      messageIds.push(res.body.id);
    }
  });
  afterAll(() => api.close());

  it('records one receipt per message and reader, without duplicates', async () => {
    const first = await api.request(carerA, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 2 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ upToSeq: 2, recorded: 2 });
    const again = await api.request(carerA, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 3 });
    expect(again.body).toEqual({ upToSeq: 3, recorded: 1 });
    const beyond = await api.request(carerA, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 99 });
    expect(beyond.body).toEqual({ upToSeq: 3, recorded: 0 });
    const [{ count }] = await api.dataSource.query('SELECT count(*)::int AS count FROM read_receipt WHERE user_id = $1', [carerA.id]);
    expect(count).toBe(3);
  });

  it('lists receipts per person and per unit for any participant', async () => {
    await api.request(carerB, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 1 });
    await api.request(nurse, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 1 });
    const res = await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages/${messageIds[0]}/receipts`);
    expect(res.status).toBe(200);
    expect(res.body.readers.map((r: { name: string }) => r.name).sort()).toEqual([carerA.name, carerB.name, nurse.name].sort());
    const units = Object.fromEntries(res.body.units.map((u: { unitName: string; readers: number }) => [u.unitName, u.readers]));
    expect(units).toEqual({ 'Hemtjänst Norr': 2, 'Hemsjukvården Visby': 1 });
    const third = await api.request(nurse, 'GET', `/api/threads/${threadId}/messages/${messageIds[2]}/receipts`);
    expect(third.body.readers.map((r: { userId: string }) => r.userId)).toEqual([carerA.id]);
  });

  it("gives all of my messages' receipts in one request, with one access-log row", async () => {
    const before = await api.dataSource.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'receipt.list' AND user_id = $1", [
      coordinator.id,
    ]);
    const res = await api.request(coordinator, 'GET', `/api/threads/${threadId}/receipts`);
    expect(res.status).toBe(200);
    const byMessage = Object.fromEntries(
      res.body.receipts.map((r: { messageId: string; readers: { name: string }[] }) => [r.messageId, r.readers.map((x) => x.name).sort()]),
    );
    expect(byMessage).toEqual({
      [messageIds[0]]: [carerA.name, carerB.name, nurse.name].sort(),
      [messageIds[1]]: [carerA.name],
      [messageIds[2]]: [carerA.name],
    });
    const after = await api.dataSource.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'receipt.list' AND user_id = $1", [
      coordinator.id,
    ]);
    expect(after[0].n - before[0].n).toBe(1);
    // Someone else's messages are not theirs to list: the carer wrote none, so nothing.
    expect((await api.request(carerA, 'GET', `/api/threads/${threadId}/receipts`)).body).toEqual({ receipts: [] });
  });

  it('answers 404 for a message that is not in the thread', async () => {
    const res = await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages/0b9c3a56-4b1e-4c59-9a59-1f2b3c4d5e6f/receipts`);
    expect(res.status).toBe(404);
  });
});
