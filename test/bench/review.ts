/**
 * npm run bench:review: what the access-log review's search costs on a log with covering rows
 * (docs/benchmark.md, "The price of covering rows is paid at review").
 *
 * A synthetic log in one database: 30,000 plain rows and 1,000 covering rows of 100 entries each
 * (one covering row after every 30 plain ones, as live pushes and inbox lists fall between reads),
 * a tenth of them of another organisation that the reviewer must not see; and, as the reference,
 * the same search on a log of 130,000 plain rows (the same number of accesses, one row each).
 * Each search runs BENCH_REVIEW_RUNS times (default 7) through the built AuditReviewService
 * (dist/, as `npm start` runs it); the figures are milliseconds, median and slowest.
 *
 * BENCH_REVIEW_BEFORE: another build's dist/ folder (e.g. main's before a change): its service runs
 * the same searches on the same database in the same run, printed beside this build's.
 * DATABASE_URL: a PostgreSQL superuser URL to use instead of an embedded server (a database
 * `brygga_bench_review` is created there and dropped afterwards).
 * BENCH_REVIEW_EXPLAIN=1: also prints EXPLAIN (ANALYZE, BUFFERS) of the unfiltered first page.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT } from './nodes';
import { loadAverage } from './procstat';
import { round } from './stats';

const PLAIN = 30_000;
const COVERING = 1_000;
const ENTRIES = 100;
const REFERENCE_PLAIN = PLAIN + COVERING * ENTRIES;
const RUNS = Number(process.env.BENCH_REVIEW_RUNS ?? 7);
const PAGE = 100;
const DB = 'brygga_bench_review';

/* eslint-disable @typescript-eslint/no-require-imports -- the built product, loaded at run time */
type Search = (filter: Record<string, unknown>, organisationIds: readonly string[]) => Promise<{ seq: string; line?: string }[]>;
interface Build {
  name: string;
  dist: string;
}

