/**
 * npm run bench: what a post costs in Brygga, next to what the same PostgreSQL does with the
 * minimal durable transaction and with Brygga's own statements, measured in the same run.
 * It asserts nothing: it is a measurement, not a test (and not part of npm test).
 *
 * Processes: api node A (with the embedded PostgreSQL, fsync on, and the dev IdP), api node B on
 * the same database, the socket clients (clients.ts) and the load generator (poster.ts) each in
 * a process of their own; this process only orchestrates. CPU is read from /proc/<pid>/stat
 * (utime + stime) for each process and for every process of the PostgreSQL cluster.
 *
 * Scenarios:
 * - realistic: BENCH_UNITS units with BENCH_CLIENTS / BENCH_UNITS connected users each on node B;
 *   every thread's four units have that handful of users; one client per unit shows the inbox,
 *   the others have one thread open (and say `inbox:watch` off, as the web client does).
 * - busy: one unit with BENCH_BUSY connected users on node B, taking part in every posted thread.
 *
 * Settings (env): BENCH_CLIENTS (2000), BENCH_UNITS (400), BENCH_WARDS (20), BENCH_THREADS (4000),
 * BENCH_BUSY (2000, 0 skips), BENCH_SENDERS (20), BENCH_SUSTAIN_S (10), BENCH_RATE (200),
 * BENCH_E2E_S (10), BENCH_REF_S (6), BENCH_BATCH (5: posts per transaction in the batched reference), BENCH_BIG (0: clients on a fresh node for memory; 0 skips),
 * BENCH_API_MAIN (another build of the api), BENCH_PERF (1: an on-CPU profile of the sustained run
 * with `perf record -e cpu-clock`, nodes started with --perf-basic-prof; written to bench-perf.txt),
 * BENCH_PG_STATEMENTS (1: top statements, WAL by record type and HOT updates per sustained phase).
 * Posting is measured over HTTP and over the poster's socket (`message:post`), each separately.
 * The last two lines printed are `ratio-to-minimal-bare: 0.NN` and `e2e-p99-ms-at-200: N`, each the
 * worse of the two paths.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Child } from './child';
import { Node, freePort, ROOT } from './nodes';
import { seedPopulation, type Population } from './population';
import type { Poster, ReferenceKind } from './poster';
import { childCpuMs, childPids, clusterCpuMs, cpuMs, CpuWindow, loadAverage, parentPid, systemMs } from './procstat';
import { Client } from 'pg';
import { fmt, perUnit, round, rssMiB, summary } from './stats';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CLIENTS = num('BENCH_CLIENTS', 2000);
const UNITS = num('BENCH_UNITS', 400);
const WARDS = num('BENCH_WARDS', 20);
const THREADS = num('BENCH_THREADS', 4000);
const BUSY = num('BENCH_BUSY', 2000);
const SENDERS = num('BENCH_SENDERS', 20);
const SUSTAIN_S = num('BENCH_SUSTAIN_S', 10);
const RATE = num('BENCH_RATE', 200);
const E2E_S = num('BENCH_E2E_S', 10);
const REF_S = num('BENCH_REF_S', 6);
/** Posts per transaction in the batched reference (group commit's reach on PostgreSQL's side). */
const BATCH = num('BENCH_BATCH', 5);
const BIG = num('BENCH_BIG', 0);
/** 1: node A's embedded PostgreSQL loads pg_stat_statements; each sustained phase lists its costliest statements. */
const STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Collected {
  frames: Record<string, number>;
  arrivals: [string, number][];
  disconnects: number;
  open: number;
}

