import { newThreadBody, TestApi, TestUser } from './support/harness';

describe('access control', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let outsider: TestUser;
  let threadId: string;
  let messageId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard');
    sof = await api.unit('sof');
    const otherWard = await api.unit('slutenvard', 'Kirurgavdelning 3');
    coordinator = await api.user(ward, 'koordinator');
    officer = await api.user(sof, 'handlaggare');
    outsider = await api.user(otherWard, 'koordinator');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]))).body.id;
    messageId = (
      await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body: 'Hej', idempotencyKey: 'm' })
    ).body.id;
  });
  afterAll(() => api.close());

  const missing = '0b9c3a56-4b1e-4c59-9a59-1f2b3c4d5e6f';

  it('answers a non-participant exactly like a thread that does not exist, and logs the denial', async () => {
    const paths: [string, string, unknown?][] = [
      ['GET', `/api/threads/%s`],
      ['GET', `/api/threads/%s/messages`],
      ['POST', `/api/threads/%s/messages`, { kind: 'fritext', body: 'smyg', idempotencyKey: 'x' }],
      ['POST', `/api/threads/%s/read`, { upToSeq: 1 }],
      ['GET', `/api/threads/%s/messages/${messageId}/receipts`],
    ];
    for (const [method, path, body] of paths) {
      const denied = await api.request(outsider, method, path.replace('%s', threadId), body);
      const absent = await api.request(outsider, method, path.replace('%s', missing), body);
      expect(denied.status).toBe(404);
      // Alike but for the correlation id, which every answer has of its own.
      expect(denied.body).toEqual({ ...absent.body, correlationId: expect.any(String) });
    }
    const rows = await api.dataSource.query(
      `SELECT action, outcome, user_id, thread_id, patient_id FROM audit_log WHERE user_id = $1 AND thread_id = $2 ORDER BY seq`,
      [outsider.id, threadId],
    );
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'thread.read',
      'message.list',
      'message.create',
      'receipt.create',
      'receipt.list',
    ]);
    // The thread's patient is in the log (the patient's extract shows the attempts), never in the answer.
    const [{ patient_id: patientId }] = await api.dataSource.query('SELECT patient_id FROM thread WHERE id = $1', [threadId]);
    for (const row of rows) expect(row).toMatchObject({ outcome: 'denied', patient_id: patientId });
    const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM message WHERE body = 'smyg'`);
    expect(count).toBe(0);
  });

  it('does not list threads of other units', async () => {
    const list = await api.request(outsider, 'GET', '/api/threads');
    expect(list.status).toBe(200);
    expect(list.body.threads).toEqual([]);
    const visible = await api.request(officer, 'GET', '/api/threads');
    expect(visible.body.threads.map((t: { id: string }) => t.id)).toEqual([threadId]);
  });

  it('answers 404 for ids that are not ids', async () => {
    const res = await api.request(officer, 'GET', '/api/threads/not-a-uuid');
    expect(res.status).toBe(404);
  });

  it('needs a logged-in user: 401 without one', async () => {
    expect((await api.request(null, 'GET', '/api/threads')).status).toBe(401);
    expect(
      (await api.request(null, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body: 'x', idempotencyKey: 'anon' })).status,
    ).toBe(401);
    expect((await api.request(null, 'GET', '/api/health')).status).toBe(200);
  });

  it('lets only wards open threads', async () => {
    const res = await api.request(officer, 'POST', '/api/threads', newThreadBody([ward]));
    expect(res.status).toBe(403);
  });

  it('lets only log reviewers and admins read the access log, and logs the refusal', async () => {
    expect((await api.request(coordinator, 'GET', '/api/audit')).status).toBe(403);
    expect((await api.request(coordinator, 'GET', '/api/audit/verify')).status).toBe(403);
    const rows = await api.dataSource.query(`SELECT action, outcome FROM audit_log WHERE user_id = $1 AND action = 'route.denied'`, [
      coordinator.id,
    ]);
    expect(rows).toHaveLength(2);
  });

  it('shows a protected identity only to the owning ward, and never in lists', async () => {
    const created = await api.request(
      coordinator,
      'POST',
      '/api/threads',
      newThreadBody([sof], { personnummer: '19070401-9801', givenName: 'Skyddad', familyName: 'Person', protectedIdentity: true }),
    );
    expect(created.status).toBe(201);
    const own = await api.request(coordinator, 'GET', `/api/threads/${created.body.id}`);
    expect(own.body.patient).toMatchObject({ name: 'Skyddad Person', identityNumber: '19070401-9801' });
    const other = await api.request(officer, 'GET', `/api/threads/${created.body.id}`);
    expect(other.body.patient).toMatchObject({ name: null, identityNumber: '19070401-****', protectedIdentity: true });
    const list = await api.request(coordinator, 'GET', '/api/threads');
    const listed = list.body.threads.find((t: { id: string }) => t.id === created.body.id);
    expect(listed.patient).toMatchObject({ name: null, identityNumber: '19070401-****' });
    expect(JSON.stringify(list.body)).not.toContain('Skyddad');
  });
});
