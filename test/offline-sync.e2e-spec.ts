import { newThreadBody } from './support/bodies';
import { TestApi, type TestUser } from './support/harness';

/**
 * Offline sync over HTTP (docs/offline.md): observedAt accepted and refused on the routes a phone's
 * outbox uses, a replayed sync answered with the original, the session's offline key, and reads
 * made without coverage reported per item.
 */
describe('offline sync routes', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let carer: TestUser;
  let hemtjanst: string;
  let threadId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard');
    const sof = await api.unit('sof');
    hemtjanst = await api.unit('hemtjanst');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    carer = await api.user(hemtjanst, 'utforare', 'Eva');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof, hemtjanst]))).body.id;
  }, 300_000);
  afterAll(() => api?.close());

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  it('accepts observedAt on a message, answers a replay with the original, and refuses a time in the future in Swedish', async () => {
    const observedAt = minutesAgo(25);
    const body = { kind: 'fritext', body: 'Skrivet i hemmet utan täckning.', idempotencyKey: 'e2e-offline-1', observedAt };
    const first = await api.request(carer, 'POST', `/api/threads/${threadId}/messages`, body);
    expect(first.status).toBe(201);
    expect(first.body.observedAt).toBe(observedAt);
    const replay = await api.request(carer, 'POST', `/api/threads/${threadId}/messages`, body);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);

    const future = await api.request(carer, 'POST', `/api/threads/${threadId}/readiness/withdraw`, {
      idempotencyKey: 'e2e-future',
      observedAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/observedAt: tidpunkten ligger i framtiden/);
    const garbage = await api.request(carer, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'x',
      idempotencyKey: 'e2e-garbage',
      observedAt: 'i morse',
    });
    expect(garbage.status).toBe(400);
    expect(JSON.stringify(garbage.body)).toMatch(/observedAt måste vara en tidpunkt/);
  });

  it('hands out one offline key per session, a new one after logging in again', async () => {
    const first = await api.request(carer, 'GET', '/api/offline/key');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(first.body.key, 'base64')).toHaveLength(32);
    expect(first.body.shiftHours).toBe(12);
    expect((await api.request(carer, 'GET', '/api/offline/key')).body.key).toBe(first.body.key);
    const other = await api.login(carer.key);
    expect((await api.request(other, 'GET', '/api/offline/key')).body.key).not.toBe(first.body.key);
    expect((await api.request(null, 'GET', '/api/offline/key')).status).toBe(401);
  });

  it('records reads made offline per item, refuses a thread out of reach, and rejects a malformed batch', async () => {
    const at = minutesAgo(5);
    const res = await api.request(carer, 'POST', '/api/offline/reads', {
      reads: [
        { readKey: 'e2e-las-1', threadId, observedAt: at },
        { readKey: 'e2e-las-2', threadId: '00000000-0000-4000-8000-000000000000', observedAt: at },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['registrerad', 'nekad']);
    const again = await api.request(carer, 'POST', '/api/offline/reads', { reads: [{ readKey: 'e2e-las-1', threadId, observedAt: at }] });
    expect(again.body.results[0].outcome).toBe('redan_registrerad');
    const rows = await api.dataSource.query(
      `SELECT details->>'observedAt' AS observed FROM audit_log WHERE action = 'thread.offline_read' AND thread_id = $1 AND outcome = 'allowed'`,
      [threadId],
    );
    expect(rows).toEqual([{ observed: at }]);
    expect((await api.request(carer, 'POST', '/api/offline/reads', { reads: [] })).status).toBe(400);
    expect(
      (await api.request(carer, 'POST', '/api/offline/reads', { reads: [{ readKey: 'x', threadId: 'nej', observedAt: at }] })).status,
    ).toBe(400);
  });
});
