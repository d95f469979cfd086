import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Socket } from 'socket.io-client';
import { ApiProcess, connectSocket } from '../support/api-process';
import { TestApi, type TestSession } from '../support/harness';
import { loadAverage, memory, writeReport } from '../support/load';

/**
 * Sockets opened at once: sized for CI on two cores shared with other suites (1,000 passed there at
 * a load average of 14 and timed out client-side, at socket.io's 20 s, at 23); STORM_SOCKETS=5000
 * for the run on a machine of its own.
 */
const SOCKETS = Number(process.env.STORM_SOCKETS ?? 500);
/**
 * Sockets per session and sessions per user: what the node is set to allow (SOCKETS_PER_SESSION,
 * SOCKETS_PER_USER), above the defaults of 10 and 30 so that the storm needs fewer logins on CI.
 */
const PER_SESSION = 25;
const run = promisify(execFile);
const SESSIONS_PER_USER = 4;

interface Outcome {
  socket?: Socket;
  attempts: number;
  busy: number;
  timeouts: number;
  /** A socket that was connected and then closed without the client asking: what issue 30 saw. */
  droppedAfterConnect: number;
  failure?: string;
}

/**
 * A connect storm on one node (issue 30: of 5,000 sockets opened at once, the server silently
 * closed 3,078). Every socket must end connected, or be told to back off (connect_error
 * 'server_busy' with a retry time) and succeed on its retry; none may be dropped after it was
 * told it is connected. A message posted afterwards reaches every socket's inbox: the barrier
 * that shows each one is live and in its rooms.
 */
describe('a connect storm', () => {
  let api: TestApi;
  let node: ApiProcess;
  const outcomes: Outcome[] = [];

  afterAll(async () => {
    outcomes.forEach((o) => o.socket?.disconnect());
    await node?.stop();
    await api?.close();
  });

  it(`connects ${SOCKETS} sockets opened at once, telling the excess to back off`, async () => {
    api = await TestApi.start();
    const { sof, coordinator, threadId } = await api.wardThread();
    node = await ApiProcess.start(api, {
      SOCKETS_PER_SESSION: String(PER_SESSION),
      SOCKETS_PER_USER: String(PER_SESSION * SESSIONS_PER_USER),
    });
    const sessionCount = Math.ceil(SOCKETS / PER_SESSION);
    const users = await Promise.all(Array.from({ length: Math.ceil(sessionCount / SESSIONS_PER_USER) }, () => api.user(sof, 'utforare')));
    const sessions: TestSession[] = [];
    for (let i = 0; i < sessionCount; i += 10) {
      sessions.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, sessionCount - i) }, (_, j) => api.login(users[Math.floor((i + j) / SESSIONS_PER_USER)].key)),
        )),
      );
    }

    // Another user reads a thread on the same node all through the storm: what they saw. Timed by
    // curl in a process of its own, so that this process's 5,000 clients do not lengthen the figure.
    const seen: { status: number; seconds: number }[] = [];
    let storming = true;
    const otherUser = (async () => {
      const session = await api.sessionOf(coordinator);
      while (storming) {
        const { stdout } = await run('curl', [
          ...['-s', '-o', '/dev/null', '--max-time', '20', '-w', '%{http_code} %{time_total}'],
          ...['-H', 'accept: application/json', '-H', `cookie: ${session.jar.header(api.baseUrl)}`],
          `${node.url}/api/threads/${threadId}`,
        ]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '0 20' }));
        const [status, seconds] = stdout.trim().split(' ').map(Number);
        seen.push({ status, seconds });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    const started = Date.now();
    const open = (session: TestSession): Promise<Outcome> => {
      const outcome: Outcome = { attempts: 0, busy: 0, timeouts: 0, droppedAfterConnect: 0 };
      outcomes.push(outcome);
      return new Promise((resolve) => {
        const attempt = () => {
          outcome.attempts += 1;
          const socket = connectSocket(node.url, session, api.baseUrl);
          socket.once('connect', () => {
            outcome.socket = socket;
            socket.once('disconnect', (reason) => {
              if (reason !== 'io client disconnect') outcome.droppedAfterConnect += 1;
            });
            resolve(outcome);
          });
          socket.once('connect_error', (e: Error & { data?: { retryAfterMs?: number } }) => {
            socket.close();
            if (e.message === 'server_busy' && typeof e.data?.retryAfterMs === 'number') {
              outcome.busy += 1;
              // As the web client does: wait what the server asked (it spreads the retries), then try again.
              setTimeout(attempt, e.data.retryAfterMs);
              return;
            }
            if (e.message === 'timeout') {
              // No answer within socket.io's 20 s (two cores shared with other suites can starve
              // both ends): socket.io's own reconnection tries again, and so does this client.
              // Counted and reported; a refusal without a reason or a close after connect fails.
              outcome.timeouts += 1;
              setTimeout(attempt, 1000 + Math.random() * 2000);
              return;
            }
            const d = (e as unknown as { description?: { message?: string; error?: { code?: string } } }).description;
            outcome.failure = `${e.message}: ${d?.error?.code ?? ''} ${d?.message ?? ''} after ${Date.now() - started} ms`;
            resolve(outcome);
          });
        };
        attempt();
      });
    };
    const results = await Promise.all(Array.from({ length: SOCKETS }, (_, i) => open(sessions[Math.floor(i / PER_SESSION)])));
    const allConnectedSeconds = (Date.now() - started) / 1000;
    const failures = results.filter((r) => r.failure).map((r) => r.failure);
    storming = false;
    await otherUser;
    const report = {
      sockets: SOCKETS,
      sessions: sessionCount,
      allConnectedSeconds,
      connectedFirstTry: results.filter((r) => r.socket && r.attempts === 1).length,
      connectedAfterBackOff: results.filter((r) => r.socket && r.busy > 0).length,
      connectedAfterClientTimeout: results.filter((r) => r.socket && r.timeouts > 0 && r.busy === 0).length,
      failed: failures.length,
      toldToBackOff: results.reduce((n, r) => n + r.busy, 0),
      clientTimeouts: results.reduce((n, r) => n + r.timeouts, 0),
      maxAttempts: Math.max(...results.map((r) => r.attempts)),
      nodePeakRssMb: memory(node.pid).peakMb,
      loadAverage: loadAverage(),
      otherUser: {
        statuses: seen.reduce((m: Record<number, number>, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}),
        slowestSeconds: Math.max(...seen.map((r) => r.seconds)),
      },
    };
    console.warn(`connect storm: ${JSON.stringify(report)}`);
    writeReport('fault-connect-storm.json', report);
    if (failures.length) console.error(node.log.slice(-4000));
    expect(failures).toEqual([]);

    // Barrier: a post in the SOF unit's thread reaches every socket's inbox (or finds it dropped).
    const reached = results.map(
      (r) =>
        new Promise<void>((resolve) => {
          const listener = (event: string) => {
            if (event !== 'inbox:counts') return;
            r.socket!.offAny(listener);
            resolve();
          };
          r.socket!.onAny(listener);
          r.socket!.once('disconnect', () => resolve());
          if (!r.socket!.connected) resolve();
        }),
    );
    const post = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body: 'Hej',
      idempotencyKey: randomUUID(),
    });
    expect(post.status).toBe(201);
    await Promise.all(reached);
    const dropped = results.reduce((n, r) => n + r.droppedAfterConnect, 0);
    expect(dropped).toBe(0);
    expect(results.every((r) => r.socket!.connected)).toBe(true);
    // The other user was served all along (a busy node answers 503 with Retry-After, never 500).
    expect(seen.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
  }, 400_000);
});
