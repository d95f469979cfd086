import type { Socket } from 'socket.io-client';
import { CookieJar } from '../apps/idp/src/testing/drive-login';
import { ApiProcess, connectSocket, connected, requireRedis, TEST_REDIS_URL, until } from './support/api-process';
import { newThreadBody, TestApi, TestSession, TestUser } from './support/harness';

interface Received {
  seqs: number[];
  ids: Set<string>;
}

function collect(socket: Socket, threadId: string): Received {
  const received: Received = { seqs: [], ids: new Set() };
  socket.on('message', (m: { threadId: string; seq: number; id: string }) => {
    if (m.threadId !== threadId) return;
    received.seqs.push(m.seq);
    received.ids.add(m.id);
  });
  return received;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('live threads over socket.io', () => {
  let api: TestApi;
  let ward: string;
  let hemtjanst: string;
  let coordinator: TestUser;
  let carer: TestUser;
  let outsider: TestUser;
  /** The outsider's unit. */
  let other: string;
  let coordinatorSession: TestSession;
  let carerSession: TestSession;
  const sockets: Socket[] = [];
  const nodes: ApiProcess[] = [];

  const open = async (url: string, session: TestSession): Promise<Socket> => {
    const socket = connectSocket(url, session, api.baseUrl);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  /**
   * Two api processes beside the in-process node, started once (side by side) for the two tests
   * that need a pair: the one that kills node A is the last to use them.
   */
  let pair: Promise<ApiProcess[]> | undefined;
  const twoNodes = (): Promise<ApiProcess[]> =>
    (pair ??= Promise.all([ApiProcess.start(api), ApiProcess.start(api)]).then((started) => {
      nodes.push(...started);
      return started;
    }));
  const newThread = async (): Promise<string> =>
    (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id;
  const post = (threadId: string, i: number) =>
    api.request(coordinatorSession, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: `m${i}`,
      idempotencyKey: `m${i}`,
    });

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    other = await api.unit('hemtjanst', 'Hemtjänst Söder');
    coordinator = await api.user(ward, 'koordinator');
    carer = await api.user(hemtjanst, 'utforare');
    outsider = await api.user(other, 'utforare');
    coordinatorSession = await api.sessionOf(coordinator);
    carerSession = await api.sessionOf(carer);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    await api.close();
  });

  it('delivers a message posted on node A to a client on node B, in order, once', async () => {
    const [a, b] = await twoNodes();
    const threadId = await newThread();
    const onA = await open(a.url, carerSession);
    const onB = await open(b.url, carerSession);
    const fromB = collect(onB, threadId);
    const fromA = collect(onA, threadId);
    expect(await onA.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });
    expect(await onB.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });
    const poster = await open(a.url, coordinatorSession);
    for (const i of range(1, 20)) {
      const ack = await poster.emitWithAck('message:post', { threadId, kind: 'fritext', body: `m${i}`, idempotencyKey: `a${i}` });
      expect(ack).toMatchObject({ ok: true, data: { seq: i } });
    }
    // A barrier, not a wait: message 21 comes after any late duplicate of 1-20 would have.
    await poster.emitWithAck('message:post', { threadId, kind: 'fritext', body: 'barrier', idempotencyKey: 'a21' });
    await until(() => fromB.seqs.includes(21) && fromA.seqs.includes(21), 10_000, 'the barrier message on both nodes');
    expect(fromB.seqs).toEqual(range(1, 21));
    expect(fromA.seqs).toEqual(range(1, 21));
  });

  it('replays exactly what a client missed while disconnected: 100 messages, in order, no duplicates', async () => {
    const threadId = await newThread();
    let socket = await open(api.baseUrl, carerSession);
    let received = collect(socket, threadId);
    await socket.emitWithAck('thread:join', { threadId, lastSeq: 0 });
    await post(threadId, 0);
    await until(() => received.seqs.length === 1, 5000, 'first message');
    socket.disconnect();
    for (const i of range(1, 100)) await post(threadId, i);
    socket = await open(api.baseUrl, carerSession);
    received = collect(socket, threadId);
    const ack = await socket.emitWithAck('thread:join', { threadId, lastSeq: 1 });
    expect(ack).toMatchObject({ ok: true, data: { replayed: 100 } });
    expect(received.seqs).toEqual(range(2, 101));
    expect(received.ids.size).toBe(100);
  });

  it('loses no acknowledged message when a node is killed while clients post through it', async () => {
    const [a, b] = await twoNodes();
    const threadId = await newThread();
    const watcher = await open(b.url, carerSession);
    const seen = collect(watcher, threadId);
    await watcher.emitWithAck('thread:join', { threadId, lastSeq: 0 });
    const posters = await Promise.all([open(a.url, coordinatorSession), open(a.url, coordinatorSession)]);
    const acked = new Set<string>();
    let sent = 0;
    const loops = posters.map(async (socket, p) => {
      for (let i = 0; i < 400; i++) {
        sent += 1;
        try {
          const ack = await socket
            .timeout(2000)
            .emitWithAck('message:post', { threadId, kind: 'fritext', body: `k${p}-${i}`, idempotencyKey: `k${p}-${i}` });
          if (ack.ok) acked.add(ack.data.id);
        } catch {
          return; // no ack: the node is gone; the client would retry with the same key
        }
      }
    });
    await until(() => acked.size >= 30, 10_000, 'some acknowledged posts');
    await a.kill('SIGKILL');
    await Promise.all(loops);
    expect(acked.size).toBeGreaterThanOrEqual(30);
    expect(acked.size).toBeLessThan(sent);

    const rows: { id: string }[] = await api.dataSource.query('SELECT id FROM message WHERE thread_id = $1', [threadId]);
    const stored = new Set(rows.map((r) => r.id));
    for (const id of acked) expect(stored.has(id)).toBe(true);

    // The survivors' clients reconnect (to node B) and catch up from what they had.
    const last = seen.seqs.length ? Math.max(...seen.seqs) : 0;
    const again = await open(b.url, carerSession);
    const caught = collect(again, threadId);
    await again.emitWithAck('thread:join', { threadId, lastSeq: last });
    const all = new Set([...seen.ids, ...caught.ids]);
    for (const id of acked) expect(all.has(id)).toBe(true);
    const seqs = [...new Set([...seen.seqs, ...caught.seqs])].sort((x, y) => x - y);
    expect(seqs).toEqual(range(1, rows.length));
  });

  it("refuses an outsider's join like a missing thread, and logs it", async () => {
    const threadId = await newThread();
    const socket = await open(api.baseUrl, await api.sessionOf(outsider));
    const received = collect(socket, threadId);
    const denied = await socket.emitWithAck('thread:join', { threadId, lastSeq: 0 });
    const missing = await socket.emitWithAck('thread:join', { threadId: '0b9c3a56-4b1e-4c59-9a59-1f2b3c4d5e6f', lastSeq: 0 });
    expect(denied).toEqual(missing);
    expect(denied).toMatchObject({ ok: false, error: { statusCode: 404 } });
    await post(threadId, 1);
    // A barrier, not a wait: a thread the outsider may follow gets a message after it.
    const own = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([other]))).body.id as string;
    const barrier = collect(socket, own);
    await socket.emitWithAck('thread:join', { threadId: own, lastSeq: 0 });
    await post(own, 1);
    await until(() => barrier.seqs.length === 1, 5000, 'the barrier message');
    expect(received.seqs).toEqual([]);
    const rows = await api.dataSource.query(`SELECT action FROM audit_log WHERE user_id = $1 AND thread_id = $2 AND outcome = 'denied'`, [
      outsider.id,
      threadId,
    ]);
    expect(rows).toEqual([{ action: 'message.list' }]);
  });

  it('refuses a socket from a foreign Origin, and one without a session', async () => {
    const foreign = connectSocket(api.baseUrl, carerSession, api.baseUrl, 'https://evil.example');
    sockets.push(foreign);
    await expect(connected(foreign)).rejects.toThrow();
    const anonymous = connectSocket(api.baseUrl, { jar: new CookieJar(), csrfToken: '' }, api.baseUrl);
    sockets.push(anonymous);
    await expect(connected(anonymous)).rejects.toThrow(/unauthenticated/);
  });

  it('disconnects the socket at logout, and the old cookie cannot reconnect', async () => {
    const session = await api.login(carer.key);
    const socket = await open(api.baseUrl, session);
    const ended = new Promise((resolve) => socket.once('disconnect', resolve));
    const cookieBefore = session.jar.header(api.baseUrl);
    expect((await api.request(session, 'POST', '/auth/logout')).status).toBe(200);
    await ended;
    const replay = connectSocket(api.baseUrl, { jar: session.jar, csrfToken: '' }, api.baseUrl);
    replay.io.opts.extraHeaders = { cookie: cookieBefore, origin: api.baseUrl };
    sockets.push(replay);
    await expect(connected(replay)).rejects.toThrow(/unauthenticated/);
  });

  it('gives bad input an error acknowledgement, never a crash', async () => {
    const threadId = await newThread();
    const socket = await open(api.baseUrl, carerSession);
    expect(await socket.emitWithAck('thread:join', 'nonsense')).toMatchObject({ ok: false, error: { statusCode: 400 } });
    expect(await socket.emitWithAck('thread:join', { threadId, lastSeq: 'x' })).toMatchObject({ ok: false, error: { statusCode: 400 } });
    expect(await socket.emitWithAck('message:post', { threadId, kind: 'okand', idempotencyKey: 'x' })).toMatchObject({
      ok: false,
      error: { statusCode: 400 },
    });
    expect(
      await socket.emitWithAck('message:post', { threadId, kind: 'fritext', body: 'x', idempotencyKey: 'x', admin: true }),
    ).toMatchObject({
      ok: false,
      error: { statusCode: 400 },
    });
    expect(await socket.emitWithAck('hack:everything', { threadId })).toMatchObject({ ok: false, error: { statusCode: 400 } });
    const ok = await socket.emitWithAck('message:post', { threadId, kind: 'fritext', body: 'fungerar', idempotencyKey: 'ok' });
    expect(ok).toMatchObject({ ok: true, data: { seq: 1 } });
  });

  it('closes a socket that sends an oversized payload', async () => {
    const socket = await open(api.baseUrl, carerSession);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.emit('message:post', { threadId: 'x', body: 'x'.repeat(200_000) });
    await closed;
    expect(socket.connected).toBe(false);
  });

  it('rate-limits a flood, then disconnects it', async () => {
    const socket = await open(api.baseUrl, carerSession);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    // A burst above the allowance (40 at once, then 20 a second): the excess gets 429
    // acknowledgements. 55, not 45: on a loaded machine the burst reached the server spread over
    // more than a quarter of a second, the bucket refilled five tokens, and none was refused. At
    // most 15 refusals, below the 20 that close the socket.
    const acks = await Promise.all(
      Array.from({ length: 55 }, () =>
        socket
          .timeout(3000)
          .emitWithAck('thread:leave', { threadId: 'x' })
          .catch(() => null),
      ),
    );
    expect(acks.filter((a) => a?.ok === true).length).toBeGreaterThanOrEqual(40);
    expect(acks.filter((a) => a?.ok === false && a.error.statusCode === 429).length).toBeGreaterThan(0);
    expect(socket.connected).toBe(true);
    // Keeping it up closes the connection.
    for (let i = 0; i < 100; i++) socket.emit('thread:leave', { threadId: 'x' }, () => undefined);
    await closed;
  });

  it('tells participants of new threads and messages (inbox), and readers of their own reads', async () => {
    const socket = await open(api.baseUrl, carerSession);
    const notices: string[] = [];
    socket.on('inbox:thread', (n: { threadId: string }) => notices.push(`thread ${n.threadId}`));
    socket.on('inbox:counts', (n: { threads: { threadId: string; seq: number; count: number }[] }) =>
      notices.push(...n.threads.map((m) => `message ${m.threadId} ${m.seq} (${m.count})`)),
    );
    socket.on('inbox:read', (n: { threadId: string; upToSeq: number }) => notices.push(`read ${n.threadId} ${n.upToSeq}`));
    const threadId = await newThread();
    await post(threadId, 1);
    await api.request(carerSession, 'POST', `/api/threads/${threadId}/read`, { upToSeq: 1 });
    // Only this thread's: counts of an earlier test's threads may still be on their way (coalesced for 250 ms).
    const mine = () => notices.filter((n) => n.includes(threadId));
    await until(() => mine().length >= 3, 5000, 'inbox notices');
    expect(mine()).toEqual([`thread ${threadId}`, `message ${threadId} 1 (1)`, `read ${threadId} 1`]);
    const outsiderSocket = await open(api.baseUrl, await api.sessionOf(outsider));
    const leaked: [string, unknown][] = [];
    outsiderSocket.onAny((event, payload) => leaked.push([event, payload]));
    await post(threadId, 2);
    // A barrier, not a wait: the outsider's own unit gets a thread and a message after that post;
    // its notices come through the same (coalescing) path any leaked notice would have taken first.
    const own = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([other]))).body.id as string;
    await post(own, 1);
    const about = (id: string) => leaked.filter((e) => JSON.stringify(e).includes(id));
    await until(() => about(own).some(([event]) => event === 'inbox:counts'), 5000, "the outsider's own notices");
    expect(about(threadId)).toEqual([]);
  });

  it('sends inbox:counts only to sockets that show the inbox; the others get inbox:unread, every few seconds', async () => {
    const shown = await open(api.baseUrl, carerSession);
    const away = await open(api.baseUrl, carerSession);
    const got = (socket: Socket) => {
      const frames: [string, { threads: { threadId: string; seq: number; count: number }[] }][] = [];
      socket.onAny((event: string, payload) => frames.push([event, payload]));
      return frames;
    };
    const onShown = got(shown);
    const onAway = got(away);
    const watch = (socket: Socket, body: unknown) =>
      socket.timeout(5000).emitWithAck('inbox:watch', body) as Promise<{
        ok: boolean;
        data?: unknown;
        error?: { statusCode: number; message: string };
      }>;
    expect(await watch(away, { on: false })).toEqual({ ok: true, data: { on: false } });
    expect(await watch(shown, { on: true })).toEqual({ ok: true, data: { on: true } });
    const bad = await watch(away, { on: 'ja' });
    expect(bad.error).toMatchObject({ statusCode: 400, message: expect.stringMatching(/sant eller falskt/) });
    const threadId = await newThread();
    await post(threadId, 1);
    const about = (frames: typeof onShown, event: string) =>
      frames
        .filter(([e, p]) => e === event && p.threads.some((t) => t.threadId === threadId))
        .flatMap(([, p]) => p.threads.filter((t) => t.threadId === threadId));
    await until(() => about(onShown, 'inbox:counts').length > 0, 5000, 'inbox:counts on the socket that shows the inbox');
    // A barrier: an acknowledgement on the other socket, asked for after the frame above was sent,
    // comes after anything the same flush sent it.
    await watch(away, { on: false });
    expect(about(onAway, 'inbox:counts')).toEqual([]);
    // What its title and away notice need comes within the slow interval (5 s), the post counted.
    await until(() => about(onAway, 'inbox:unread').length > 0, 10_000, 'inbox:unread on the socket that does not');
    expect(about(onAway, 'inbox:unread')).toEqual([expect.objectContaining({ seq: 1, count: 1 })]);
    expect(about(onShown, 'inbox:unread')).toEqual([]);
    // Back on the inbox: counts again, promptly.
    expect(await watch(away, { on: true })).toEqual({ ok: true, data: { on: true } });
    await post(threadId, 2);
    await until(() => about(onAway, 'inbox:counts').some((t) => t.seq === 2), 5000, 'inbox:counts after showing the inbox again');
  });

  it("sends checklist and readiness changes in full to the open thread, and only tasks:changed {threadId, what} to the units' other sockets", async () => {
    const threadId = await newThread();
    const inThread = await open(api.baseUrl, carerSession);
    const away = await open(api.baseUrl, carerSession);
    expect(await inThread.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });
    const CHANGES = ['checklist:changed', 'readiness:changed', 'tasks:changed'];
    const got = (socket: Socket) => {
      const frames: [string, Record<string, unknown>][] = [];
      socket.onAny((event: string, payload: Record<string, unknown>) => {
        if (CHANGES.includes(event) && payload?.threadId === threadId) frames.push([event, payload]);
      });
      return frames;
    };
    const onOpen = got(inThread);
    const onAway = got(away);
    expect(
      (await api.request(coordinatorSession, 'POST', `/api/threads/${threadId}/checklists`, { templateKey: 'fardtjanst' })).status,
    ).toBe(201);
    const redoFran = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect((await api.request(carerSession, 'POST', `/api/threads/${threadId}/readiness`, { redoFran })).status).toBe(201);
    // A barrier on each socket: both changes were pushed before their requests answered, so an
    // acknowledgement asked for now comes after every frame they caused.
    for (const socket of [inThread, away])
      expect(await socket.timeout(5000).emitWithAck('inbox:watch', { on: true })).toMatchObject({ ok: true });
    expect(onOpen.map(([event]) => event)).toEqual(['checklist:changed', 'readiness:changed']);
    expect(onOpen[0][1]).toMatchObject({ threadId, change: 'applied', checklist: expect.objectContaining({ items: expect.any(Array) }) });
    expect(onOpen[1][1]).toMatchObject({ threadId, unitId: hemtjanst, status: 'redo', redo: true, redoFran });
    expect(onAway).toEqual([
      ['tasks:changed', { threadId, what: 'checklist' }],
      ['tasks:changed', { threadId, what: 'readiness' }],
    ]);
  });
});

