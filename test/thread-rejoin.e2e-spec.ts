import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { ThreadJoiner } from '../apps/web/src/thread/thread-join';
import { connected, until } from './support/api-process';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * The web client's thread stream (apps/web/src/thread/thread-join.ts, used by use-thread-stream.ts)
 * over a real socket.io connection that drops while a join waits for its answer: the join's answer
 * never comes, and the view must join again on the next connection, or it stays deaf while the
 * connection looks fine. Wired as the view wires it: join on every connect.
 */
describe('a thread view whose connection drops mid-join', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let carer: TestUser;
  let threadId: string;
  let socket: Socket | undefined;

  beforeAll(async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard');
    const hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await api.user(ward, 'koordinator');
    carer = await api.user(hemtjanst, 'utforare');
    threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id;
  }, 120_000);
  afterAll(async () => {
    socket?.disconnect();
    await api?.close();
  });

  it('joins again after the reconnect, and live messages arrive', async () => {
    const session = await api.sessionOf(carer);
    socket = io(api.baseUrl, {
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      extraHeaders: { cookie: session.jar.header(api.baseUrl), origin: new URL(api.baseUrl).origin },
    });
    const s = socket;
    const seqs: number[] = [];
    s.on('message', (m: { threadId: string; seq: number }) => {
      if (m.threadId === threadId) seqs.push(m.seq);
    });
    const refused: string[] = [];
    const joiner = new ThreadJoiner({
      threadId,
      lastSeq: () => Math.max(0, ...seqs),
      onRefused: (m) => refused.push(m),
      ackTimeoutMs: 5_000,
    });
    await connected(s);
    let reconnects = 0;
    s.on('connect', () => {
      reconnects += 1;
      joiner.join(s);
    });
    s.on('disconnect', () => joiner.disconnected());
    // Mid-join: the join is sent and the connection dropped in the same tick, before any answer.
    joiner.join(s);
    s.io.engine.close();
    await until(() => reconnects === 1 && s.connected, 20_000, 'the reconnect');

    const post = (body: string) =>
      api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body, idempotencyKey: randomUUID() });
    const first = await post('Efter återanslutningen');
    expect(first.status).toBe(201);
    await until(() => seqs.includes(first.body.seq), 15_000, 'the first message after the reconnect');
    const second = await post('Och nästa');
    await until(() => seqs.includes(second.body.seq), 15_000, 'the next live message');
    expect(refused).toEqual([]);
  });
});
