import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CSRF_HEADER } from '@brygga/auth';
import { UNAVAILABLE_MESSAGE } from '@brygga/common';
import { ApiProcess } from '../support/api-process';
import { newThreadBody, TestApi, type TestSession } from '../support/harness';
import { writeReport } from '../support/load';

/** What one post saw: its status (0: no answer before the client gave up) and how long it took. */
interface Answer {
  status: number;
  seconds: number;
  retryAfter: string | null;
  message?: string;
}

const LOCK_TIMEOUT_MS = 2000;
const quantile = (answers: Answer[], q: number) => answers.map((a) => a.seconds).sort((x, y) => x - y)[Math.ceil(q * answers.length) - 1];
/** How long other users keep posting while the row is locked: longer than the pool's acquire timeout (5 s). */
const LOAD_MS = 8000;

/**
 * Someone holds `SELECT … FOR UPDATE` on one thread's row (an operator in psql, a stuck
 * transaction). Before issue 30 the posts queued behind it filled the pool and every user of the
 * node got 503 ("Database unreachable"); now a lock wait ends at lock_timeout with a 503 for that
 * thread's posts only, and the rest of the node does not notice.
 */
describe('a thread row locked by another connection', () => {
  let api: TestApi;
  let node: ApiProcess | undefined;
  let holder: Client | undefined;

  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await node?.kill();
    await api?.close();
  });

  it('costs only the posts to that thread: they get 503 within the lock timeout, everyone else is served', async () => {
    api = await TestApi.start();
    const ward = await api.unit('slutenvard');
    const sof = await api.unit('sof');
    const users = await Promise.all([0, 1, 2, 3].map(() => api.user(ward, 'koordinator')));
    const threads: string[] = [];
    for (const user of users) threads.push((await api.request(user, 'POST', '/api/threads', newThreadBody([sof]))).body.id);
    const sessions = await Promise.all(users.map((u) => api.sessionOf(u)));
    node = await ApiProcess.start(api, { DB_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS) });
    const url = node.url;

    const post = async (session: TestSession, threadId: string): Promise<Answer> => {
      const started = Date.now();
      try {
        const res = await fetch(`${url}/api/threads/${threadId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session.jar.header(api.baseUrl), [CSRF_HEADER]: session.csrfToken },
          body: JSON.stringify({ kind: 'fritext', body: 'Hej', idempotencyKey: randomUUID() }),
          signal: AbortSignal.timeout(20_000),
        });
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        return {
          status: res.status,
          seconds: (Date.now() - started) / 1000,
          retryAfter: res.headers.get('retry-after'),
          message: body.message,
        };
      } catch {
        return { status: 0, seconds: (Date.now() - started) / 1000, retryAfter: null };
      }
    };

    const [locked, ...others] = threads;
    holder = new Client({ connectionString: api.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM thread WHERE id = $1 FOR UPDATE', [locked]);

    // More posts to the locked thread than the pool has connections, all at once…
    const lockedAnswers = Promise.all(Array.from({ length: 25 }, (_, i) => post(sessions[i % sessions.length], locked)));
    // …while three other users post to their own threads, one post after another, for LOAD_MS.
    const until = Date.now() + LOAD_MS;
    const otherAnswers = Promise.all(
      others.map(async (threadId, i) => {
        const seen: Answer[] = [];
        while (Date.now() < until) seen.push(await post(sessions[i + 1], threadId));
        return seen;
      }),
    );
    const healthDuring = (await fetch(`${url}/api/health/ready`)).status;
    const other = (await otherAnswers).flat();
    const lockedSeen = await lockedAnswers;
    await holder.query('ROLLBACK');
    const afterRelease = await post(sessions[0], locked);

    const summary = (answers: Answer[]) => ({
      count: answers.length,
      statuses: answers.reduce<Record<string, number>>((s, a) => ({ ...s, [a.status]: (s[a.status] ?? 0) + 1 }), {}),
      p50Seconds: quantile(answers, 0.5),
      p95Seconds: quantile(answers, 0.95),
      maxSeconds: quantile(answers, 1),
    });
    const report = {
      lockTimeoutMs: LOCK_TIMEOUT_MS,
      lockedThread: summary(lockedSeen),
      otherThreads: summary(other),
      healthReadyDuringLock: healthDuring,
      afterRelease: afterRelease.status,
    };
    writeReport('fault-locked-thread.json', report);
    console.warn(`locked thread fault: ${JSON.stringify(report)}`);

    // Everyone else was served (a post held behind the lock would have ended in 503 at the lock
    // timeout), and not at the lock's pace: half of them well inside it. Not p95: beside the rest of
    // the suite, ordinary posts on this 2-core machine took up to 2.7 s at p95 without any lock.
    expect(other.length).toBeGreaterThan(3);
    expect(other.filter((a) => a.status !== 201)).toEqual([]);
    expect(report.otherThreads.p50Seconds).toBeLessThan(LOCK_TIMEOUT_MS / 1000 / 2);
    // The locked thread's posts: 503 with Retry-After and the Swedish text, within the lock timeout (plus a margin for a loaded machine).
    for (const a of lockedSeen) {
      expect({ status: a.status, retryAfter: a.retryAfter, message: a.message }).toEqual({
        status: 503,
        retryAfter: '5',
        message: UNAVAILABLE_MESSAGE,
      });
    }
    expect(report.lockedThread.maxSeconds).toBeLessThan(LOCK_TIMEOUT_MS / 1000 + 3);
    expect(healthDuring).toBe(200);
    expect(afterRelease.status).toBe(201);
    // The cause is logged once, as what it was: a lock wait, not an unreachable database.
    expect(node.log).not.toMatch(/Database unreachable/);
    expect(node.log.match(/Gave up waiting for a lock/g)).toHaveLength(1);
  }, 90_000);
});
