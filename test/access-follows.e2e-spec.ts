import type { Socket } from 'socket.io-client';
import { AUDIT_ROWS } from '@brygga/audit';
import { CSRF_HEADER } from '@brygga/auth';
import { ApiProcess, connectSocket, connected, until } from './support/api-process';
import { newThreadBody, TestApi, TestSession, TestUser } from './support/harness';

interface Watch {
  seqs: number[];
  revoked: { threadId?: string }[];
  inbox: number[];
  disconnectedAt?: number;
}

/** Everything a socket is told about one thread. */
function watch(socket: Socket, threadId: string): Watch {
  const seen: Watch = { seqs: [], revoked: [], inbox: [] };
  socket.on('message', (m: { threadId: string; seq: number }) => {
    if (m.threadId === threadId) seen.seqs.push(m.seq);
  });
  socket.on('inbox:counts', (n: { threads: { threadId: string; seq: number }[] }) => {
    for (const m of n.threads) if (m.threadId === threadId) seen.inbox.push(m.seq);
  });
  socket.on('access:revoked', (notice: { threadId?: string }) => seen.revoked.push(notice ?? {}));
  socket.on('disconnect', () => (seen.disconnectedAt ??= Date.now()));
  return seen;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Access follows a change at once on every node (issue 10): a socket on node B stops receiving
 * within a second when an admin on node A removes its user's membership; pushed messages are
 * reads in the access log.
 */
describe('access follows membership changes across api nodes', () => {
  let api: TestApi;
  let a: ApiProcess;
  let b: ApiProcess;
  let ward: string;
  let hemtjanst: string;
  let elsewhere: string;
  let coordinator: TestUser;
  let admin: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Norr');
    elsewhere = await api.unit('hemtjanst', 'Hemtjänst Söder');
    coordinator = await api.user(ward, 'koordinator', 'Karin');
    admin = await api.user(hemtjanst, 'admin', 'Adam');
    [a, b] = await Promise.all([ApiProcess.start(api), ApiProcess.start(api)]);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((n) => n.kill()));
    await api.close();
  });

  const open = async (url: string, session: TestSession): Promise<Socket> => {
    const socket = connectSocket(url, session, api.baseUrl);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  /** REST on another node with a session made through the first one (one public address, as behind a load balancer). */
  const requestOn = async (node: ApiProcess, user: TestUser, method: string, path: string, body?: unknown) => {
    const session = await api.sessionOf(user);
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        cookie: session.jar.header(api.baseUrl),
        origin: new URL(api.baseUrl).origin,
        [CSRF_HEADER]: session.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
  };

  const newThread = async (): Promise<string> => {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]));
    expect(res.status).toBe(201);
    return res.body.id;
  };

  const membershipId = async (user: TestUser, unitId: string): Promise<string> => {
    const list = await requestOn(a, admin, 'GET', '/api/admin/memberships');
    expect(list.status).toBe(200);
    const found = list.body.memberships.find((m: { userId: string; unitId: string }) => m.userId === user.id && m.unitId === unitId);
    expect(found).toBeDefined();
    return found.membershipId;
  };

  /** The ward's coordinator, joined to the thread on node B: what reaches the thread's room there reaches it. */
  const witnessOnB = async (threadId: string): Promise<Watch> => {
    const socket = await open(b.url, await api.sessionOf(coordinator));
    const seen = watch(socket, threadId);
    expect(await socket.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });
    return seen;
  };

  const post = async (poster: Socket, threadId: string, key: string): Promise<number> => {
    const ack = await poster.emitWithAck('message:post', { threadId, kind: 'fritext', body: key, idempotencyKey: key });
    expect(ack).toMatchObject({ ok: true });
    return ack.data.seq;
  };

  it('a socket on node B whose only membership is removed on node A is cut off within a second and receives nothing more', async () => {
    const carer = await api.user(hemtjanst, 'utforare', 'Eva');
    const threadId = await newThread();
    const onB = await open(b.url, await api.sessionOf(carer));
    const seen = watch(onB, threadId);
    expect(await onB.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });
    const poster = await open(a.url, await api.sessionOf(coordinator));
    const witness = await witnessOnB(threadId);
    const first = await post(poster, threadId, 'fore');
    await until(() => seen.seqs.includes(first), 5000, 'the first message on node B');

    const id = await membershipId(carer, hemtjanst);
    const removedAt = Date.now();
    expect((await requestOn(a, admin, 'DELETE', `/api/admin/memberships/${id}`)).status).toBe(204);
    await until(
      () => seen.revoked.length > 0 || seen.disconnectedAt !== undefined,
      Math.max(0, 1000 - (Date.now() - removedAt)),
      "'access:revoked' or a disconnect on node B",
    );
    expect(Date.now() - removedAt).toBeLessThanOrEqual(1000);

    const after = await post(poster, threadId, 'efter');
    // A barrier, not a wait: the coordinator's socket on node B gets 'efter' from the same room
    // emit, so had Eva's socket still been in the room it would have had it by then.
    await until(() => witness.seqs.includes(after), 5000, "'efter' on the witness socket on node B");
    expect(seen.seqs).toEqual([first]);
    expect(seen.inbox).not.toContain(after);
    await until(() => seen.disconnectedAt !== undefined, 5000, "node B closing Eva's socket");
  });

  it('a user who still works elsewhere keeps the socket but leaves the thread and its inbox on node B', async () => {
    const carer = await api.user(hemtjanst, 'utforare', 'Ebba');
    // A second membership in a unit (another organisation) that does not take part in the thread.
    await api.dataSource.query(`INSERT INTO membership (user_id, unit_id, role) VALUES ($1, $2, 'utforare')`, [carer.id, elsewhere]);
    const threadId = await newThread();
    const onB = await open(b.url, await api.sessionOf(carer));
    const seen = watch(onB, threadId);
    expect(await onB.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });
    const poster = await open(a.url, await api.sessionOf(coordinator));
    const witness = await witnessOnB(threadId);
    const first = await post(poster, threadId, 'fore');
    await until(() => seen.seqs.includes(first) && seen.inbox.includes(first), 5000, 'the first message and inbox notice on node B');

    const id = await membershipId(carer, hemtjanst);
    const removedAt = Date.now();
    expect((await requestOn(a, admin, 'DELETE', `/api/admin/memberships/${id}`)).status).toBe(204);
    await until(
      () => seen.revoked.some((r) => r.threadId === threadId),
      Math.max(0, 1000 - (Date.now() - removedAt)),
      "'access:revoked' for the thread on node B",
    );
    expect(onB.connected).toBe(true);

    const after = await post(poster, threadId, 'efter');
    // Barriers, not a wait: the witness gets 'efter' from the same room emit; and a message in a
    // thread of Ebba's other unit reaches her inbox after 'efter' would have (one batcher per socket).
    await until(() => witness.seqs.includes(after), 5000, "'efter' on the witness socket on node B");
    const other = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([elsewhere]));
    expect(other.status).toBe(201);
    const stillSeen = watch(onB, other.body.id);
    await post(poster, other.body.id, 'barriar');
    await until(() => stillSeen.inbox.length > 0, 5000, "the inbox notice of Ebba's other unit's thread on node B");
    expect(seen.seqs).toEqual([first]);
    expect(seen.inbox).toEqual([first]);
    // Joining again is refused like a missing thread.
    const rejoin = await onB.emitWithAck('thread:join', { threadId, lastSeq: 0 });
    expect(rejoin).toMatchObject({ ok: false, error: { statusCode: 404 } });
    expect(seen.seqs).not.toContain(after);
  });

  it('messages pushed live after a join are logged as reads (message.push), replayed ones are not', async () => {
    const carer = await api.user(hemtjanst, 'utforare', 'Elsa');
    const threadId = await newThread();
    const poster = await open(a.url, await api.sessionOf(coordinator));
    const replayed = await post(poster, threadId, 'fore-join');
    const onB = await open(b.url, await api.sessionOf(carer));
    const seen = watch(onB, threadId);
    expect(await onB.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true, data: { replayed: 1 } });
    expect(seen.seqs).toEqual([replayed]);

    const pushRows = async () =>
      (await api.dataSource.query(
        // One row per flush of a node's push log covers every reader and thread; each is a line of AUDIT_ROWS.
        `SELECT unit_id, patient_id, details, covering FROM ${AUDIT_ROWS} a WHERE action = 'message.push' AND user_id = $1 AND thread_id = $2 ORDER BY seq`,
        [carer.id, threadId],
      )) as { unit_id: string; patient_id: string; details: { fromSeq: number; toSeq: number; count: number }; covering: boolean }[];

    const live = await post(poster, threadId, 'live');
    await until(() => seen.seqs.includes(live), 5000, 'the live message on node B');
    const started = Date.now();
    let rows = await pushRows();
    while (!rows.length && Date.now() - started < 3000) {
      await sleep(100);
      rows = await pushRows();
    }
    expect(rows).toHaveLength(1);
    const [{ patient_id }]: { patient_id: string }[] = await api.dataSource.query('SELECT patient_id FROM thread WHERE id = $1', [
      threadId,
    ]);
    expect(rows[0]).toMatchObject({ unit_id: hemtjanst, patient_id, details: { fromSeq: live, toSeq: live, count: 1 }, covering: true });
    // The replay on join is logged as the read it is (message.list), not as a push.
    const lists: { c: number }[] = await api.dataSource.query(
      `SELECT count(*)::int AS c FROM audit_log WHERE action = 'message.list' AND user_id = $1 AND thread_id = $2 AND outcome = 'allowed'`,
      [carer.id, threadId],
    );
    expect(lists[0].c).toBeGreaterThanOrEqual(1);
    // The poster, who did not join, is not logged as having been pushed anything.
    const posterRows: { c: number }[] = await api.dataSource.query(
      `SELECT count(*)::int AS c FROM ${AUDIT_ROWS} a WHERE action = 'message.push' AND user_id = $1 AND thread_id = $2`,
      [coordinator.id, threadId],
    );
    expect(posterRows[0].c).toBe(0);
  });
});
