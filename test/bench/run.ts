/**
 * npm run bench: throughput, latency and capacity of Brygga, next to the physical limit of the
 * same PostgreSQL measured in the same run. Prints a table and writes bench-results.json.
 * It asserts nothing: it is a measurement, not a test.
 *
 *   BENCH_CLIENTS (2000)  sockets on node B, spread over 1000 threads
 *   BENCH_SENDERS (20)    concurrent senders for the sustained-throughput and bare runs
 *   BENCH_BIG (10000)     sockets on a fresh node for the memory-capacity run (0 skips it)
 *   BENCH_STEP_S (4)      seconds per rate step
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { CookieJar, driveIdpLogin } from '../../apps/idp/src/testing/drive-login';
import { Node, freePort, ROOT } from './nodes';
import { directory, seedBacklog, seedThreads, type Directory } from './seed';
import { percentile, round, rssMiB, summary } from './stats';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 20);
const BIG = Number(process.env.BENCH_BIG ?? 10_000);
const STEP_S = Number(process.env.BENCH_STEP_S ?? 4);
const THREADS = 10_000;
const LIVE_THREADS = 1000;
const RATES = [100, 250, 500, 1000, 2000, 4000];
const BACKLOG = 10_000;

interface Session {
  jar: CookieJar;
  csrf: string;
  cookie: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function login(base: string, key: string): Promise<Session> {
  const jar = new CookieJar();
  const start = await jar.fetch(`${base}/auth/login?idp=siths`);
  const { callbackUrl } = await driveIdpLogin(start.headers.get('location')!, key, jar);
  await jar.fetch(callbackUrl);
  const me = (await (await jar.fetch(`${base}/api/me`)).json()) as { csrfToken: string };
  return { jar, csrf: me.csrfToken, cookie: jar.header(base) };
}

function connect(url: string, session: Session, origin: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: session.cookie, origin } });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function inBatches<T>(count: number, batch: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += batch) out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => make(i + j)))));
  return out;
}

async function main(): Promise<void> {
  const began = Date.now();
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), settings: { CLIENTS, SENDERS, BIG, STEP_S, THREADS } };
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-bench-'));
  const pgPort = await freePort();
  const idpPort = await freePort();
  const secret = 'bench-client-secret';
  const common = { NODE_ENV: 'development', METRICS_PORT: '0', BRYGGA_SEED_DEMO: 'true', SESSION_IDLE_SECONDS: '3600' };
  const nodes: Node[] = [];
  const sockets: Socket[] = [];
  try {
    // --- nodes: A owns the embedded PostgreSQL (unless DATABASE_URL) and the dev IdP; B and C share them.
    const portA = await freePort();
    const a = await Node.start('A', {
      ...common,
      PORT: String(portA),
      PUBLIC_URL: `http://127.0.0.1:${portA}`,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { BRYGGA_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) }),
      DEV_IDP_PORT: String(idpPort),
      OIDC_CLIENT_SECRET: secret,
    });
    nodes.push(a);
    const databaseUrl =
      process.env.DATABASE_URL ??
      `postgres://postgres:${encodeURIComponent(readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim())}@127.0.0.1:${pgPort}/brygga`;
    // Node B connects as the application role and shares A's data folder (the access log's key).
    const appUrl =
      process.env.DATABASE_URL ??
      `postgres://brygga_app:${encodeURIComponent(readFileSync(join(dataDir, 'postgres-app-password'), 'utf8').trim())}@127.0.0.1:${pgPort}/brygga`;
    const shared = { ...common, DATABASE_URL: appUrl, ...(process.env.DATABASE_URL ? {} : { BRYGGA_DATA_DIR: dataDir }), OIDC_ISSUER: `http://localhost:${idpPort}`, OIDC_CLIENT_SECRET: secret, PUBLIC_URL: a.url };
    const b = await Node.start('B', shared);
    nodes.push(b);
    const origin = new URL(a.url).origin;
    const pool = new Pool({ connectionString: databaseUrl, max: SENDERS + 4 });
    pool.on('error', (e) => log(`bench pool: ${e.message}`));
    results.database = process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL 18 (fsync on)';

    // --- data
    let t = Date.now();
    const dir: Directory = await directory(pool);
    const threadIds = await seedThreads(pool, dir, THREADS, 500);
    log(`seeded ${THREADS} threads in ${Date.now() - t} ms`);
    const [karin, eva, oskar, anna] = await Promise.all(['karin.lindqvist', 'eva.svensson', 'oskar.lund', 'anna.persson'].map((k) => login(a.url, k)));
    const live = threadIds.slice(500, 500 + LIVE_THREADS); // threads of Hemtjänst Norr, so Eva sees them

    // --- 2000 clients on node B, two per live thread
    const rssBefore = await rssMiB(b.pid);
    t = Date.now();
    const arrivals = new Map<string, number>();
    const clientSockets = await inBatches(CLIENTS, 200, async (i) => {
      const socket = await connect(b.url, i % 2 ? eva : anna, origin);
      socket.on('message', (m: { body: string }) => {
        if (!arrivals.has(m.body)) arrivals.set(m.body, performance.now());
      });
      await socket.emitWithAck('thread:join', { threadId: live[i % LIVE_THREADS], lastSeq: 0 });
      return socket;
    });
    sockets.push(...clientSockets);
    const connectMs = Date.now() - t;
    await sleep(500);
    const rssAfter = await rssMiB(b.pid);
    results.clients = { count: CLIENTS, connectAndJoinMs: connectMs, nodeRssBeforeMiB: round(rssBefore), nodeRssAfterMiB: round(rssAfter), kibPerSocket: round(((rssAfter - rssBefore) * 1024) / CLIENTS) };
    log(`${CLIENTS} clients connected and joined in ${connectMs} ms; node B RSS ${round(rssBefore)} → ${round(rssAfter)} MiB`);

    // --- rising rates: POST on node A, arrival at a client on node B
    let counter = 0;
    const post = async (threadId: string, body: string): Promise<number> => {
      const res = await karin.jar.fetch(`${a.url}/api/threads/${threadId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': karin.csrf },
        body: JSON.stringify({ kind: 'fritext', body, idempotencyKey: body }),
      });
      await res.arrayBuffer();
      return res.status;
    };
    const steps: unknown[] = [];
    for (const rate of RATES) {
      const sent = new Map<string, number>();
      const postLatency: number[] = [];
      let errors = 0;
      let accepted = 0;
      const pending: Promise<void>[] = [];
      const stepStart = performance.now();
      for (let i = 0; i < rate * STEP_S; i++) {
        const due = stepStart + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const body = `bench-${rate}-${counter++}`;
        const threadId = live[counter % LIVE_THREADS];
        const start = performance.now();
        sent.set(body, start);
        pending.push(
          post(threadId, body).then(
            (status) => {
              if (status === 201) {
                accepted++;
                postLatency.push(performance.now() - start);
              } else errors++;
            },
            () => void errors++,
          ),
        );
      }
      await Promise.all(pending);
      const elapsed = (performance.now() - stepStart) / 1000;
      await sleep(1000);
      const e2e = [...sent].map(([body, at]) => (arrivals.has(body) ? arrivals.get(body)! - at : NaN)).filter(Number.isFinite);
      const lost = sent.size - e2e.length - errors;
      const step = { targetPerSecond: rate, acceptedPerSecond: round(accepted / elapsed), errors, notDelivered: lost, post: summary(postLatency), endToEnd: summary(e2e) };
      steps.push(step);
      log(`rate ${rate}/s: accepted ${step.acceptedPerSecond}/s, e2e p50 ${step.endToEnd.p50} p95 ${step.endToEnd.p95} p99 ${step.endToEnd.p99} ms, errors ${errors}, not delivered ${lost}`);
      if (step.endToEnd.p99 > 100 || errors > 0 || step.acceptedPerSecond < rate * 0.9) break;
    }
    results.rateSteps = steps;

    // --- sustained throughput: SENDERS closed-loop senders, as fast as accepted
    const sustained = async (): Promise<{ perSecond: number; latency: ReturnType<typeof summary> }> => {
      const until = performance.now() + STEP_S * 1000;
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: SENDERS }, async (_, s) => {
          while (performance.now() < until) {
            const start = performance.now();
            if ((await post(live[(s * 37 + counter) % LIVE_THREADS], `sus-${s}-${counter++}`)) === 201) latencies.push(performance.now() - start);
          }
        }),
      );
      return { perSecond: round(latencies.length / STEP_S), latency: summary(latencies) };
    };
    // Where the database's time goes meanwhile: what each connection waits on, sampled.
    const waits = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await pool.query<{ w: string }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' ' || state || ' ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS w
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
        );
        for (const r of rows.rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
        await sleep(50);
      }
    })();
    const ours = await sustained();
    sampling = false;
    await sampler;
    results.databaseWaits = [...waits].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([w, n]) => ({ samples: n, what: w }));
    if (process.env.BENCH_PROFILE) for (const w of results.databaseWaits as { samples: number; what: string }[]) log(`  db: ${w.samples} × ${w.what}`);
    log(`sustained: ${ours.perSecond} messages/s committed with their access-log rows (${SENDERS} senders), POST p50 ${ours.latency.p50} ms`);

    // --- the physical limit: the same PostgreSQL, one message row and one access-log row per transaction
    await pool.query('CREATE TABLE IF NOT EXISTS bench_message (LIKE message INCLUDING ALL)');
    await pool.query('CREATE TABLE IF NOT EXISTS bench_audit (LIKE audit_log INCLUDING ALL)');
    // The same bare transaction, once as is and once holding the access-log chain lock to commit
    // as Brygga does: the difference is what a single hash chain costs.
    const bareRun = async (chainLock: boolean): Promise<number> => {
      const until = performance.now() + STEP_S * 1000;
      let done = 0;
      const hash = Buffer.alloc(32, 7);
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          const client = await pool.connect();
          try {
            while (performance.now() < until) {
              const seq = ++bareSeq;
              await client.query('BEGIN');
              await client.query(
                `INSERT INTO bench_message (thread_id, seq, kind, body, author_user_id, author_unit_id, idempotency_key, request_hash)
                 VALUES ($1, $2, 'fritext', $3, $4, $5, $3, 'bare')`,
                [live[seq % LIVE_THREADS], seq, `bare-${seq}`, dir.users['karin.lindqvist'], dir.units['visby-med4']],
              );
              if (chainLock) await client.query('SELECT pg_advisory_xact_lock(7261099)');
              await client.query(
                `INSERT INTO bench_audit (seq, occurred_at, user_id, action, outcome, content_hash)
                 VALUES ($1, now(), $2, 'message.create', 'allowed', $3)`,
                [seq, dir.users['karin.lindqvist'], hash],
              );
              await client.query('COMMIT');
              done++;
            }
          } finally {
            client.release();
          }
        }),
      );
      return round(done / STEP_S);
    };
    let bareSeq = 0;
    const bare = await bareRun(false);
    const bareWithChainLock = await bareRun(true);
    results.throughput = {
      sendersConcurrency: SENDERS,
      oursPerSecond: ours.perSecond,
      oursPostLatency: ours.latency,
      bareTransactionsPerSecond: bare,
      bareWithChainLockPerSecond: bareWithChainLock,
      ratio: round(ours.perSecond / bare, 3),
    };
    log(`bare transactions: ${bare}/s at the same concurrency (${bareWithChainLock}/s holding the chain lock to commit) → Brygga reaches ${round((100 * ours.perSecond) / bare)} %`);

    // --- GET /api/threads for a user who sees 500 threads
    const listTimes: number[] = [];
    let listed = 0;
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      const res = await oskar.jar.fetch(`${a.url}/api/threads`);
      listed = ((await res.json()) as { threads: unknown[] }).threads.length;
      listTimes.push(performance.now() - start);
    }
    results.inbox = { threadsListed: listed, latency: summary(listTimes) };
    log(`GET /api/threads (${listed} threads): p50 ${percentile(listTimes, 50).toFixed(1)} ms, p95 ${percentile(listTimes, 95).toFixed(1)} ms`);

    // --- catch-up: a client missed 10,000 messages
    const backlogThread = threadIds[THREADS - 1];
    await seedBacklog(pool, backlogThread, dir, BACKLOG);
    const catcher = await connect(b.url, anna, origin);
    sockets.push(catcher);
    let caught = 0;
    catcher.on('message', () => caught++);
    t = Date.now();
    await catcher.timeout(120_000).emitWithAck('thread:join', { threadId: backlogThread, lastSeq: 0 });
    const catchUpMs = Date.now() - t;
    results.catchUp = { messages: caught, ms: catchUpMs };
    log(`catch-up of ${caught} messages: ${catchUpMs} ms`);

    // --- capacity: BIG clients on one fresh node
    sockets.splice(0).forEach((s) => s.disconnect());
    if (BIG > 0) {
      const c = await Node.start('C', shared);
      nodes.push(c);
      const idle = await rssMiB(c.pid);
      t = Date.now();
      const many = await inBatches(BIG, 250, (i) => connect(c.url, i % 2 ? eva : anna, origin));
      sockets.push(...many);
      const connectBig = Date.now() - t;
      await sleep(1000);
      const full = await rssMiB(c.pid);
      results.capacity = { clients: many.length, connectMs: connectBig, nodeRssIdleMiB: round(idle), nodeRssMiB: round(full), kibPerSocket: round(((full - idle) * 1024) / many.length) };
      log(`${many.length} clients on one node: RSS ${round(idle)} → ${round(full)} MiB (connect ${connectBig} ms)`);
    }
    await pool.end();
    results.totalSeconds = round((Date.now() - began) / 1000);
    writeFileSync(join(ROOT, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
    printTable(results);
  } catch (error) {
    for (const node of nodes) process.stderr.write(`--- node ${node.name} (exit ${node.child.exitCode}) ---\n${node.log.slice(-4000)}\n`);
    throw error;
  } finally {
    sockets.forEach((s) => s.disconnect());
    for (const node of nodes.reverse()) await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function machine(): Record<string, unknown> {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30), node: process.version };
}

function printTable(r: Record<string, any>): void {
  const rows: [string, string, string][] = [
    ['sustained messages/s (with access log)', `${r.throughput.oursPerSecond}`, `bare ${r.throughput.bareTransactionsPerSecond}/s → ${round(r.throughput.ratio * 100)} % (target ≥ 50 %)`],
    ['bare transaction + chain lock', `${r.throughput.bareWithChainLockPerSecond}/s`, 'what one hash chain costs'],
  ];
  for (const s of r.rateSteps) {
    rows.push([`e2e A→B at ${s.targetPerSecond}/s`, `p50 ${s.endToEnd.p50} / p95 ${s.endToEnd.p95} / p99 ${s.endToEnd.p99} ms`, `accepted ${s.acceptedPerSecond}/s, errors ${s.errors}`]);
  }
  rows.push(['GET /api/threads', `p50 ${r.inbox.latency.p50} / p95 ${r.inbox.latency.p95} ms`, `${r.inbox.threadsListed} threads`]);
  rows.push(['memory per socket', `${r.clients.kibPerSocket} KiB`, `${r.clients.count} clients on node B`]);
  if (r.capacity) rows.push([`${r.capacity.clients} clients on one node`, `${r.capacity.nodeRssMiB} MiB RSS`, 'target < 1024 MiB']);
  rows.push(['catch-up of missed messages', `${r.catchUp.ms} ms`, `${r.catchUp.messages} messages`]);
  rows.push(['whole run', `${r.totalSeconds} s`, `${r.machine.cpus} cores`]);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  process.stdout.write('\n' + rows.map((row) => row.map((c, i) => c.padEnd(w[i])).join(' | ')).join('\n') + '\n\nResults: bench-results.json\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
