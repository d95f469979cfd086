/**
 * npm run bench:ejabberd: issue 32's ejabberd reference (ejabberd 23.01, mod_muc + mod_mam with the
 * archive in PostgreSQL) measured on this machine, so that Brygga's cost per post can be compared
 * with ejabberd's cost per message from the same machine instead of the issue's absolute figures.
 * It asserts nothing: a measurement, not a test (and not part of npm test).
 *
 * - ejabberd: Debian bookworm's package (apt-get install -y ejabberd erlang-p1-pgsql when missing;
 *   Debian's own service is stopped if the install started it). Run here as `erl -s ejabberd` with a
 *   config, mnesia spool and log folder of its own in a temp folder, c2s on a free port of 127.0.0.1,
 *   no TLS, SQL authentication (one row per user in `users`, plain passwords), mod_muc (rooms in SQL, persistent,
 *   `mam: true` by default) and mod_mam (`db_type: sql`, `default: always`).
 * - PostgreSQL: a cluster of its own from the same binaries and with the same settings as the
 *   Brygga bench's node A (the project's EmbeddedPostgres: fsync, synchronous_commit and
 *   full_page_writes on, max_connections 300, everything else default), ejabberd's schema pg.sql
 *   in database `ejabberd`; Brygga's schema (the migrate tool) in database `brygga` for the minimal
 *   durable transaction of run.ts (poster.ts's `reference`), the machine reference.
 * - Clients: ejabberd-clients.ts in a process of its own: ROOMS × PER_ROOM connections; SENDERS
 *   closed-loop senders (acknowledgement: the room's reflection, sent after archiving), then a fixed
 *   RATE for E2E_S seconds (end to end: send → arrival at another occupant).
 * CPU from /proc/<pid>/stat: beam.smp with its children, the PostgreSQL cluster (postmaster,
 * children, reaped children), the client process.
 *
 * Settings (env): BENCH_ROOMS (400), BENCH_PER_ROOM (5), BENCH_SENDERS (20), BENCH_WARM_S (3),
 * BENCH_SUSTAIN_S (10), BENCH_RATE (200), BENCH_E2E_S (10), BENCH_REF_S (6).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../libs/database/src/embedded-postgres';
import { Child } from './child';
import { freePort, ROOT } from './nodes';
import type { Poster } from './poster';
import { clusterCpuMs, cpuMs, CpuWindow, loadAverage, parentPid } from './procstat';
import { fmt, perUnit, round, rssMiB, summary } from './stats';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROOMS = num('BENCH_ROOMS', 400);
const PER_ROOM = num('BENCH_PER_ROOM', 5);
const SENDERS = num('BENCH_SENDERS', 20);
const WARM_S = num('BENCH_WARM_S', 3);
const SUSTAIN_S = num('BENCH_SUSTAIN_S', 10);
const RATE = num('BENCH_RATE', 200);
const E2E_S = num('BENCH_E2E_S', 10);
const REF_S = num('BENCH_REF_S', 6);

const HOST = 'bench.local';
const MUC = `conference.${HOST}`;
const EJABBERD_LIB = '/usr/lib/x86_64-linux-gnu';
const SCHEMA = '/usr/share/ejabberd/sql/pg.sql';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[ejabberd ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** ejabberd 23.01 from Debian, installed on first use; Debian's own service does not stay running. */
function ensureEjabberd(): string {
  const ebin = () => {
    try {
      return execFileSync('sh', ['-c', `ls -d ${EJABBERD_LIB}/ejabberd-*/ebin`], { encoding: 'utf8' })
        .trim()
        .split('\n')[0];
    } catch {
      return '';
    }
  };
  const pgsql = () =>
    existsSync('/usr/lib/erlang/lib') && execFileSync('ls', ['/usr/lib/erlang/lib'], { encoding: 'utf8' }).includes('p1_pgsql');
  if (!ebin() || !pgsql() || !existsSync(SCHEMA)) {
    log('installing ejabberd and erlang-p1-pgsql (apt-get)');
    const r = spawnSync('apt-get', ['install', '-y', 'ejabberd', 'erlang-p1-pgsql'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) throw new Error(`apt-get install ejabberd erlang-p1-pgsql failed (${r.status})`);
    // The package may have started Debian's service (ports 5222, 5269, 5280 …): stop it.
    if (spawnSync('ejabberdctl', ['status'], { stdio: 'ignore' }).status === 0) {
      log('stopping the ejabberd service the package started');
      spawnSync('ejabberdctl', ['stop'], { stdio: 'inherit' });
    }
  }
  const dir = ebin();
  if (!dir) throw new Error(`ejabberd is not installed under ${EJABBERD_LIB}`);
  return dir;
}

function ejabberdConfig(c2s: number, pgPort: number, password: string): string {
  // JSON is YAML: no quoting questions.
  const config = {
    hosts: [HOST],
    loglevel: 'warning',
    log_rotate_count: 0,
    listen: [{ port: c2s, ip: '127.0.0.1', module: 'ejabberd_c2s', starttls: false, max_stanza_size: 262144, backlog: 1024 }],
    sql_type: 'pgsql',
    sql_server: '127.0.0.1',
    sql_port: pgPort,
    sql_database: 'ejabberd',
    sql_username: 'postgres',
    sql_password: password,
    default_db: 'sql',
    auth_method: ['sql'],
    auth_password_format: 'plain',
    modules: {
      mod_muc: {
        host: `conference.${HOST}`,
        db_type: 'sql',
        ram_db_type: 'mnesia',
        access: 'all',
        access_create: 'all',
        access_persistent: 'all',
        history_size: 0,
        max_user_conferences: 1000,
        default_room_options: { persistent: true, mam: true },
      },
      mod_mam: { db_type: 'sql', default: 'always' },
    },
  };
  return JSON.stringify(config, null, 2) + '\n';
}

function waitForPort(port: number, child: ChildProcess, output: () => string, ms = 60_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`ejabberd exited (${child.exitCode}):\n${output()}`));
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() - started > ms) reject(new Error(`ejabberd did not listen on ${port} in ${ms} ms:\n${output()}`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
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
    settings: { ROOMS, PER_ROOM, SENDERS, WARM_S, SUSTAIN_S, RATE, E2E_S, REF_S },
  };
  log(`load average at start: ${results.machine.loadAverageAtStart}`);
  const ebin = ensureEjabberd();
  results.ejabberd = ebin.split('/').slice(-2)[0];
  const work = mkdtempSync(join(tmpdir(), 'brygga-ejabberd-'));
  // As root, PostgreSQL runs as its own account (EmbeddedPostgres): it must pass through this folder.
  chmodSync(work, 0o711);
  const children: Child[] = [];
  let beam: ChildProcess | undefined;
  let embedded: EmbeddedPostgres | undefined;
  let admin: Client | undefined;
  let cleaning: Promise<void> | undefined;
  // Once, whoever asks first (the end of the run, an error, Ctrl-C); everyone waits for it.
  const cleanup = () => (cleaning ??= stopAll());
  const stopAll = async () => {
    children.forEach((c) => c.stop());
    await admin?.end().catch(() => undefined);
    if (beam && beam.exitCode === null) {
      const exited = new Promise((r) => beam!.once('exit', r));
      beam.kill('SIGTERM'); // init:stop(): ejabberd stops its modules and mnesia
      if ((await Promise.race([exited, sleep(15_000).then(() => 'timeout')])) === 'timeout') beam.kill('SIGKILL');
    }
    await embedded?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  const onSignal = () => {
    log('interrupted: stopping ejabberd and PostgreSQL');
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let ejabberdOutput = '';
  try {
    // --- PostgreSQL: the project's embedded server, as node A of the Brygga bench starts it.
    const pgPort = await freePort();
    embedded = new EmbeddedPostgres({ dataDir: join(work, 'data'), port: pgPort });
    await embedded.start();
    const password = readFileSync(join(work, 'data', 'postgres-password'), 'utf8').trim();
    const ejabberdUrl = await embedded.ensureDatabase('ejabberd');
    const schema = new Client({ connectionString: ejabberdUrl });
    await schema.connect();
    await schema.query(readFileSync(SCHEMA, 'utf8'));
    // One user per connection, password in plain (auth_password_format: plain): logins cost one lookup.
    await schema.query(
      `INSERT INTO users (username, password) SELECT 'u' || r || 'x' || k, 'bench' FROM generate_series(0, $1 - 1) r, generate_series(0, $2 - 1) k`,
      [ROOMS, PER_ROOM],
    );
    await schema.end();
    // Brygga's schema for the minimal durable transaction (the same statements as run.ts's reference).
    const brygga = await embedded.prepareApplicationDatabase('brygga');
    execFileSync(process.execPath, [join(ROOT, 'dist', 'apps', 'api', 'src', 'tools', 'migrate.js')], {
      env: { PATH: process.env.PATH, DATABASE_URL: brygga.url, DATABASE_OWNER_URL: brygga.ownerUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const bryggaUrl = embedded.url('brygga');
    const threads = await createReferenceTables(bryggaUrl, SENDERS * 20);
    admin = new Client({ connectionString: ejabberdUrl });
    await admin.connect();
    const adminBackend = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const postmaster = parentPid(adminBackend);
    const settings = await admin.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections', 'wal_level')`,
    );
    results.postgres = Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]));
    log(`PostgreSQL on ${pgPort}: ${JSON.stringify(results.postgres)}`);
    const q1 = async (sql: string) => Number((await admin!.query<{ v: string }>(sql)).rows[0].v);
    const walBytes = () => q1(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS v`);
    const archiveRows = () => q1('SELECT count(*)::text AS v FROM archive');

    // --- ejabberd, with its own config, spool, logs and ports.
    const c2s = await freePort();
    const etc = join(work, 'etc');
    const spool = join(work, 'spool');
    const logs = join(work, 'log');
    for (const d of [etc, spool, logs]) mkdirSync(d, { recursive: true });
    writeFileSync(join(etc, 'ejabberd.yml'), ejabberdConfig(c2s, pgPort, password));
    writeFileSync(
      join(etc, 'inetrc'),
      '{lookup,["file","native"]}.\n{host,{127,0,0,1}, ["localhost"]}.\n{file, resolv, "/etc/resolv.conf"}.\n',
    );
    beam = spawn('erl', ['-noshell', '-noinput', '+K', 'true', '+P', '250000', '-mnesia', 'dir', `"${spool}"`, '-s', 'ejabberd'], {
      cwd: work,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        ERL_LIBS: EJABBERD_LIB,
        ERL_MAX_PORTS: '32000',
        ERL_MAX_ETS_TABLES: '1400',
        ERL_CRASH_DUMP: join(logs, 'erl_crash.dump'),
        ERL_CRASH_DUMP_BYTES: '0',
        ERL_INETRC: join(etc, 'inetrc'),
        EJABBERD_CONFIG_PATH: join(etc, 'ejabberd.yml'),
        EJABBERD_LOG_PATH: join(logs, 'ejabberd.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    beam.stdout?.on('data', (d: Buffer) => (ejabberdOutput = (ejabberdOutput + d.toString()).slice(-8000)));
    beam.stderr?.on('data', (d: Buffer) => (ejabberdOutput = (ejabberdOutput + d.toString()).slice(-8000)));
    const ejabberdLog = () => {
      try {
        return readFileSync(join(logs, 'ejabberd.log'), 'utf8').slice(-6000);
      } catch {
        return '';
      }
    };
    await waitForPort(c2s, beam, () => `${ejabberdOutput}\n${ejabberdLog()}`);
    const beamPid = beam.pid!;
    const comm = readFileSync(`/proc/${beamPid}/comm`, 'utf8').trim();
    log(`ejabberd (${results.ejabberd}, ${comm} pid ${beamPid}) c2s on 127.0.0.1:${c2s}; config, spool and logs in ${work}`);

    const clients = new Child('ejabberd-clients.js');
    const poster = new Child('poster.js');
    children.push(clients, poster);
    const meters: Record<string, () => number> = {
      // beam.smp with its children (erl_child_setup, inet_gethost) and those it reaped.
      ejabberd: () => clusterCpuMs(beamPid),
      postgres: () => clusterCpuMs(postmaster, new Set([adminBackend])),
      clients: () => cpuMs(clients.pid),
    };
    const idle = async (): Promise<number> => {
      const start = Date.now();
      let quiet = 0;
      while (Date.now() - start < 30_000 && quiet < 2) {
        const w = new CpuWindow({ e: meters.ejabberd, pg: meters.postgres });
        await sleep(300);
        quiet = Object.values(w.read()).every((ms) => ms <= 30) ? quiet + 1 : 0;
      }
      return Date.now() - start;
    };

    // --- ROOMS × PER_ROOM connections, each in one room (occupant 0 creates it).
    await idle();
    const rssBefore = await rssMiB(beamPid);
    const connected = await clients.call<{ connected: number; failed: number; errors: string[]; ms: number }>({
      cmd: 'connect',
      port: c2s,
      host: HOST,
      muc: MUC,
      rooms: ROOMS,
      perRoom: PER_ROOM,
    });
    await idle();
    const rssAfter = await rssMiB(beamPid);
    if (connected.failed) log(`  first errors: ${connected.errors.join(' | ')}`);
    const rooms = await q1('SELECT count(*)::text AS v FROM muc_room');
    results.connections = {
      ...connected,
      persistentRoomsInSql: rooms,
      beamRssMiB: { before: round(rssBefore), after: round(rssAfter) },
      kibPerConnection: round(((rssAfter - rssBefore) * 1024) / Math.max(1, connected.connected)),
    };
    log(
      `${connected.connected} connections in ${ROOMS} rooms (${connected.failed} failed) in ${connected.ms} ms; ${rooms} persistent rooms in muc_room; beam RSS ${round(rssBefore)} → ${round(rssAfter)} MiB (${results.connections.kibPerConnection} KiB per connection)`,
    );
    if (connected.connected < ROOMS * PER_ROOM * 0.99) throw new Error(`only ${connected.connected} connections joined`);

    const baseline = new CpuWindow(meters);
    await sleep(2000);
    results.idleCpuMsPerSecond = perUnit(baseline.read(), 2, 3);
    log(`idle CPU ms per second: ${fmt(results.idleCpuMsPerSecond)}`);

    // --- warm-up, then sustained: SENDERS closed-loop senders; CPU until the backlog is drained.
    await clients.call({ cmd: 'closed', senders: SENDERS, seconds: WARM_S, prefix: 'warm' });
    await idle();
    await clients.call({ cmd: 'reset' });
    let wal = await walBytes();
    let archived = await archiveRows();
    let cpu = new CpuWindow(meters);
    const r = await clients.call<{ messages: number; errors: number; perSecond: number; latency: ReturnType<typeof summary> }>({
      cmd: 'closed',
      senders: SENDERS,
      seconds: SUSTAIN_S,
      prefix: 'sus',
    });
    let drain = await idle();
    let used = cpu.read();
    let got = await clients.call<{ stanzas: Record<string, number>; disconnects: number; open: number }>({ cmd: 'collect' });
    const sustained = {
      senders: SENDERS,
      ...r,
      drainAfterMs: drain,
      cpuMsPerMessage: perUnit(used, r.messages, 3),
      serverCpuMsPerMessage: round((used.ejabberd + used.postgres) / Math.max(1, r.messages), 3),
      walBytesPerMessage: Math.round(((await walBytes()) - wal) / Math.max(1, r.messages)),
      archiveRowsPerMessage: round(((await archiveRows()) - archived) / Math.max(1, r.messages), 3),
      stanzasPerMessage: perUnit(got.stanzas, r.messages, 3),
      disconnects: got.disconnects,
    };
    results.sustained = sustained;
    // What one archive row holds (the stanza as XML, the room's and the sender's JIDs …): WAL follows its size.
    const row = await admin.query<{ xml: string; bytes: string; sample: string }>(
      `SELECT round(avg(length(xml)))::text AS xml, round(avg(pg_column_size(a.*)))::text AS bytes, min(xml) AS sample FROM archive a`,
    );
    results.archiveRow = { xmlChars: Number(row.rows[0].xml), rowBytes: Number(row.rows[0].bytes), sample: row.rows[0].sample };
    log(
      `sustained: ${round(r.perSecond)} messages/s (${SENDERS} senders, ${r.errors} errors), ack p50 ${r.latency.p50} p99 ${r.latency.p99} ms; drained ${drain} ms later`,
    );
    log(
      `  CPU ms per message: ${fmt(sustained.cpuMsPerMessage)}; ejabberd + PostgreSQL ${sustained.serverCpuMsPerMessage}; stanzas per message: ${fmt(sustained.stanzasPerMessage)}`,
    );
    log(
      `  WAL bytes per message: ${sustained.walBytesPerMessage}; archive rows per message: ${sustained.archiveRowsPerMessage} (${results.archiveRow.rowBytes} bytes each, ${results.archiveRow.xmlChars} characters of XML)`,
    );

    // --- fixed rate: end to end (send → arrival at occupant 1 of the room).
    await idle();
    await clients.call({ cmd: 'reset' });
    wal = await walBytes();
    archived = await archiveRows();
    cpu = new CpuWindow(meters);
    const f = await clients.call<{
      sent: number;
      errors: number;
      seconds: number;
      notDelivered: number;
      latency: ReturnType<typeof summary>;
      endToEnd: ReturnType<typeof summary>;
    }>({ cmd: 'rate', rate: RATE, seconds: E2E_S, prefix: 'e2e' });
    drain = await idle();
    used = cpu.read();
    got = await clients.call({ cmd: 'collect' });
    const messages = f.sent - f.errors;
    const fixedRate = {
      offeredPerSecond: RATE,
      achievedPerSecond: round(f.sent / f.seconds),
      ...f,
      drainAfterMs: drain,
      cpuMsPerMessage: perUnit(used, messages, 3),
      walBytesPerMessage: Math.round(((await walBytes()) - wal) / Math.max(1, messages)),
      archiveRowsPerMessage: round(((await archiveRows()) - archived) / Math.max(1, messages), 3),
      stanzasPerMessage: perUnit(got.stanzas, messages, 3),
      disconnects: got.disconnects,
      open: got.open,
    };
    results.fixedRate = fixedRate;
    log(
      `at ${RATE}/s: e2e p50 ${f.endToEnd.p50} p99 ${f.endToEnd.p99} ms, ack p50 ${f.latency.p50} p99 ${f.latency.p99} ms (${f.notDelivered} not delivered, ${f.errors} errors, ${got.disconnects} disconnects)`,
    );
    log(`  CPU ms per message: ${fmt(fixedRate.cpuMsPerMessage)}; WAL bytes per message: ${fixedRate.walBytesPerMessage}`);

    // --- the machine reference: run.ts's minimal durable transaction, same cluster, same concurrency.
    await idle();
    const refCpu = new CpuWindow(meters);
    const minimal = await poster.call<{ transactions: number; perSecond: number; latency: ReturnType<typeof summary> }>({
      cmd: 'reference',
      kind: 'minimal',
      databaseUrl: bryggaUrl,
      senders: SENDERS,
      seconds: REF_S,
      posters: referencePosters(threads, SENDERS),
    });
    results.minimalTransaction = { ...minimal, cpuMsPerTransaction: perUnit(refCpu.read(), minimal.transactions, 3) };
    log(
      `minimal transaction: ${round(minimal.perSecond)}/s (p50 ${minimal.latency.p50} ms), PostgreSQL ${results.minimalTransaction.cpuMsPerTransaction.postgres} ms CPU each`,
    );

    await clients.call({ cmd: 'close' });
    const total = round(sustained.cpuMsPerMessage.ejabberd + sustained.cpuMsPerMessage.postgres, 3);
    results.totalCpuMsPerMessage = total;
    results.targetForBryggaCpuMsPerPost = round(2 * total, 3);
    results.machine.loadAverageAtEnd = loadAverage();
    results.totalSeconds = round((Date.now() - began) / 1000);
    writeFileSync(join(ROOT, 'bench-ejabberd-results.json'), JSON.stringify(results, null, 2) + '\n');
    const stanzas = Object.entries(sustained.stanzasPerMessage)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    process.stdout.write(
      [
        '',
        `machine: ${results.machine.cpus} × ${results.machine.cpuModel}, load average ${results.machine.loadAverageAtStart} → ${results.machine.loadAverageAtEnd}; whole run ${results.totalSeconds} s`,
        `figure | ejabberd (${results.ejabberd}, mod_muc + mod_mam, archive in PostgreSQL ${results.postgres.server_version}), this machine | issue 32's ejabberd (its machine)`,
        `sustained messages/s (${SENDERS} closed-loop senders) | ${round(r.perSecond)} | 1,239–1,254`,
        `acknowledgement p50 / p99 ms (sustained) | ${r.latency.p50} / ${r.latency.p99} | 15 / 40–41`,
        `CPU ms per message, ejabberd (beam.smp) | ${sustained.cpuMsPerMessage.ejabberd} | 0.77–0.78`,
        `CPU ms per message, PostgreSQL | ${sustained.cpuMsPerMessage.postgres} | 0.35–0.37`,
        `CPU ms per message, clients (not counted) | ${sustained.cpuMsPerMessage.clients} | –`,
        `end-to-end p50 / p99 ms at ${RATE}/s | ${f.endToEnd.p50} / ${f.endToEnd.p99} | 2.2 / 7.2–8.2 (at 200/s)`,
        `archive rows per message | ${sustained.archiveRowsPerMessage} | 1`,
        `WAL bytes per message | ${sustained.walBytesPerMessage} | 824–827`,
        `stanzas per message at the clients | ${stanzas} | 5`,
        `memory per connection (beam RSS) | ${results.connections.kibPerConnection} KiB | 67–70 KiB`,
        `minimal durable transaction (run.ts's, same PostgreSQL) | ${round(minimal.perSecond)}/s | 1,882/s`,
        `results: bench-ejabberd-results.json`,
        `ejabberd total CPU per message (beam + PostgreSQL): ${total} ms; 2× = ${results.targetForBryggaCpuMsPerPost} ms (issue 32's target for Brygga on this machine)`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(`--- ejabberd output ---\n${ejabberdOutput.slice(-4000)}\n`);
    try {
      process.stderr.write(`--- ejabberd.log ---\n${readFileSync(join(work, 'log', 'ejabberd.log'), 'utf8').slice(-4000)}\n`);
    } catch {
      /* no log */
    }
    throw error;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * run.ts's reference tables (bench_thread, bench_message, bench_audit, bench_audit_seq) in a
 * database with Brygga's schema; bench_thread gets `count` rows of its own (no real threads here:
 * its NOT NULL columns without a default are relaxed, LIKE copies no foreign keys).
 */
async function createReferenceTables(url: string, count: number): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('CREATE TABLE bench_thread (LIKE thread INCLUDING ALL)');
    const { rows } = await c.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_name = 'bench_thread' AND is_nullable = 'NO' AND column_default IS NULL`,
    );
    for (const { column_name } of rows) await c.query(`ALTER TABLE bench_thread ALTER COLUMN "${column_name}" DROP NOT NULL`);
    const threads = await c.query<{ id: string }>(
      'INSERT INTO bench_thread (id) SELECT gen_random_uuid() FROM generate_series(1, $1) RETURNING id::text',
      [count],
    );
    await c.query('CREATE TABLE bench_message (LIKE message INCLUDING ALL)');
    await c.query('CREATE TABLE bench_audit (LIKE audit_log INCLUDING ALL)');
    await c.query('CREATE SEQUENCE bench_audit_seq');
    await c.query('VACUUM ANALYZE');
    return threads.rows.map((t) => t.id);
  } finally {
    await c.end();
  }
}

/** SENDERS posters for the reference transaction, each with threads of its own. */
function referencePosters(threads: string[], senders: number): Poster[] {
  return Array.from({ length: senders }, (_, s) => ({
    userId: randomUUID(),
    unitId: randomUUID(),
    sid: '',
    cookie: '',
    csrf: '',
    threads: threads.filter((_, i) => i % senders === s),
  }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
