import { createConnection } from 'node:net';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { TestApi } from './harness';
import type { TestSession } from './login';
import { freePort } from './ports';
import { track } from './leftovers';

const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');
/** A guard against a hang, not a measure: on a shared, loaded machine a node can take 30 s to start. */
const START_TIMEOUT_MS = 90_000;

/**
 * A real api node in its own process (the built `dist`, as `npm start` runs it), sharing the
 * database, IdP client and public address of a TestApi: as nodes behind one load balancer.
 */
export class ApiProcess {
  private output = '';
  /** How the process ended, and when (Date.now()); unset while it runs. */
  ended?: { code: number | null; signal: NodeJS.Signals | null; at: number };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.ended = { code, signal, at: Date.now() };
        resolve(this.ended);
      }),
    );
  }

  static start(
    api: TestApi,
    env: Record<string, string> = {},
    options: { port?: number; startTimeoutMs?: number } = {},
  ): Promise<ApiProcess> {
    return ApiProcess.launch(
      {
        ...api.nodeEnv,
        BRYGGA_SEED_DEMO: '0',
        BRYGGA_BEVAKNING_SECONDS: '0',
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
        API_RATE_LIMIT_PER_MINUTE: '1000000',
        ...api.oidcEnv,
        ...env,
      },
      options,
    );
  }

  /**
   * Any api process (e.g. one with its own embedded PostgreSQL: no DATABASE_URL). `detached`
   * puts it in a process group of its own, which a terminal's Ctrl-C signals as a whole.
   */
  static async launch(
    env: Record<string, string>,
    options: { detached?: boolean; port?: number; startTimeoutMs?: number } = {},
  ): Promise<ApiProcess> {
    const port = options.port ?? (await freePort());
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached ?? false,
    });
    const node = new ApiProcess(`http://127.0.0.1:${port}`, child);
    // A detached node is a process group (e.g. with its own PostgreSQL): a leftover goes as a whole.
    const { forget } = track(Promise.resolve(node), async (n) => {
      n.signal('SIGKILL', options.detached ?? false);
      await n.exited;
    });
    void node.exited.then(forget);
    child.stdout?.on('data', (d: Buffer) => (node.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (node.output += d.toString()));
    const started = Date.now();
    for (;;) {
      if (node.ended) throw new Error(`api process exited:\n${node.output}`);
      try {
        if ((await fetch(`${node.url}/api/health`)).ok) return node;
      } catch {
        /* not yet */
      }
      if (Date.now() - started > (options.startTimeoutMs ?? START_TIMEOUT_MS)) {
        child.kill('SIGKILL');
        throw new Error(`api process did not start:\n${node.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** What the process printed (for a failing test's message). */
  get log(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends a signal (to the whole process group with `group`), without waiting. */
  signal(signal: NodeJS.Signals, group = false): void {
    if (this.ended) return;
    if (group) process.kill(-this.pid, signal);
    else this.child.kill(signal);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.signal(signal);
    await this.exited;
  }

  stop(): Promise<void> {
    return this.kill('SIGTERM');
  }
}

/** A socket.io client as a browser page on the public origin would open it, with the session cookie. */
export function connectSocket(url: string, session: TestSession, publicUrl: string, origin = new URL(publicUrl).origin): Socket {
  return io(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: session.jar.header(publicUrl), origin },
  });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
}

export async function until(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The Redis the tests use: REDIS_URL, or the one the project's machines run. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A test that needs Redis fails without it (never skips): the machines and CI run one. */
export async function requireRedis(url = TEST_REDIS_URL): Promise<void> {
  if (!(await redisReachable(url)))
    throw new Error(`This test needs Redis at ${url} (set REDIS_URL, or start it: redis-server --port 6379 --save "" --appendonly no)`);
}

/** Whether a Redis server answers at url. */
export function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}