async function main(): Promise<void> {
  const began = Date.now();
  const results: Record<string, any> = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadAverage(),
    },
    settings: { CLIENTS, UNITS, WARDS, THREADS, BUSY, SENDERS, SUSTAIN_S, RATE, E2E_S, REF_S, BIG },
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-bench-'));
  const pgPort = await freePort();
  const idpPort = await freePort();
  const secret = 'bench-client-secret';
  // The per-user limits (600 REST requests a minute, 50 socket actions a second) are not what the bench measures: a bench user posts far faster than a person.
  const common = {
    NODE_ENV: 'development',
    METRICS_PORT: '0',
    BRYGGA_SEED_DEMO: 'true',
    SESSION_IDLE_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    SOCKET_ACTIONS_PER_SECOND: '1000000',
  };
  const nodes: Node[] = [];
  const children: Child[] = [];
  try {
    const portA = await freePort();
    const a = await Node.start('A', {
      ...common,
      PORT: String(portA),
      PUBLIC_URL: `http://127.0.0.1:${portA}`,
      BRYGGA_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      DEV_IDP_PORT: String(idpPort),
      OIDC_CLIENT_SECRET: secret,
      ...(STATEMENTS ? { EMBEDDED_PG_STATEMENTS: 'true' } : {}),
    });
    nodes.push(a);
    const password = (file: string) => encodeURIComponent(readFileSync(join(dataDir, file), 'utf8').trim());
    const databaseUrl = `postgres://postgres:${password('postgres-password')}@127.0.0.1:${pgPort}/brygga`;
    const appUrl = `postgres://brygga_app:${password('postgres-app-password')}@127.0.0.1:${pgPort}/brygga`;
    const shared = {
      ...common,
      DATABASE_URL: appUrl,
      BRYGGA_DATA_DIR: dataDir,
      OIDC_ISSUER: `http://localhost:${idpPort}`,
      OIDC_CLIENT_SECRET: secret,
      PUBLIC_URL: a.url,
    };
    const b = await Node.start('B', shared);
    nodes.push(b);
    const origin = new URL(a.url).origin;
    const pool = new Pool({ connectionString: databaseUrl, max: 4 });
    pool.on('error', (e) => log(`bench pool: ${e.message}`));
    const backend = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // Every NOTIFY between the nodes (the socket.io adapter's channel), counted by a listener of our own.
    const listener = new Client({ connectionString: databaseUrl });
    await listener.connect();
    let notifies = 0;
    listener.on('notification', () => void notifies++);
    await listener.query('LISTEN "socket.io#/"');
    const auditSeq = async () => Number((await pool.query<{ v: string }>('SELECT last_value::text AS v FROM audit_log_seq')).rows[0].v);
    const walBytes = async () =>
      Number((await pool.query<{ b: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS b`)).rows[0].b);
    const postmaster = parentPid(backend);
    const listenerPid = (listener as unknown as { processID: number }).processID;
    const benchBackends = new Set([listenerPid]);

    const t = Date.now();
    const population = await seedPopulation(pool, {
      units: UNITS,
      wards: WARDS,
      usersPerUnit: Math.max(1, Math.round(CLIENTS / UNITS)),
      threads: THREADS,
      busy: BUSY,
    });
    await createReferenceTables(pool, population);
    await pool.query('VACUUM ANALYZE');
    log(
      `seeded ${THREADS} threads, ${population.clients.length + population.busy.length + WARDS} users with sessions in ${Date.now() - t} ms`,
    );

    const clients = new Child('clients.js');
    const poster = new Child('poster.js');
    children.push(clients, poster);
    const meters: Record<string, () => number> = {
      nodeA: () => cpuMs(a.pid),
      nodeB: () => cpuMs(b.pid),
      // Included in nodeA: its kernel share (each PostgreSQL round trip and HTTP answer is a system call).
      nodeAkernel: () => systemMs(a.pid),
      postgres: () => clusterCpuMs(postmaster, benchBackends),
      // The bench's NOTIFY-counting listener (excluded above; it wakes on every NOTIFY as a node's listener does).
      benchListener: () => cpuMs(listenerPid),
      poster: () => cpuMs(poster.pid),
      clients: () => cpuMs(clients.pid),
    };
    /** Polls until the api nodes and PostgreSQL are idle (backlogs drained), at most 30 s. */
    const idle = async (): Promise<number> => {
      const start = Date.now();
      let quiet = 0;
      while (Date.now() - start < 30_000 && quiet < 2) {
        const w = new CpuWindow({ a: meters.nodeA, b: meters.nodeB, pg: meters.postgres });
        await sleep(300);
        const used = w.read();
        quiet = Object.values(used).every((ms) => ms <= 30) ? quiet + 1 : 0;
      }
      return Date.now() - start;
    };

    // --- realistic population: every client on node B; one per unit has the inbox on screen, the
    // others one thread of their unit (and tell the server they do not show the inbox).
    const joins = population.clients.map((c, i) => ({
      cookie: c.cookie,
      join: !c.showsInbox && c.threads.length ? c.threads[Math.floor(i / 3) % c.threads.length] : null,
      inbox: c.showsInbox,
    }));
    const rssBefore = await rssMiB(b.pid);
    const connected = await clients.call<{ connected: number; failed: number; ms: number }>({
      cmd: 'connect',
      url: b.url,
      origin,
      clients: joins,
    });
    const rssAfter = await rssMiB(b.pid);
    const joined = new Set(joins.map((j) => j.join).filter(Boolean) as string[]);
    const posters = postersFor(population, joined);
    results.realistic = {
      clients: connected,
      joinedThreads: joined.size,
      showingInbox: joins.filter((j) => j.inbox).length,
      usersPerUnit: Math.round(CLIENTS / UNITS),
      nodeBRssMiB: {
        before: round(rssBefore),
        after: round(rssAfter),
        kibPerSocket: round(((rssAfter - rssBefore) * 1024) / Math.max(1, connected.connected)),
      },
    };
    log(
      `realistic: ${connected.connected} clients on node B (${connected.failed} failed) in ${connected.ms} ms, ${joined.size} threads open, ${results.realistic.showingInbox} showing the inbox; node B RSS ${round(rssBefore)} → ${round(rssAfter)} MiB (${results.realistic.nodeBRssMiB.kibPerSocket} KiB per connection)`,
    );

    await poster.call({ cmd: 'rate', url: a.url, posters, rate: 50, seconds: 2, prefix: 'warm' });
    await idle();
    // What the processes use with nothing to do (timers, PostgreSQL's background workers), per second.
    const baseline = new CpuWindow(meters);
    await sleep(2000);
    results.idleCpuMsPerSecond = perUnit(baseline.read(), 2);
    log(`idle CPU ms per second: ${fmt(results.idleCpuMsPerSecond)}`);

    // --- sustained: SENDERS closed-loop senders on node A, over HTTP and then over their sockets; CPU until every backlog is drained.
    const closedLoop = async (via: 'http' | 'socket') => {
      await idle();
      await clients.call({ cmd: 'reset' });
      const perf = process.env.BENCH_PERF && via === 'http' ? startPerf([a.pid, b.pid, postmaster, ...childPids(postmaster)]) : undefined;
      if (STATEMENTS) await pool.query('SELECT pg_stat_statements_reset(), pg_stat_reset()');
      const backends = STATEMENTS ? childCpuMs(postmaster) : undefined;
      const lsn = STATEMENTS ? (await pool.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l : '';
      const wal = await walBytes();
      const notified = notifies;
      const audited = await auditSeq();
      const cpu = new CpuWindow(meters);
      const r = await poster.call<{
        posts: number;
        errors: number;
        failures: Record<string, number>;
        perSecond: number;
        latency: ReturnType<typeof summary>;
      }>({
        cmd: 'closed',
        url: a.url,
        origin,
        via,
        posters,
        senders: SENDERS,
        seconds: SUSTAIN_S,
      });
      const drainMs = await idle();
      const used = cpu.read();
      if (perf) results.perf = await stopPerf(perf);
      const frames = await clients.call<Collected>({ cmd: 'collect' });
      const cpuMsPerPost = perUnit(used, r.posts);
      const run = {
        via,
        senders: SENDERS,
        ...r,
        drainAfterMs: drainMs,
        walBytesPerPost: Math.round(((await walBytes()) - wal) / Math.max(1, r.posts)),
        notifiesPerPost: round((notifies - notified) / Math.max(1, r.posts), 2),
        accessLogRowsPerPost: round(((await auditSeq()) - audited) / Math.max(1, r.posts), 2),
        cpuMsPerPost,
        // What the issue's target counts: the two api nodes and PostgreSQL (not the load generator or the clients).
        serverCpuMsPerPost: round(cpuMsPerPost.nodeA + cpuMsPerPost.nodeB + cpuMsPerPost.postgres, 2),
        framesPerPost: perUnit(frames.frames, r.posts),
      };
      log(
        `sustained over ${via}: ${round(r.perSecond)} posts/s (${SENDERS} senders, ${r.errors} errors ${JSON.stringify(r.failures)}), post p50 ${r.latency.p50} p99 ${r.latency.p99} ms; drained ${drainMs} ms later`,
      );
      log(
        `  CPU ms per post: ${fmt(cpuMsPerPost)}; node A + node B + PostgreSQL ${run.serverCpuMsPerPost}; frames per post: ${fmt(run.framesPerPost)}`,
      );
      log(
        `  NOTIFYs per post: ${run.notifiesPerPost}; WAL bytes per post: ${run.walBytesPerPost}; access-log rows per post: ${run.accessLogRowsPerPost}`,
      );
      if (STATEMENTS) (results.statements ??= {})[via] = await topStatements(pool, r.posts);
      if (STATEMENTS) (results.wal ??= {})[via] = await walByRecord(pool, lsn, r.posts);
      if (STATEMENTS) (results.postgresCpu ??= {})[via] = await cpuByBackend(pool, postmaster, backends!, r.posts);
      return run;
    };
    if (STATEMENTS) await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; CREATE EXTENSION IF NOT EXISTS pg_walinspect');
    const sustained = (results.sustained = await closedLoop('http'));
    // The poster's sockets (one per poster, as a browser tab holds) open during a warm-up of their own.
    await poster.call({ cmd: 'rate', url: a.url, origin, via: 'socket', posters, rate: 50, seconds: 2, prefix: 'warm-s' });
    const sustainedSocket = (results.sustainedSocket = await closedLoop('socket'));

    // --- the reference transactions, same PostgreSQL, same concurrency, after the backlogs drained.
    const reference = async (kind: ReferenceKind) => {
      await idle();
      const wal = await walBytes();
      const w = new CpuWindow(meters);
      const r = await poster.call<{ transactions: number; perSecond: number; latency: ReturnType<typeof summary> }>({
        cmd: 'reference',
        kind,
        databaseUrl,
        senders: SENDERS,
        seconds: REF_S,
        posters,
        batch: BATCH,
      });
      const walPerTransaction = Math.round(((await walBytes()) - wal) / Math.max(1, r.transactions));
      return { ...r, cpuMsPerTransaction: perUnit(w.read(), r.transactions), walPerTransaction };
    };
    const minimal = await reference('minimal');
    const same = await reference('same');
    const batched = await reference('batched');
    const covering = await reference('batched-covering');
    results.reference = { minimal, sameWork: same, sameWorkBatched: batched, sameWorkBatchedCovering: covering };
    log(
      `minimal transaction: ${round(minimal.perSecond)}/s (p50 ${minimal.latency.p50} ms), PostgreSQL ${round(minimal.cpuMsPerTransaction.postgres, 2)} ms CPU each`,
    );
    log(
      `same-work transaction: ${round(same.perSecond)}/s (p50 ${same.latency.p50} ms), PostgreSQL ${round(same.cpuMsPerTransaction.postgres, 2)} ms CPU each, WAL ${same.walPerTransaction} bytes`,
    );
    log(
      `same work, ${BATCH} posts per transaction: ${round(batched.perSecond)} posts/s (p50 ${batched.latency.p50} ms a transaction), PostgreSQL ${round(batched.cpuMsPerTransaction.postgres, 2)} ms CPU and WAL ${batched.walPerTransaction} bytes per post`,
    );
    log(
      `the same with one covering access-log row per transaction: ${round(covering.perSecond)} posts/s (p50 ${covering.latency.p50} ms), PostgreSQL ${round(covering.cpuMsPerTransaction.postgres, 2)} ms CPU and WAL ${covering.walPerTransaction} bytes per post`,
    );

    // --- end to end at a fixed rate: POST on node A, arrival at a client on node B.
    const fixedRate = async (prefix: string, via: 'http' | 'socket' = 'http') => {
      await idle();
      await clients.call({ cmd: 'reset' });
      const wal = await walBytes();
      const notified = notifies;
      const audited = await auditSeq();
      const w = new CpuWindow(meters);
      const r = await poster.call<{
        sent: [string, number][];
        errors: number;
        failures: Record<string, number>;
        seconds: number;
        latency: ReturnType<typeof summary>;
      }>({
        cmd: 'rate',
        url: a.url,
        origin,
        via,
        posters,
        rate: RATE,
        seconds: E2E_S,
        prefix,
      });
      const drain = await idle();
      const used = w.read();
      await sleep(200);
      const got = await clients.call<Collected>({ cmd: 'collect' });
      const arrived = new Map(got.arrivals);
      const e2e = r.sent.map(([body, at]) => (arrived.has(body) ? arrived.get(body)! - at : NaN)).filter(Number.isFinite);
      // BENCH_TRACE: each post's send time (epoch ms, and ms from the first) and end-to-end latency, to see whether slow ones cluster.
      if (process.env.BENCH_TRACE) {
        const first = r.sent[0]?.[1] ?? 0;
        writeFileSync(
          `${process.env.BENCH_TRACE}-${prefix}.tsv`,
          r.sent.map(([body, at]) => `${Math.round(at)}\t${Math.round(at - first)}\t${round((arrived.get(body) ?? NaN) - at)}`).join('\n'),
        );
      }
      const posts = r.sent.length - r.errors;
      return {
        via,
        offeredPerSecond: RATE,
        achievedPerSecond: round(r.sent.length / r.seconds),
        posts,
        errors: r.errors,
        failures: r.failures,
        notDelivered: posts - e2e.length,
        post: r.latency,
        endToEnd: summary(e2e),
        drainAfterMs: drain,
        cpuMsPerPost: perUnit(used, posts),
        framesPerPost: perUnit(got.frames, posts),
        notifiesPerPost: round((notifies - notified) / Math.max(1, posts), 2),
        walBytesPerPost: Math.round(((await walBytes()) - wal) / Math.max(1, posts)),
        accessLogRowsPerPost: round(((await auditSeq()) - audited) / Math.max(1, posts), 2),
        disconnects: got.disconnects,
        openSockets: got.open,
      };
    };
    const e2e = await fixedRate('e2e-r');
    results.realistic.fixedRate = e2e;
    const e2eSocket = await fixedRate('e2e-s', 'socket');
    results.realistic.fixedRateSocket = e2eSocket;
    for (const r of [e2e, e2eSocket]) {
      log(
        `realistic at ${RATE}/s over ${r.via}: e2e p50 ${r.endToEnd.p50} p99 ${r.endToEnd.p99} ms (${r.notDelivered} not delivered, ${r.errors} errors ${JSON.stringify(r.failures)}, ${r.disconnects} sockets dropped)`,
      );
      log(
        `  CPU ms per post: ${fmt(r.cpuMsPerPost)}; frames per post: ${fmt(r.framesPerPost)}; access-log rows per post: ${r.accessLogRowsPerPost}`,
      );
    }

    // --- busy unit: BUSY users of one unit, which now takes part in every thread posted to.
    if (BUSY > 0) {
      await clients.call({ cmd: 'close' });
      const posted = [...new Set(posters.flatMap((p) => p.threads))];
      await pool.query('INSERT INTO thread_participant (thread_id, unit_id) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING', [
        posted,
        population.busyUnitId,
      ]);
      // One in five has the inbox on screen, the rest a thread.
      const busyJoins = population.busy.map((c, i) => ({
        cookie: c.cookie,
        join: i % 5 ? posted[i % posted.length] : null,
        inbox: i % 5 === 0,
      }));
      const busyConnected = await clients.call<{ connected: number; failed: number; ms: number }>({
        cmd: 'connect',
        url: b.url,
        origin,
        clients: busyJoins,
      });
      log(`busy unit: ${busyConnected.connected} clients of one unit on node B (${busyConnected.failed} failed) in ${busyConnected.ms} ms`);
      const busy = await fixedRate('e2e-b');
      await sleep(Number(process.env.BENCH_BUSY_LINGER_MS ?? 3000));
      const after = await clients.call<Collected>({ cmd: 'collect' });
      results.busy = { clients: busyConnected, fixedRate: busy, disconnectsIncludingLinger: after.disconnects, openAfter: after.open };
      log(
        `busy unit at ${RATE}/s: e2e p50 ${busy.endToEnd.p50} p99 ${busy.endToEnd.p99} ms (${busy.notDelivered} not delivered, ${busy.errors} errors), sockets dropped ${after.disconnects}, open ${after.open}`,
      );
      log(`  CPU ms per post: ${fmt(busy.cpuMsPerPost)}; frames per post: ${fmt(busy.framesPerPost)}`);
      await clients.call({ cmd: 'close' });
    }

    // --- capacity: BIG clients on a fresh node, resident memory.
    if (BIG > 0) {
      const c = await Node.start('C', shared);
      nodes.push(c);
      const idleRss = await rssMiB(c.pid);
      const many = [...population.clients, ...population.busy].map((x) => ({ cookie: x.cookie, join: null }));
      const big = Array.from({ length: BIG }, (_, i) => many[i % many.length]);
      const r = await clients.call<{ connected: number; failed: number; ms: number }>({ cmd: 'connect', url: c.url, origin, clients: big });
      await sleep(1000);
      const full = await rssMiB(c.pid);
      results.capacity = { ...r, nodeRssIdleMiB: round(idleRss), nodeRssMiB: round(full) };
      log(`${r.connected} clients on one node: RSS ${round(idleRss)} → ${round(full)} MiB`);
      await clients.call({ cmd: 'close' });
    }

    await listener.end();
    await pool.end();
    // Like the e2e line, the lower of the two paths (the web client posts over its socket, other clients over HTTP).
    results.ratioToMinimalHttp = round(sustained.perSecond / minimal.perSecond, 3);
    results.ratioToMinimalSocket = round(sustainedSocket.perSecond / minimal.perSecond, 3);
    const ratio = Math.min(sustained.perSecond, sustainedSocket.perSecond) / minimal.perSecond;
    results.ratioToMinimal = round(ratio, 3);
    results.ratioToSameWork = round(sustained.perSecond / same.perSecond, 3);
    results.machine.loadAverageAtEnd = loadAverage();
    results.totalSeconds = round((Date.now() - began) / 1000);
    writeFileSync(join(ROOT, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(
      [
        '',
        `machine: ${results.machine.cpus} × ${results.machine.cpuModel}, load average ${results.machine.loadAverageAtStart} → ${results.machine.loadAverageAtEnd}; whole run ${results.totalSeconds} s`,
        ...summaryTable(
          { http: sustained, socket: sustainedSocket },
          { http: e2e, socket: e2eSocket },
          results.realistic.nodeBRssMiB.kibPerSocket as number,
        ),
        `minimal transaction ${round(minimal.perSecond)}/s; same-work transaction ${round(same.perSecond)}/s (ratio to same-work ${results.ratioToSameWork})`,
        issueMachineScale(minimal.cpuMsPerTransaction.postgres, { http: sustained.cpuMsPerPost, socket: sustainedSocket.cpuMsPerPost }),
        `results: bench-results.json`,
        `ratio-to-minimal-bare: ${ratio.toFixed(2)}`,
        // The worse of the two paths: the target holds only if both meet it.
        `e2e-p99-ms-at-200: ${Math.round(Math.max(e2e.endToEnd.p99, e2eSocket.endToEnd.p99))}`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    for (const node of nodes) process.stderr.write(`--- node ${node.name} (exit ${node.child.exitCode}) ---\n${node.log.slice(-4000)}\n`);
    throw error;
  } finally {
    children.forEach((c) => c.stop());
    for (const node of nodes.reverse()) await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Issue 32's CPU target (≤ 2.3 ms per post: twice ejabberd's MUC + MAM message) was measured on a
 * machine where the minimal transaction cost 0.65 ms of PostgreSQL CPU; machines here differ by 2×
 * and more. The same run's minimal transaction scales the figures to that machine (roughly: it is
 * PostgreSQL work only, and varies by ±10 % between runs); `npm run bench:ejabberd` is the direct
 * reference.
 */
function issueMachineScale(minimalPgMs: number, cpu: Record<'http' | 'socket', Record<string, number>>): string {
  const factor = 0.65 / minimalPgMs;
  const scaled = (c: Record<string, number>) => round((c.nodeA + c.nodeB + c.postgres) * factor, 2);
  return `scaled to the issue's machine (minimal transaction ${round(minimalPgMs, 2)} ms of PostgreSQL CPU here, 0.65 there: ×${round(factor, 2)}): CPU per post HTTP ${scaled(cpu.http)}, socket ${scaled(cpu.socket)} ms (target ≤ 2.3)`;
}

/** An on-CPU profile (cpu-clock samples only while a process runs) of these processes. */
function startPerf(pids: number[]): ChildProcess {
  return spawn('perf', ['record', '-e', 'cpu-clock', '-F', '499', '-o', '/tmp/brygga-bench-perf.data', '-p', pids.join(',')], {
    stdio: 'ignore',
  });
}

async function stopPerf(perf: ChildProcess): Promise<string> {
  await new Promise((resolve) => {
    perf.once('exit', resolve);
    perf.kill('SIGINT');
  });
  const report = (sort: string) =>
    execFileSync(
      'perf',
      ['report', '-i', '/tmp/brygga-bench-perf.data', '--stdio', '--no-children', '--sort', sort, '--percent-limit', '0.7'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .join('\n');
  const text = `By process:\n${report('pid')}\n\nBy process and object:\n${report('comm,dso')}\n\nBy process and symbol:\n${report('comm,dso,sym')}\n`;
  writeFileSync(join(ROOT, 'bench-perf.txt'), text);
  log('on-CPU profile of the sustained run: bench-perf.txt');
  return 'bench-perf.txt';
}

/** Posters with the threads of their ward that a client has open. */
function postersFor(population: Population, joined: Set<string>): Poster[] {
  return population.posters
    .map((p) => ({
      userId: p.userId,
      unitId: p.unitId,
      sid: p.sid,
      cookie: p.cookie,
      csrf: p.csrf,
      threads: population.threads.filter((t) => t.ward === p.ward && joined.has(t.id)).map((t) => t.id),
    }))
    .filter((p) => p.threads.length);
}

/** Copies for the reference transactions, so that they leave the real tables (and the access-log chain) alone. */
async function createReferenceTables(pool: Pool, population: Population): Promise<void> {
  await pool.query('CREATE TABLE bench_thread (LIKE thread INCLUDING ALL)');
  await pool.query('INSERT INTO bench_thread SELECT * FROM thread WHERE id = ANY($1::uuid[])', [population.threads.map((t) => t.id)]);
  await pool.query('CREATE TABLE bench_message (LIKE message INCLUDING ALL)');
  await pool.query('CREATE TABLE bench_audit (LIKE audit_log INCLUDING ALL)');
  await pool.query('CREATE SEQUENCE bench_audit_seq');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/** The sustained phase's costliest statements: calls and execution ms per post, and ms per call. */
async function topStatements(
  pool: Pool,
  posts: number,
): Promise<{ query: string; callsPerPost: number; msPerPost: number; msPerCall: number }[]> {
  const { rows } = await pool.query<{ query: string; calls: string; total: number }>(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::text, total_exec_time AS total
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`,
  );
  const top = rows.map((r) => ({
    query: r.query.slice(0, 160),
    callsPerPost: round(Number(r.calls) / Math.max(1, posts), 2),
    msPerPost: round(r.total / Math.max(1, posts), 3),
    msPerCall: round(r.total / Math.max(1, Number(r.calls)), 3),
  }));
  for (const t of top) log(`    ${t.msPerPost} ms/post  ${t.callsPerPost} calls/post  ${t.msPerCall} ms/call  ${t.query}`);
  return top;
}

/** WAL written since `from`, by record type (pg_walinspect), in bytes per post; and the thread table's HOT share. */
async function walByRecord(
  pool: Pool,
  from: string,
  posts: number,
): Promise<{ type: string; bytesPerPost: number; countPerPost: number }[]> {
  const { rows } = await pool.query<{ type: string; count: string; bytes: string }>(
    `SELECT "resource_manager/record_type" AS type, count::text, combined_size::text AS bytes
       FROM pg_get_wal_stats($1::pg_lsn, pg_current_wal_lsn(), true) WHERE count > 0 ORDER BY combined_size DESC LIMIT 12`,
    [from],
  );
  const top = rows.map((r) => ({
    type: r.type,
    bytesPerPost: round(Number(r.bytes) / Math.max(1, posts)),
    countPerPost: round(Number(r.count) / Math.max(1, posts), 2),
  }));
  for (const t of top) log(`    WAL ${t.bytesPerPost} bytes/post  ${t.countPerPost} records/post  ${t.type}`);
  const { rows: tables } = await pool.query<{ relname: string; upd: string; hot: string; ins: string }>(
    `SELECT relname, n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot, n_tup_ins::text AS ins FROM pg_stat_user_tables
      WHERE n_tup_upd + n_tup_ins > 0 ORDER BY n_tup_upd + n_tup_ins DESC LIMIT 6`,
  );
  for (const t of tables) log(`    table ${t.relname}: ${t.ins} inserts, ${t.upd} updates (${t.hot} HOT)`);
  return top;
}

/**
 * PostgreSQL's CPU in the phase by kind of process (pg_stat_activity: backend type, and for client
 * connections the role and application), in ms per post: which connections and workers the time
 * goes to. Processes that ended in the phase are not counted.
 */
async function cpuByBackend(pool: Pool, postmaster: number, before: Map<number, number>, posts: number): Promise<Record<string, number>> {
  const after = childCpuMs(postmaster);
  const { rows } = await pool.query<{ pid: number; kind: string }>(
    `SELECT pid, CASE WHEN backend_type = 'client backend'
                      THEN usename || ' ' || COALESCE(NULLIF(application_name, ''), '-') || CASE WHEN query ILIKE 'LISTEN%' THEN ' (listening)' ELSE '' END
                      ELSE backend_type END AS kind
       FROM pg_stat_activity`,
  );
  const kindOf = new Map(rows.map((r) => [r.pid, r.kind]));
  const byKind: Record<string, number> = {};
  for (const [pid, ms] of after) {
    const kind = kindOf.get(pid) ?? 'other';
    byKind[kind] = (byKind[kind] ?? 0) + (ms - (before.get(pid) ?? 0)) / Math.max(1, posts);
  }
  const sorted = Object.entries(byKind)
    .map(([k, v]) => [k, round(v, 3)] as const)
    .filter(([, v]) => v > 0)
    .sort((x, y) => y[1] - x[1]);
  log(`    PostgreSQL CPU ms per post by process: ${sorted.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return Object.fromEntries(sorted);
}

type Sustained = {
  perSecond: number;
  latency: { p50: number; p99: number };
  cpuMsPerPost: Record<string, number>;
  serverCpuMsPerPost: number;
};
type Phase = { walBytesPerPost: number; accessLogRowsPerPost: number; framesPerPost: Record<string, number> };
type FixedRate = Phase & { endToEnd: { p50: number; p99: number } };

/**
 * The issue's table for both posting paths, one row per figure (issue 32: what ejabberd was measured
 * against): sustained rate, acknowledgement, CPU per post of the servers and of PostgreSQL, end to end
 * at the fixed rate, rows and WAL written, frames at the clients, memory per connection.
 */
function summaryTable(
  sustained: Record<'http' | 'socket', Sustained & Phase>,
  fixed: Record<'http' | 'socket', FixedRate>,
  kibPerSocket: number,
): string[] {
  const frames = (f: Record<string, number>) =>
    Object.entries(f)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const rows: [string, (via: 'http' | 'socket') => string][] = [
    ['sustained posts/s', (v) => String(round(sustained[v].perSecond))],
    ['acknowledgement p50 / p99 ms (sustained)', (v) => `${sustained[v].latency.p50} / ${sustained[v].latency.p99}`],
    [
      'CPU ms per post, node A + node B (sustained)',
      (v) => String(round(sustained[v].cpuMsPerPost.nodeA + sustained[v].cpuMsPerPost.nodeB, 2)),
    ],
    ['CPU ms per post, PostgreSQL (sustained)', (v) => String(sustained[v].cpuMsPerPost.postgres)],
    ['CPU ms per post, node A + node B + PostgreSQL', (v) => String(sustained[v].serverCpuMsPerPost)],
    [`end-to-end p50 / p99 ms at ${RATE}/s`, (v) => `${fixed[v].endToEnd.p50} / ${fixed[v].endToEnd.p99}`],
    ['rows written per post (sustained)', (v) => `1 message + ${sustained[v].accessLogRowsPerPost} access-log rows`],
    ['WAL bytes per post (sustained)', (v) => String(sustained[v].walBytesPerPost)],
    ['frames per post at the clients (sustained)', (v) => frames(sustained[v].framesPerPost)],
    ['memory per connection (node B RSS)', () => `${kibPerSocket} KiB`],
  ];
  return ['figure | over HTTP | over sockets', ...rows.map(([name, value]) => `${name} | ${value('http')} | ${value('socket')}`)];
}
