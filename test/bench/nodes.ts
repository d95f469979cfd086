import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
/** BENCH_API_MAIN: another build of the api (e.g. an older commit's, to compare on the same bench). */
const MAIN = process.env.BENCH_API_MAIN ?? join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One api node: the built product, started as `npm start` starts it. */
export class Node {
  private output = '';
  constructor(
    readonly name: string,
    readonly url: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
    child.stderr?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
  }

  static async start(name: string, env: Record<string, string>): Promise<Node> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    // BENCH_PERF: every node writes /tmp/perf-<pid>.map, so that perf names JIT-compiled functions.
    // BENCH_CPU_PROF: V8's sampling profile of each node, written on exit into bench-cpuprof/ (wall-clock
    // samples: on a loaded machine, time waiting for a core is charged to whatever was on the stack).
    const profile = [
      ...(process.env.BENCH_PERF ? ['--perf-basic-prof'] : []),
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench-cpuprof')}`, `--cpu-prof-name=${name}.cpuprofile`]
        : []),
      // BENCH_NODE_ARGS: more flags for every node (e.g. --trace-gc); its output then goes to bench-node-<name>.log.
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      // BENCH_LOOP_DELAY=1: each second's worst event-loop delay and each GC pause over 5 ms, to bench-loop-<name>.tsv.
      ...(process.env.BENCH_LOOP_DELAY ? ['--require', join(__dirname, 'loop-delay.js')] : []),
    ];
    const child = spawn(process.execPath, [...profile, MAIN], {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        ...env,
        PORT: String(port),
        ...(process.env.BENCH_LOOP_DELAY ? { BENCH_LOOP_DELAY_FILE: join(ROOT, `bench-loop-${name}.tsv`) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new Node(name, `http://127.0.0.1:${port}`, child);
    if (process.env.BENCH_NODE_ARGS) {
      const file = createWriteStream(join(ROOT, `bench-node-${name}.log`));
      child.stdout?.pipe(file);
      child.stderr?.pipe(file);
    }
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited:\n${node.output}`);
      try {
        if ((await fetch(`${node.url}/api/health`)).ok) return node;
      } catch {
        /* starting */
      }
      if (Date.now() - started > 60_000) throw new Error(`${name} did not start:\n${node.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  get log(): string {
    return this.output;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