function load<T>(dist: string, path: string): T {
  return require(join(dist, path)) as T;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const builds: Build[] = [
    ...(process.env.BENCH_REVIEW_BEFORE ? [{ name: 'before', dist: process.env.BENCH_REVIEW_BEFORE }] : []),
    { name: 'this build', dist: join(ROOT, 'dist') },
  ];
  const database = load<typeof import('../../libs/database/src')>(builds[builds.length - 1].dist, 'libs/database/src/index.js');
  const entities = load<typeof import('../../apps/api/src/entities')>(builds[builds.length - 1].dist, 'apps/api/src/entities.js');
  const { DataSource } = require('typeorm') as typeof import('typeorm');

  let embedded: InstanceType<typeof database.EmbeddedPostgres> | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'brygga-bench-review-'));
    embedded = new database.EmbeddedPostgres({ dataDir, ephemeral: true });
    await embedded.start();
    adminUrl = embedded.url();
  }
  const stop = async () => {
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  const withDb = (url: string, db: string, role?: [string, string]) => {
    const u = new URL(url);
    u.pathname = `/${db}`;
    if (role) [u.username, u.password] = role;
    return u.toString();
  };
  const passwords = { owner: randomBytes(18).toString('hex'), app: randomBytes(18).toString('hex') };
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await database.ensureRoles(admin, passwords);
  // ensureRoles keeps existing roles' passwords: set ours (a DATABASE_URL server may have them from a test run).
  await admin.query(`ALTER ROLE ${database.OWNER_ROLE} PASSWORD '${passwords.owner}'`);
  await admin.query(`ALTER ROLE ${database.APP_ROLE} PASSWORD '${passwords.app}'`);
  const databases: string[] = [];
  const create = async (name: string) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} OWNER ${database.OWNER_ROLE}`);
    databases.push(name);
    const ownerUrl = withDb(adminUrl, name, [database.OWNER_ROLE, passwords.owner]);
    const appUrl = withDb(adminUrl, name, [database.APP_ROLE, passwords.app]);
    const migrating = new DataSource(
      database.dataSourceOptions({ url: ownerUrl, entities: entities.ENTITIES, migrations: entities.MIGRATIONS, poolSize: 2 }),
    );
    await migrating.initialize();
    await database.runMigrations(migrating, appUrl);
    await migrating.destroy();
    return { ownerUrl, appUrl, superUrl: withDb(adminUrl, name) };
  };

  try {
    log(`bench:review ${new Date().toISOString()}, load average ${loadAverage()}`);
    const covered = await create(DB);
    const reference = await create(`${DB}_plain`);
    let started = Date.now();
    const seeded = await seed(covered.superUrl, covered.appUrl, PLAIN, COVERING);
    log(`seeded ${PLAIN} plain + ${COVERING} covering rows × ${ENTRIES} in ${Date.now() - started} ms`);
    started = Date.now();
    const seededPlain = await seed(reference.superUrl, reference.appUrl, REFERENCE_PLAIN, 0);
    log(`seeded ${REFERENCE_PLAIN} plain rows (the reference) in ${Date.now() - started} ms`);

    const figures: string[][] = [['search', ...builds.map((b) => `${b.name} ms (median / max of ${RUNS})`), 'rows']];
    const services = async (url: string) =>
      Promise.all(
        builds.map(async (b) => {
          const ds = new DataSource({ type: 'postgres', url, poolSize: 2 });
          await ds.initialize();
          const { AuditReviewService } = load<typeof import('../../libs/log-review/src')>(b.dist, 'libs/log-review/src/index.js');
          const service = new AuditReviewService(ds, { identityKey: randomBytes(32) } as never);
          return { ds, search: service.search.bind(service) as unknown as Search };
        }),
      );
    const onCovered = await services(covered.appUrl);
    const onPlain = await services(reference.appUrl);
    const pages = async (search: Search, orgs: string[]) => {
      const first = await search({ limit: PAGE }, orgs);
      // A build before the line cursor pages by row number (beforeSeq), and skips the rest of a
      // covering row that the first page ended in: the builds then answer differently.
      const last = first[first.length - 1];
      const second = await search({ limit: PAGE, beforeSeq: last.seq, after: last.line ?? last.seq }, orgs);
      return [...first, ...second.map((r) => ({ ...r, page: 2 }))];
    };
    const cases: [string, (s: Search) => Promise<{ seq: string }[]>, typeof onCovered][] = [
      [`unfiltered, first page (${PAGE})`, (s) => s({ limit: PAGE }, seeded.scope), onCovered],
      ['unfiltered, first and second page', (s) => pages(s, seeded.scope), onCovered],
      [
        'unfiltered, page from the middle',
        (s) => s({ limit: PAGE, beforeSeq: seeded.middleSeq, after: seeded.middleSeq }, seeded.scope),
        onCovered,
      ],
      ['by person (userId)', (s) => s({ limit: PAGE, userId: seeded.person }, seeded.scope), onCovered],
      [`reference: unfiltered, ${REFERENCE_PLAIN} plain rows`, (s) => s({ limit: PAGE }, seededPlain.scope), onPlain],
      ['reference: by person, plain rows', (s) => s({ limit: PAGE, userId: seededPlain.person }, seededPlain.scope), onPlain],
    ];
    for (const [name, run, on] of cases) {
      const row = [name];
      let rows = '';
      const answers: string[] = [];
      for (const { search } of on) {
        const times: number[] = [];
        let result: { seq: string }[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t = process.hrtime.bigint();
          result = await run(search);
          times.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        times.sort((a, b) => a - b);
        row.push(`${round(times[Math.floor(times.length / 2)])} / ${round(times[times.length - 1])}`);
        answers.push(canonical(result));
        rows = String(result.length);
      }
      if (new Set(answers).size > 1) rows += ' (the builds answer differently!)';
      row.push(rows);
      figures.push(row);
      log(`  ${row.join(' | ')}`);
    }
    log('');
    log(`| ${figures[0].join(' | ')} |`);
    log(`|${figures[0].map(() => ' --- ').join('|')}|`);
    for (const row of figures.slice(1)) log(`| ${row.join(' | ')} |`);
    log(`load average at the end ${loadAverage()}`);
    if (process.env.BENCH_REVIEW_EXPLAIN) {
      await explain(covered.appUrl, { limit: PAGE }, seeded.scope);
      await explain(covered.appUrl, { limit: PAGE, userId: seeded.person }, seeded.scope);
    }
    for (const s of [...onCovered, ...onPlain]) await s.ds.destroy();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await stop();
  }
}

/**
 * A page's lines to compare between builds: the lines of one covering row share its seq and come
 * in no defined order, and at the end of a page either build may take any of them; so each row's
 * lines are compared as a set, and the last row of a page by its number of lines only.
 */
function canonical(lines: { seq: string; page?: number }[]): string {
  const groups = new Map<string, string[]>();
  for (const line of lines) {
    const key = `${line.page ?? 1}:${line.seq}`;
    groups.set(key, [...(groups.get(key) ?? []), JSON.stringify(line)]);
  }
  const keys = [...groups.keys()];
  const lastOfPage = new Set(keys.filter((k, i) => i === keys.length - 1 || keys[i + 1].split(':')[0] !== k.split(':')[0]));
  return JSON.stringify(keys.map((k) => (lastOfPage.has(k) ? [k, groups.get(k)!.length] : [k, groups.get(k)!.sort()])));
}

/** Prints the plan of a search as this build's service sends it. */
async function explain(url: string, filter: Record<string, unknown>, scope: string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const original = client.query.bind(client);
  let captured: { text: string; values: unknown[] } | undefined;
  const { DataSource } = require('typeorm') as typeof import('typeorm');
  const ds = new DataSource({ type: 'postgres', url, poolSize: 1 });
  await ds.initialize();
  const query = ds.query.bind(ds);
  ds.query = (async (text: string, values?: unknown[]) => {
    captured = { text, values: values ?? [] };
    return query(text, values);
  }) as typeof ds.query;
  const { AuditReviewService } = load<typeof import('../../libs/log-review/src')>(join(ROOT, 'dist'), 'libs/log-review/src/index.js');
  await new AuditReviewService(ds, { identityKey: randomBytes(32) } as never).search(filter as never, scope);
  log(`EXPLAIN of ${JSON.stringify(filter)}:`);
  const plan = await original(`EXPLAIN (ANALYZE, BUFFERS) ${captured!.text}`, captured!.values);
  log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  await ds.destroy();
  await client.end();
}

/**
 * The directory, threads and access log of two organisations: the reviewer's (a ward and a
 * hemtjänst of its own) and another (its own ward, whose threads and accesses the reviewer must
 * not see). Rows are written as the app writes them (its role; the trigger numbers them).
 */
async function seed(
  superUrl: string,
  appUrl: string,
  plain: number,
  covering: number,
): Promise<{ scope: string[]; person: string; middleSeq: string }> {
  const su = new Client({ connectionString: superUrl });
  su.on('error', () => undefined);
  await su.connect();
  const org = async (key: string) =>
    (await su.query(`INSERT INTO organisation (key, name, kind) VALUES ($1, $1, 'slutenvard') RETURNING id`, [key])).rows[0].id as string;
  const unit = async (orgId: string, key: string) =>
    (await su.query(`INSERT INTO unit (key, organisation_id, name) VALUES ($1, $2, $1) RETURNING id`, [key, orgId])).rows[0].id as string;
  const own = await org('Region Bench');
  const other = await org('Annan Region');
  const ward = await unit(own, 'Bench avdelning');
  const otherWard = await unit(other, 'Annan avdelning');
  const users = async (unitId: string, n: number, prefix: string) =>
    (
      await su.query(
        `WITH u AS (INSERT INTO app_user (key, given_name, family_name, hsa_id)
           SELECT $2 || i, 'Bench', $2 || i, $2 || i FROM generate_series(1, $1) i RETURNING id)
         INSERT INTO membership (user_id, unit_id, role) SELECT id, $3, 'sjukskoterska' FROM u RETURNING user_id`,
        [n, prefix, unitId],
      )
    ).rows.map((r: { user_id: string }) => r.user_id);
  const ownUsers = await users(ward, 50, 'bench-own-');
  const otherUsers = await users(otherWard, 10, 'bench-other-');
  const threads = async (unitId: string, n: number, prefix: string, creator: string) =>
    (
      await su.query(
        `WITH p AS (INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name)
           SELECT 'reservnummer', $2 || lpad(i::text, 6, '0'), 'bench', 'Bench', 'Patient ' || i FROM generate_series(1, $1) i RETURNING id)
         INSERT INTO thread (patient_id, owner_unit_id, patient_given_name, patient_family_name, triage, created_by_user_id)
         SELECT id, $3, 'Bench', 'Patient', 'gron', $4 FROM p RETURNING id, patient_id`,
        [n, prefix, unitId, creator],
      )
    ).rows as { id: string; patient_id: string }[];
  const ownThreads = await threads(ward, 200, 'O', ownUsers[0]);
  const otherThreads = await threads(otherWard, 20, 'A', otherUsers[0]);
  await su.end();

  const app = new Client({ connectionString: appUrl });
  app.on('error', () => undefined);
  await app.connect();
  // One in ten accesses is the other organisation's user on its own thread: outside the reviewer's scope.
  const access = (i: number) => {
    const outside = i % 10 === 7;
    const user = outside ? otherUsers[i % otherUsers.length] : ownUsers[i % ownUsers.length];
    const thread = outside ? otherThreads[i % otherThreads.length] : ownThreads[i % ownThreads.length];
    return { user, thread, unit: outside ? otherWard : ward, org: outside ? other : own, name: `Bench ${user.slice(0, 8)}` };
  };
  const insertPlain = async (from: number, n: number) => {
    const rows = Array.from({ length: n }, (_, k) => access(from + k));
    await app.query(
      `INSERT INTO audit_log (user_id, user_name, unit_id, organisation_id, role, patient_id, thread_id, action, outcome, client_address, organisation_ids)
       SELECT u, un, ut, org, 'sjukskoterska', p, t, 'thread.read', 'allowed', '127.0.0.1', ARRAY[org]
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[]) WITH ORDINALITY AS x(u, un, ut, org, p, t, n)
        ORDER BY n`,
      [
        rows.map((r) => r.user),
        rows.map((r) => r.name),
        rows.map((r) => r.unit),
        rows.map((r) => r.org),
        rows.map((r) => r.thread.patient_id),
        rows.map((r) => r.thread.id),
      ],
    );
  };
  // A covering row as the live push writes it: no reader of its own, each entry its reader and thread.
  const insertCovering = async (from: number) => {
    const entries = Array.from({ length: ENTRIES }, (_, k) => {
      const a = access(from + k);
      return { u: a.user, n: a.name, unit: a.unit, o: a.org, r: 'sjukskoterska', og: [a.org], t: a.thread.id, p: a.thread.patient_id };
    });
    const ids = [...new Set(entries.flatMap((e) => [e.u, e.t, e.p]))];
    await app.query(`INSERT INTO audit_log (action, outcome, details) VALUES ('message.push', 'allowed', $1::jsonb)`, [
      JSON.stringify({ covers: entries, covered: ids }),
    ]);
  };
  const perCovering = covering ? Math.floor(plain / covering) : plain;
  let done = 0;
  let middleSeq = '';
  for (let c = 0; done < plain || c < covering; c++) {
    const n = Math.min(perCovering, plain - done);
    for (let k = 0; k < n; k += 10_000) await insertPlain(done + k, Math.min(10_000, n - k));
    done += n;
    if (c < covering) await insertCovering(c * ENTRIES);
    if (!middleSeq && done >= plain / 2) {
      middleSeq = (await app.query(`SELECT max(seq)::text AS seq FROM audit_log`)).rows[0].seq as string;
    }
  }
  await app.end();
  const an = new Client({ connectionString: superUrl });
  await an.connect();
  await an.query('VACUUM ANALYZE');
  await an.end();
  return { scope: [own], person: ownUsers[3], middleSeq };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
