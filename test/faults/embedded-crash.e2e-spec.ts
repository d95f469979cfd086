import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../support/ports';
import { ApiProcess, until } from '../support/api-process';
import { newThreadBody } from '../support/bodies';
import { loginAt } from '../support/login';
import { Load, writeReport } from '../support/load';

const GIVE_UP_SECONDS = 4;

/**
 * Issue 30: the embedded PostgreSQL crashed and stayed down; the api answered 503 for good while
 * /api/health/live said 200. Now the api starts it again (with backoff), and liveness fails when
 * it cannot come back, so that the orchestrator restarts the node.
 */
describe('the embedded PostgreSQL killed under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-crash-'));
  const cluster = join(dataDir, 'postgres');
  let node: ApiProcess | undefined;
  let load: Load | undefined;

  const postmaster = (): number => Number(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const status = (url: string) =>
    fetch(url, { signal: AbortSignal.timeout(10_000) }).then(
      (r) => r.status,
      () => 0,
    );

  afterAll(async () => {
    load?.abort();
    if (existsSync(`${cluster}.away`)) renameSync(`${cluster}.away`, cluster);
    // A clean stop stops its PostgreSQL too; a failed test's node goes with its server.
    await node?.stop().catch(() => undefined);
    if (existsSync(join(cluster, 'postmaster.pid'))) {
      try {
        process.kill(postmaster(), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts it: requests answer 503 meanwhile and 200 after, nothing acknowledged is lost; liveness fails when it cannot come back', async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const url = `http://127.0.0.1:${port}`;
    node = await ApiProcess.launch(
      {
        BRYGGA_DATA_DIR: dataDir,
        BRYGGA_SEED_DEMO: '1',
        PUBLIC_URL: url,
        DEV_IDP_PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(pgPort),
        EMBEDDED_PG_GIVE_UP_SECONDS: String(GIVE_UP_SECONDS),
      },
      { detached: true, port, startTimeoutMs: 90_000 },
    );
    const coordinator = await loginAt(url, 'karin.lindqvist', 'siths');
    const { units } = (await (await coordinator.jar.fetch(`${url}/api/units`)).json()) as { units: { id: string; name: string }[] };
    const created = await coordinator.jar.fetch(`${url}/api/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': coordinator.csrfToken },
      body: JSON.stringify(newThreadBody([units.find((u) => u.name.includes('Norr'))!.id])),
    });
    const threadId = ((await created.json()) as { id: string }).id;
    const run = new Load({
      threads: [threadId],
      nodes: () => [url],
      publicUrl: url,
      writer: coordinator,
      reader: coordinator,
      restWriters: 3,
      socketWriters: 1,
      readers: 0,
      pauseMs: 50,
    });
    load = run;
    run.start();
    await until(() => run.acked.size >= 30, 60_000, 'acknowledged posts before the kill');

    // 1. Killed: the api notices, answers 503, starts it again; live stays 200 all along.
    run.phase = 'killed';
    const before = run.acked.size;
    const killedAt = Date.now();
    process.kill(postmaster(), 'SIGKILL');
    const ready: number[] = [];
    const live: number[] = [];
    let back = 0;
    while (Date.now() - killedAt < 90_000) {
      const [r, l] = await Promise.all([status(`${url}/api/health/ready`), status(`${url}/api/health/live`)]);
      ready.push(r);
      live.push(l);
      if (r === 200 && ready.includes(503)) {
        back = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(back).toBeGreaterThan(0);
    expect(new Set(live)).toEqual(new Set([200]));
    run.phase = 'after';
    await until(() => run.acked.size >= before + 30, 60_000, 'acknowledged posts after the restart');
    await run.stop();
    expect(run.failures).toEqual([]);
    expect(node.log).toMatch(/PostgreSQL stopped unexpectedly/);

    // Every acknowledged message is stored, once.
    const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
    const client = new Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/brygga` });
    await client.connect();
    const rows = (await client.query('SELECT id, idempotency_key FROM message WHERE thread_id = $1', [threadId])).rows as {
      id: string;
      idempotency_key: string;
    }[];
    await client.end();
    const stored = new Map(rows.map((r) => [r.idempotency_key, r.id]));
    expect(stored.size).toBe(rows.length);
    for (const ack of run.acked.values()) expect(stored.get(ack.key)).toBe(ack.id);

    // 2. Killed again, and it cannot start (its cluster folder is gone): liveness fails after
    // EMBEDDED_PG_GIVE_UP_SECONDS; with the folder back it starts again and liveness recovers.
    const killedAgain = Date.now();
    process.kill(postmaster(), 'SIGKILL');
    renameSync(cluster, `${cluster}.away`);
    let liveStatus = 0;
    while (Date.now() - killedAgain < 60_000 && (liveStatus = await status(`${url}/api/health/live`)) !== 503) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const notLiveSeconds = (Date.now() - killedAgain) / 1000;
    expect(liveStatus).toBe(503);
    renameSync(`${cluster}.away`, cluster);
    while (Date.now() - killedAgain < 120_000 && (liveStatus = await status(`${url}/api/health/live`)) !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(liveStatus).toBe(200);
    expect(node.log).toMatch(/PostgreSQL did not come back in/);

    const report = {
      restartedSeconds: (back - killedAt) / 1000,
      readyDuringRestart: [...new Set(ready)],
      liveDuringRestart: [...new Set(live)],
      writesDuringRestart: Object.fromEntries([...run.statuses].filter(([k]) => k.startsWith('killed'))),
      acknowledged: run.acked.size,
      stored: rows.length,
      notLiveAfterSeconds: notLiveSeconds,
    };
    console.warn(`embedded crash fault: ${JSON.stringify(report)}`);
    writeReport('fault-embedded-crash.json', report);
  }, 300_000);
});
