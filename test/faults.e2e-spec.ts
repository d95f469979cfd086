import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres, freePort } from '@brygga/database';
import { ApiProcess, until } from './support/api-process';
import { newThreadBody, TestApi } from './support/harness';
import { Load, writeReport } from './support/load';

const GRACE_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Faults an operator meets: PostgreSQL restarts, a node is killed, a node is stopped, all under
 * a steady load of retrying writers and live readers on two api processes. PostgreSQL is a
 * throw-away cluster of its own here (the suite's shared one must not be restarted).
 */
describe('faults under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-faults-'));
  let pg: EmbeddedPostgres;
  let api: TestApi;
  const nodes: ApiProcess[] = [];
  let load: Load | undefined;

  afterAll(async () => {
    load?.abort();
    await Promise.all(nodes.map((n) => n.kill()));
    await api?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses and doubles nothing through a database restart, a killed node and a stopped node; only 503s meanwhile', async () => {
    pg = new EmbeddedPostgres({ dataDir, ephemeral: true, port: await freePort() });
    await pg.start();
    api = await TestApi.start({}, undefined, await pg.ensureDatabase('brygga'));
    const ward = await api.unit('slutenvard');
    const hemtjanst = await api.unit('hemtjanst');
    const coordinator = await api.user(ward, 'koordinator');
    const carer = await api.user(hemtjanst, 'utforare');
    const threads: string[] = [];
    for (let i = 0; i < 4; i++) threads.push((await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]))).body.id);

    const env = { BRYGGA_SHUTDOWN_GRACE_MS: String(GRACE_MS) };
    const [a, b] = await Promise.all([ApiProcess.start(api, env), ApiProcess.start(api, env)]);
    nodes.push(a, b);
    // What a load balancer would send to: it drops a node when its health check fails.
    let live = [a, b];
    const run = new Load({
      threads,
      nodes: () => live.map((n) => n.url),
      publicUrl: api.baseUrl,
      writer: await api.sessionOf(coordinator),
      reader: await api.sessionOf(carer),
      restWriters: 4,
      socketWriters: 4,
      readers: 3,
      pauseMs: 150,
    });
    load = run;
    run.start();
    const ackedAfter = async (more: number, what: string) => {
      const target = run.acked.size + more;
      await until(() => run.acked.size >= target, 30_000, what);
    };
    await ackedAfter(60, 'acknowledged posts before the faults');

    // 1. PostgreSQL restarts (fast shutdown: every connection gets 57P01), 3 s down.
    run.phase = 'outage';
    await pg.stop();
    await sleep(1500);
    const health = await fetch(`${a.url}/api/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBeTruthy();
    expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    await sleep(1500);
    await pg.start();
    run.phase = 'recovery';
    for (const node of [a, b]) {
      const started = Date.now();
      while (
        (await fetch(`${node.url}/api/health`).then(
          (r) => r.status,
          () => 0,
        )) !== 200
      ) {
        if (Date.now() - started > 20_000) throw new Error(`node did not become healthy:\n${node.log}`);
        await sleep(100);
      }
    }
    // No node went down on its own: the restart is an outage, not a crash.
    expect([a.ended, b.ended]).toEqual([undefined, undefined]);
    expect(run.total((k) => k === 'outage 503' || k === 'outage ack 503')).toBeGreaterThan(0);
    await ackedAfter(60, 'acknowledged posts after the database came back');
    // One line for the outage on each node, not one per request; no error that was not an outage.
    for (const node of [a, b]) {
      expect(node.log.match(/Database unreachable/g)).toHaveLength(1);
      expect(node.log).not.toMatch(/Unhandled error/);
    }

    // 2. Node A is killed (no goodbye) and started again.
    run.phase = 'kill';
    live = [b];
    await a.kill('SIGKILL');
    const a2 = await ApiProcess.start(api, env);
    nodes.push(a2);
    live = [a2, b];
    await ackedAfter(60, 'acknowledged posts after the killed node came back');

    // 3. Node B is stopped: it finishes what it has, refuses the rest with 503, and exits 0 in time.
    run.phase = 'stop';
    const stopAt = Date.now();
    b.signal('SIGTERM');
    await sleep(500); // the load balancer notices a little later
    live = [a2];
    const ended = await b.exited;
    expect({ code: ended.code, signal: ended.signal }).toEqual({ code: 0, signal: null });
    expect(ended.at - stopAt).toBeLessThanOrEqual(GRACE_MS + 2000);
    await ackedAfter(40, 'acknowledged posts after the node stopped');

    run.phase = 'end';
    await run.stop();
    // A failure's cause is in the nodes' logs (never patient data: only stacks and correlation ids).
    if (run.failures.length)
      console.error(
        nodes
          .map((n) =>
            n.log
              .split('\n')
              .filter((l) => /Unhandled|Error|error/.test(l))
              .slice(0, 20)
              .join('\n'),
          )
          .join('\n---\n'),
      );
    expect(run.failures).toEqual([]);
    // Nothing but 503 in the way: no 500, no other error, anywhere.
    expect([...run.statuses.keys()].filter((k) => /\b5\d\d$/.test(k) && !k.endsWith('503'))).toEqual([]);

    // Every acknowledged message is stored once, with the seq its ack named; seqs have no gaps.
    const rows: { thread_id: string; seq: number; idempotency_key: string; id: string }[] = await api.dataSource.query(
      'SELECT thread_id, seq, idempotency_key, id FROM message WHERE thread_id = ANY($1) ORDER BY thread_id, seq',
      [threads],
    );
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
    expect(byKey.size).toBe(rows.length);
    expect(rows.length).toBe(run.acked.size);
    for (const ack of run.acked.values()) expect(byKey.get(ack.key)).toMatchObject({ id: ack.id, seq: ack.seq, thread_id: ack.threadId });
    for (const threadId of threads) {
      const seqs = rows.filter((r) => r.thread_id === threadId).map((r) => r.seq);
      expect(seqs).toEqual(range(seqs.length));
    }

    // Readers have everything after catching up from their last gap-free seq.
    for (const reader of run.readers) {
      await reader.catchUp(a2.url);
      for (const threadId of threads) {
        const count = rows.filter((r) => r.thread_id === threadId).length;
        await until(() => reader.seqs.get(threadId)!.size >= count, 10_000, 'a reader catching up');
        expect([...reader.seqs.get(threadId)!].sort((x, y) => x - y)).toEqual(range(count));
      }
    }
    // What the run saw, for whoever tunes it (answers by phase: `outage 503`, `kill ack ok`, …).
    writeReport('faults.json', { acknowledged: rows.length, stopMs: ended.at - stopAt, answers: Object.fromEntries(run.statuses) });
  }, 150_000);
});
