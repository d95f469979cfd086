import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { freePort, type TestApi, type TestSession } from './harness';

const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

/**
 * A real api node in its own process (the built `dist`, as `npm start` runs it), sharing the
 * database, IdP client and public address of a TestApi: as nodes behind one load balancer.
 */
export class ApiProcess {
  private output = '';
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(api: TestApi, env: Record<string, string> = {}): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: api.databaseUrl,
        BRYGGA_SEED_DEMO: '0',
        ...api.oidcEnv,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new ApiProcess(`http://127.0.0.1:${port}`, child);
    child.stdout?.on('data', (d: Buffer) => (node.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (node.output += d.toString()));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`api process exited:\n${node.output}`);
      try {
        if ((await fetch(`${node.url}/api/health`)).ok) return node;
      } catch {
        /* not yet */
      }
      if (Date.now() - started > 30_000) throw new Error(`api process did not start:\n${node.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** What the process printed (for a failing test's message). */
  get log(): string {
    return this.output;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
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
