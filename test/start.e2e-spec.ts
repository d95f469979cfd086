import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, TestApi } from './support/harness';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

interface Refusal {
  code: number | null;
  lines: Record<string, unknown>[];
  text: string;
}

/** Runs the built api as an operator would (stdout a pipe, not a terminal) and waits for it to end. */
function run(env: Record<string, string>): Promise<Refusal> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  // A guard against a hang: the refusals start side by side, seven node starts on a loaded machine.
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      const lines = text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return { notJson: line };
          }
        });
      resolve({ code, lines, text });
    }),
  );
}

/** One fatal line that names the setting; every line, from the first, JSON. */
function expectRefusal(result: Refusal, names: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.lines.filter((l) => 'notJson' in l)).toEqual([]);
  const fatal = result.lines.filter((l) => l.level === 'fatal');
  expect(fatal).toHaveLength(1);
  expect(fatal[0]).toMatchObject({ context: 'Brygga', node: expect.any(String), time: expect.any(String) });
  expect(String(fatal[0].msg)).toMatch(names);
  expect(result.text).not.toMatch(/\n\s+at /); // no stack trace
}

/**
 * A start that cannot work refuses with one line that names the setting (as JSON: stdout is no
 * terminal here) and leaves nothing behind, instead of starting a node that is broken or an
 * embedded database with demo users under production.
 */
describe('start-up refusals', () => {
  let api: TestApi;
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-refusals-'));
  const embeddedDir = mkdtempSync(join(tmpdir(), 'brygga-embedded-refusal-'));
  const held: Server[] = [];
  /**
   * Each refusal is a node start of its own (some seconds each, the embedded one with initdb): they
   * run side by side from the start, and each test reads its own (none shares a port or a folder).
   */
  let refusals: Record<'production' | 'httpIssuer' | 'webOrigins' | 'metricsPort' | 'port' | 'unreachable' | 'embedded', Promise<Refusal>>;

  beforeAll(async () => {
    api = await TestApi.start();
    const env = { ...api.nodeEnv, ...api.oidcEnv, NODE_ENV: 'test', LOG_LEVEL: 'info', BRYGGA_SEED_DEMO: '0', HOST: '127.0.0.1' };
    const unreachable = `postgres://brygga:secret@127.0.0.1:${await freePort()}/brygga`;
    // No DATABASE_URL: an embedded PostgreSQL (and the development IdP, whose library prints
    // plain-text warnings of its own: the JSON-only rule is checked by the other refusals).
    const embedded = {
      NODE_ENV: 'test',
      BRYGGA_DATA_DIR: embeddedDir,
      BRYGGA_SEED_DEMO: '0',
      HOST: '127.0.0.1',
      DEV_IDP_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await takenPort()),
    };
    const ports = { metrics: [String(await freePort()), String(await takenPort())], port: String(await takenPort()) };
    refusals = {
      production: run({
        NODE_ENV: 'production',
        BRYGGA_DATA_DIR: dataDir,
        OIDC_ISSUER: 'https://idp.region.se',
        OIDC_CLIENT_SECRET: 's',
        SESSION_SECRET: 'x',
      }),
      httpIssuer: run({
        ...api.nodeEnv,
        NODE_ENV: 'production',
        OIDC_ISSUER: api.idp.issuer,
        OIDC_CLIENT_SECRET: 's',
        SESSION_SECRET: 'x',
      }),
      webOrigins: run({ ...api.nodeEnv, ...api.oidcEnv, NODE_ENV: 'test', WEB_ORIGINS: 'foo' }),
      metricsPort: run({ ...env, PORT: ports.metrics[0], METRICS_PORT: ports.metrics[1] }),
      port: run({ ...env, PORT: ports.port }),
      unreachable: run({ ...api.oidcEnv, NODE_ENV: 'test', DATABASE_URL: unreachable, BRYGGA_SEED_DEMO: '0', HOST: '127.0.0.1' }),
      embedded: run(embedded),
    };
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(refusals ?? {}));
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(embeddedDir, { recursive: true, force: true });
  });

  /** A port some other process holds. */
  async function takenPort(): Promise<number> {
    const server = createServer();
    held.push(server);
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return port;
  }

  it('refuses production without DATABASE_URL, and starts no embedded database', async () => {
    expectRefusal(await refusals.production, /^Brygga did not start: DATABASE_URL is required when NODE_ENV=production/);
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  });

  it('refuses an http:// issuer under production', async () => {
    expectRefusal(await refusals.httpIssuer, /OIDC_ISSUER must be an https:\/\/ URL when NODE_ENV=production/);
  });

  it('names WEB_ORIGINS for a malformed origin, not "Invalid URL"', async () => {
    expectRefusal(await refusals.webOrigins, /WEB_ORIGINS "foo" is not a URL/);
  });

  it('names METRICS_PORT and PORT when another process holds them', async () => {
    const metrics = await refusals.metricsPort;
    expectRefusal(metrics, /METRICS_PORT: port \d+ on 127\.0\.0\.1 is already in use by another process/);
    // The lines before the refusal were JSON from the first one (the api had begun to start).
    expect(metrics.lines.length).toBeGreaterThan(1);
    expectRefusal(await refusals.port, /PORT: port \d+ on 127\.0\.0\.1 is already in use/);
  });

  it('names DATABASE_URL in one line when the database cannot be reached, without retry lines', async () => {
    const result = await refusals.unreachable;
    expectRefusal(result, /DATABASE_URL: the database at 127\.0\.0\.1:\d+\/brygga cannot be reached \(ECONNREFUSED\)/);
    expect(result.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(result.text).not.toContain('secret');
  });

  it('stops the embedded PostgreSQL it started when the port is taken, so the next start finds none', async () => {
    const result = await refusals.embedded;
    expect(result.code).toBe(1);
    const fatal = result.lines.filter((l) => l.level === 'fatal').map((l) => String(l.msg));
    expect(fatal).toEqual([expect.stringMatching(/PORT: port \d+ on 127\.0\.0\.1 is already in use/)]);
    // PostgreSQL removes postmaster.pid when it stops; a server left running would keep it.
    expect(existsSync(join(embeddedDir, 'postgres'))).toBe(true);
    expect(existsSync(join(embeddedDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});

/**
 * `npm start` (prestart: scripts/build.mjs) builds only when the sources changed since the last
 * build: npm test's own build (pretest) leaves a fingerprint that a start finds current.
 */
describe('npm start without needless builds', () => {
  const stamp = join(ROOT, 'dist', '.sources.sha256');
  const build = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), ...args], { encoding: 'utf8' });

  it('finds the build current after a build, builds nothing then, and finds it due when the recorded sources differ', () => {
    expect(build('--check').status).toBe(0);
    const start = build();
    expect(start.status).toBe(0);
    expect(start.stdout).toMatch(/^Build is up to date with the sources \(checked in \d+ ms\): not rebuilding\.$/m);
    const recorded = readFileSync(stamp, 'utf8');
    try {
      writeFileSync(stamp, 'sources of another checkout\n');
      expect(build('--check').status).toBe(1);
    } finally {
      writeFileSync(stamp, recorded);
    }
  });
});
