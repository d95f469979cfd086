import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { OFFSET_DATE_TIME_MESSAGE } from '@brygga/common';
import { connectSocket, connected } from './support/api-process';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * The one date-time rule (issue 30, docs/api.md "Dates and times"): a date-time without an offset
 * ("2026-12-07T10:00") names no moment, so REST routes and socket events alike refuse it with a
 * Swedish 400 naming the field, and write nothing. The same input with an offset is taken, so each
 * refusal is the rule's and not something else's.
 */
describe('date-times without an offset', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let nurse: TestUser;
  let reviewer: TestUser;
  let threadId: string;
  const sockets: Socket[] = [];

  const NAIVE = '2026-12-07T10:00';
  const refusedFor = (field: string) => ({ field, message: OFFSET_DATE_TIME_MESSAGE });
  const soon = () => new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00');
  const count = async (sql: string, params: unknown[] = []) => (await api.dataSource.query(sql, params))[0].n as number;
  const written = async () => ({
    threads: await count('SELECT count(*)::int AS n FROM thread'),
    messages: await count('SELECT count(*)::int AS n FROM message'),
  });

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard');
    const hemsjukvard = await api.unit('hemsjukvard');
    coordinator = await api.user(ward, 'koordinator');
    nurse = await api.user(hemsjukvard, 'sjukskoterska');
    reviewer = await api.user(ward, 'logggranskare');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemsjukvard]))).body.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await api.close();
  });

  it.each([
    [
      'POST /api/threads admittedAt',
      () => api.request(coordinator, 'POST', '/api/threads', { ...newThreadBody([]), admittedAt: NAIVE }),
      'admittedAt',
    ],
    [
      'a message observedAt',
      () =>
        api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
          kind: 'fritext',
          body: 'Skrivet utan täckning',
          idempotencyKey: randomUUID(),
          observedAt: NAIVE,
        }),
      'observedAt',
    ],
    [
      "a structured message's payload (utskrivningsklarAt)",
      () =>
        api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
          kind: 'utskrivningsklar',
          payload: { utskrivningsklarAt: NAIVE },
          idempotencyKey: randomUUID(),
        }),
      'payload.utskrivningsklarAt',
    ],
    [
      'readiness redoFran',
      () => api.request(nurse, 'POST', `/api/threads/${threadId}/readiness`, { redoFran: NAIVE, idempotencyKey: randomUUID() }),
      'redoFran',
    ],
    ['the discharge check ?at', () => api.request(coordinator, 'GET', `/api/threads/${threadId}/discharge-check?at=${NAIVE}`), 'at'],
    ['the log review search from', () => api.request(reviewer, 'POST', '/api/audit/search', { from: NAIVE }), 'from'],
    [
      'an offline read observedAt',
      () => api.request(nurse, 'POST', '/api/offline/reads', { reads: [{ readKey: randomUUID(), threadId, observedAt: NAIVE }] }),
      'reads.0.observedAt',
    ],
  ])('refuses %s with a Swedish 400 naming the field, writing nothing', async (_what, send, field) => {
    const before = await written();
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([refusedFor(field)]);
    expect(res.body.message).toContain(`${field} måste vara en tidpunkt med tidszon`);
    expect(await written()).toEqual(before);
  });

  it('takes the same inputs with an offset', async () => {
    const at = soon();
    const created = await api.request(coordinator, 'POST', '/api/threads', { ...newThreadBody([]), admittedAt: at });
    expect(created.status).toBe(201);
    const posted = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Skrivet utan täckning',
      idempotencyKey: randomUUID(),
      observedAt: at,
    });
    expect(posted.status).toBe(201);
    expect((await api.request(coordinator, 'GET', `/api/threads/${threadId}/discharge-check?at=${encodeURIComponent(at)}`)).status).toBe(
      200,
    );
    expect((await api.request(reviewer, 'POST', '/api/audit/search', { from: '2026-01-01T00:00:00Z' })).status).toBe(200);
  });

  it('refuses it on the socket too (message:post), writing nothing', async () => {
    const socket = connectSocket(api.baseUrl, await api.sessionOf(coordinator), api.baseUrl);
    sockets.push(socket);
    await connected(socket);
    const before = await written();
    const refused = await socket.emitWithAck('message:post', {
      threadId,
      kind: 'fritext',
      body: 'Via socket',
      idempotencyKey: randomUUID(),
      observedAt: NAIVE,
    });
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 400, fields: [refusedFor('observedAt')] } });
    const payload = await socket.emitWithAck('message:post', {
      threadId,
      kind: 'sip_kallelse',
      payload: { motesTid: NAIVE, plats: 'Konferensrum 2' },
      idempotencyKey: randomUUID(),
    });
    expect(payload).toMatchObject({ ok: false, error: { statusCode: 400, fields: [refusedFor('payload.motesTid')] } });
    expect(await written()).toEqual(before);
    const taken = await socket.emitWithAck('message:post', {
      threadId,
      kind: 'fritext',
      body: 'Via socket',
      idempotencyKey: randomUUID(),
      observedAt: soon(),
    });
    expect(taken).toMatchObject({ ok: true });
  });
});