describe('nodes sharing events through Redis', () => {
  const redisUrl = TEST_REDIS_URL;

  it('delivers a message posted on node A to node B through Redis', async () => {
    await requireRedis(redisUrl);
    const api = await TestApi.start();
    const nodes: ApiProcess[] = [];
    const sockets: Socket[] = [];
    try {
      const ward = await api.unit('slutenvard');
      const hemtjanst = await api.unit('hemtjanst');
      const coordinator = await api.user(ward, 'koordinator');
      const carer = await api.user(hemtjanst, 'utforare');
      const threadId = (await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id;
      const slow = { startTimeoutMs: 90_000 }; // two starts at once on a loaded machine took over 30 s
      nodes.push(
        ...(await Promise.all([
          ApiProcess.start(api, { REDIS_URL: redisUrl }, slow),
          ApiProcess.start(api, { REDIS_URL: redisUrl }, slow),
        ])),
      );
      const [a, b] = nodes;
      const onB = connectSocket(b.url, await api.sessionOf(carer), api.baseUrl);
      const poster = connectSocket(a.url, await api.sessionOf(coordinator), api.baseUrl);
      sockets.push(onB, poster);
      await Promise.all([connected(onB), connected(poster)]);
      const received = collect(onB, threadId);
      await onB.emitWithAck('thread:join', { threadId, lastSeq: 0 });
      for (const i of range(1, 10))
        await poster.emitWithAck('message:post', { threadId, kind: 'fritext', body: `r${i}`, idempotencyKey: `r${i}` });
      // A barrier, not a wait: message 11 comes after any late duplicate of 1-10 would have.
      await poster.emitWithAck('message:post', { threadId, kind: 'fritext', body: 'barrier', idempotencyKey: 'r11' });
      await until(() => received.seqs.includes(11), 10_000, 'messages through Redis');
      expect(received.seqs).toEqual(range(1, 11));
    } finally {
      sockets.forEach((s) => s.disconnect());
      await Promise.all(nodes.map((n) => n.kill()));
      await api.close();
    }
  });
});
