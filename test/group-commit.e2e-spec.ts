import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { MessagesService } from '@brygga/threads';
import { AUDIT_ROWS, AuditService } from '@brygga/audit';
import { connectSocket, connected, until } from './support/api-process';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * Issue 32: posts that arrive while this node's post transactions are busy go together in one
 * transaction (group commit). Each keeps its own answer, number, access-log row (with its request's
 * correlation id), event and refusal; a batch that fails sends each post alone. The lanes are
 * held here by two posts waiting for thread rows locked from outside, so the batch forms for sure.
 */
describe('posts under load go together and answer as alone', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let officer: TestUser;
  let ward: string;
  let sof: string;
  let locker: Client;

  beforeAll(async () => {
    // The two lane-holding posts wait for a lock held by the test, and hold their lanes meanwhile:
    // longer than the default lock timeout (3 s) and stall time (100 ms) on a loaded machine.
    api = await TestApi.start({ DB_LOCK_TIMEOUT_MS: '30000', POST_LANE_STALL_MS: '60000' });
    ward = await api.unit('slutenvard');
    sof = await api.unit('sof');
    coordinator = await api.user(ward, 'koordinator');
    officer = await api.user(sof, 'handlaggare');
    locker = new Client({ connectionString: api.databaseUrl });
    await locker.connect();
  }, 60_000);

  afterAll(async () => {
    await locker?.end();
    await api?.close();
  });

  const newThread = async (): Promise<string> => {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const post = (threadId: string, body: string, idempotencyKey: string, extra: Record<string, unknown> = {}, user = coordinator) =>
    api.request(user, 'POST', `/api/threads/${threadId}/messages`, { kind: 'fritext', body, idempotencyKey, ...extra });
  const waitingForLock = async (count: number) => {
    const started = Date.now();
    for (;;) {
      const { rows } = await locker.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if (rows[0].n >= count) return;
      if (Date.now() - started > 20_000) throw new Error('the lane-holding posts never waited for their rows');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  /** Holds both lanes of the node (two posts waiting for locked rows), runs `queue`, releases once `queued` posts wait. */
  async function withLanesHeld<T>(
    queued: number,
    queue: () => Promise<T>,
  ): Promise<{ result: T; holders: Awaited<ReturnType<typeof post>>[] }> {
    const held = [await newThread(), await newThread()];
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM thread WHERE id = ANY($1::uuid[]) FOR UPDATE', [held]);
    const holding = Promise.all(held.map((id, i) => post(id, `håller ${i}`, randomUUID())));
    await waitingForLock(2);
    const messages = api.app.get(MessagesService);
    const running = queue();
    await until(() => messages.postsWaiting >= queued, 20_000, `${queued} posts waiting`);
    await locker.query('COMMIT');
    const [result, holders] = await Promise.all([running, holding]);
    return { result, holders };
  }

  it('commits posts to different threads in one transaction, each with its answer, row, event and refusal', async () => {
    const threads = await Promise.all(Array.from({ length: 10 }, () => newThread()));
    const hidden = (
      await api.request(await api.user(await api.unit('slutenvard'), 'koordinator'), 'POST', '/api/threads', newThreadBody([sof]))
    ).body.id as string;
    const invalidTarget = await newThread();
    // An officer of the SOF unit follows every thread live.
    const socket: Socket = connectSocket(api.baseUrl, await api.sessionOf(officer), api.baseUrl);
    const events = new Map<string, number[]>();
    socket.on('message', (m: { threadId: string; seq: number }) => events.set(m.threadId, [...(events.get(m.threadId) ?? []), m.seq]));
    try {
      await connected(socket);
      for (const threadId of threads) expect(await socket.emitWithAck('thread:join', { threadId, lastSeq: 0 })).toMatchObject({ ok: true });
      const before = new Map<string, number>(
        (await api.dataSource.query('SELECT id, last_seq FROM thread WHERE id = ANY($1::uuid[])', [threads])).map(
          (r: { id: string; last_seq: number }) => [r.id, Number(r.last_seq)],
        ),
      );

      // The retry and the reused key come once the others wait: the queue keeps arrival order, so they go second.
      const messages = api.app.get(MessagesService);
      const { result, holders } = await withLanesHeld(14, async () => {
        const first = [
          ...threads.map((id, i) => post(id, `meddelande ${i}`, `k${i}`)),
          post(hidden, 'hej', 'h'), // a thread the poster may not see: answered as missing
          post(invalidTarget, '', 'tom'), // fritext without text: 400
        ];
        await until(() => messages.postsWaiting >= first.length, 20_000, 'the first posts waiting');
        const second = [
          post(threads[0], 'meddelande 0', 'k0'), // the same post again (a retry): one message
          post(threads[1], 'något annat', 'k1'), // the same key for another text: refused
        ];
        return Promise.all([...first, ...second]);
      });
      expect(holders.map((r) => r.status)).toEqual([201, 201]);
      const [news, hiddenAnswer, invalidAnswer, retry, reused] = [result.slice(0, 10), result[10], result[11], result[12], result[13]];
      expect(news.map((r) => r.status)).toEqual(Array(10).fill(201));
      // The retry: the original's message, not a second one. The reused key: refused.
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(news[0].body.id);
      expect(reused.status).toBe(409);
      expect(hiddenAnswer.status).toBe(404);
      expect(invalidAnswer.status).toBe(400);

      // Each new message is its thread's next number, and the ten were committed by one transaction.
      for (const [i, res] of news.entries()) expect(res.body.seq).toBe(before.get(threads[i])! + 1);
      const xmins = await api.dataSource.query('SELECT DISTINCT xmin::text FROM message WHERE id = ANY($1::uuid[])', [
        news.map((r) => r.body.id),
      ]);
      expect(xmins).toHaveLength(1);
      // No duplicate, nothing for the refused: each thread holds exactly its numbers.
      const after: { id: string; last_seq: number; n: number }[] = await api.dataSource.query(
        'SELECT t.id, t.last_seq, (SELECT count(*) FROM message m WHERE m.thread_id = t.id)::int AS n FROM thread t WHERE t.id = ANY($1::uuid[])',
        [threads],
      );
      for (const t of after) expect([Number(t.last_seq), t.n]).toEqual([before.get(t.id)! + 1, before.get(t.id)! + 1]);
      const [untouched] = await api.dataSource.query("SELECT count(*)::int AS n FROM message WHERE thread_id = $1 AND kind = 'fritext'", [
        invalidTarget,
      ]);
      expect(untouched.n).toBe(0);

      // Each post's line of the log (the lines the extract and the search read: the batch's posts
      // share one covering row) names its thread, author and its own request's correlation id.
      const rows: {
        seq: string;
        thread_id: string;
        user_id: string;
        outcome: string;
        covering: boolean;
        details: Record<string, unknown>;
      }[] = await api.dataSource.query(
        `SELECT a.seq, a.thread_id, a.user_id, a.outcome, a.covering, a.details FROM ${AUDIT_ROWS} a
            WHERE a.action = 'message.create' AND a.thread_id = ANY($1::uuid[]) ORDER BY a.seq, a.entry`,
        [[...threads, hidden]],
      );
      expect(
        rows
          .filter((r) => r.covering)
          .map((r) => r.thread_id)
          .sort(),
      ).toEqual([...threads].sort()); // the batch: one covering row
      expect(new Set(rows.filter((r) => r.covering).map((r) => r.seq)).size).toBe(1);
      expect(rows.every((r) => r.outcome === 'denied' || r.user_id === coordinator.id)).toBe(true);
      for (const [i, res] of news.entries()) {
        const own = rows.filter((r) => r.thread_id === threads[i] && r.outcome === 'allowed' && r.details.replay !== true);
        expect(own.map((r) => r.details.correlationId)).toEqual([res.headers.get('x-correlation-id')]);
      }
      expect(rows.filter((r) => r.thread_id === threads[0] && r.details.replay === true)).toHaveLength(1);
      expect(rows.filter((r) => r.thread_id === hidden && r.outcome === 'denied')).toHaveLength(1);
      // Every batched post reached the follower once, after its commit.
      await until(() => threads.every((id) => (events.get(id) ?? []).length >= 1), 10_000, 'message events');
      for (const [i, id] of threads.entries()) expect(events.get(id)).toEqual([news[i].body.seq]);
      expect((await api.app.get(AuditService).verify()).ok).toBe(true);
    } finally {
      socket.close();
    }
  }, 120_000);

  it('sends every post of a failed batch alone: the others are written once, the failing one answers 400', async () => {
    const threads = await Promise.all(Array.from({ length: 5 }, () => newThread()));
    const failing = await newThread();
    const { result } = await withLanesHeld(6, () =>
      Promise.all([
        ...threads.map((id, i) => post(id, `meddelande ${i}`, `f${i}`)),
        // A file that does not exist: refused only after the append, by the attachments' derivation.
        post(failing, 'med bilaga', 'fil', { attachmentIds: [randomUUID()] }),
      ]),
    );
    expect(result.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 400]);
    const messages: { thread_id: string; xmin: string }[] = await api.dataSource.query(
      "SELECT thread_id, xmin::text FROM message WHERE thread_id = ANY($1::uuid[]) AND kind = 'fritext'",
      [[...threads, failing]],
    );
    // One message per thread (the rolled-back batch left none), each from a transaction of its own.
    expect(messages.map((m) => m.thread_id).sort()).toEqual([...threads].sort());
    expect(new Set(messages.map((m) => m.xmin)).size).toBe(5);
    const rows = await api.dataSource.query(
      "SELECT thread_id FROM audit_log WHERE action = 'message.create' AND outcome = 'allowed' AND thread_id = ANY($1::uuid[])",
      [[...threads, failing]],
    );
    expect(rows.map((r: { thread_id: string }) => r.thread_id).sort()).toEqual([...threads].sort());
  }, 120_000);
});
