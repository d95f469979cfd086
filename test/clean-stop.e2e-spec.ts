import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '@brygga/database';
import { freePort } from './support/ports';
import { ApiProcess, until } from './support/api-process';
import { newThreadBody } from './support/bodies';
import { loginAt } from './support/login';
import { Load, writeReport } from './support/load';

/**
 * `npm start` and Ctrl-C: the terminal signals the whole process group, the api and its embedded
 * PostgreSQL at once, so the database goes away while the api is still finishing requests.
 */
describe('a clean stop', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-stop-'));
  let node: ApiProcess | undefined;
  let load: Load | undefined;
  let pg: EmbeddedPostgres | undefined;

  afterAll(async () => {
    load?.abort();
    if (node && !node.ended) node.signal('SIGKILL', true);
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("Ctrl-C under load (SIGINT to the api's process group) exits 0, keeps every acknowledged message and writes the last checkpoint", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    node = await ApiProcess.launch(
      {
        BRYGGA_DATA_DIR: dataDir,
        BRYGGA_SEED_DEMO: '1',
        PUBLIC_URL: url,
        DEV_IDP_PORT: String(await freePort()),
        BRYGGA_SHUTDOWN_GRACE_MS: '3000',
      },
      { detached: true, port, startTimeoutMs: 60_000 },
    );
    // The demo directory: a ward coordinator (SITHS) and Hemtjänst Norr.
    const coordinator = await loginAt(url, 'karin.lindqvist', 'siths');
    const { units } = (await (await coordinator.jar.fetch(`${url}/api/units`)).json()) as { units: { id: string; name: string }[] };
    const hemtjanst = units.find((u) => u.name.includes('Norr'))!.id;
    const created = await coordinator.jar.fetch(`${url}/api/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': coordinator.csrfToken },
      body: JSON.stringify(newThreadBody([hemtjanst])),
    });
    const threadId = ((await created.json()) as { id: string }).id;

    const run = new Load({
      threads: [threadId],
      nodes: () => [url],
      publicUrl: url,
      writer: coordinator,
      reader: coordinator,
      restWriters: 3,
      socketWriters: 2,
      readers: 0,
      pauseMs: 50,
    });
    load = run;
    run.start();
    await until(() => run.acked.size >= 40, 30_000, 'acknowledged posts');

    const signalled = Date.now();
    node.signal('SIGINT', true);
    const ended = await node.exited;
    run.abort();
    const log = node.log;
    expect({ code: ended.code, signal: ended.signal }).toEqual({ code: 0, signal: null });
    expect(ended.at - signalled).toBeLessThan(3000 + 15_000);
    expect(log).not.toMatch(/Unhandled|uncaught|57P01.*\n\s+at /i);
    // The database going away first is one line, not a line per request.
    expect(log.match(/Database unreachable/g)?.length ?? 0).toBeLessThanOrEqual(1);

    // Restart the database from the same folder: every acknowledged message is there, once.
    pg = new EmbeddedPostgres({ dataDir });
    await pg.start();
    const client = new Client({ connectionString: pg.url('brygga') });
    await client.connect();
    const rows = (await client.query('SELECT id, idempotency_key FROM message WHERE thread_id = $1', [threadId])).rows as {
      id: string;
      idempotency_key: string;
    }[];
    const lastAuditSeq = ((await client.query('SELECT max(seq)::text AS seq FROM audit_log')).rows[0] as { seq: string }).seq;
    await client.end();
    const stored = new Map(rows.map((r) => [r.idempotency_key, r.id]));
    expect(stored.size).toBe(rows.length);
    for (const ack of run.acked.values()) expect(stored.get(ack.key)).toBe(ack.id);
    // The database outlived the api's stop, so its last checkpoint covers the access log's last row.
    expect(log).not.toMatch(/Checkpoint failed/);
    const checkpoints = readFileSync(join(dataDir, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect((JSON.parse(checkpoints.at(-1)!) as { seq: string }).seq).toBe(lastAuditSeq);
    writeReport('clean-stop.json', {
      exitCode: ended.code,
      stopMs: ended.at - signalled,
      acknowledged: run.acked.size,
      stored: rows.length,
    });
  }, 120_000);
});
