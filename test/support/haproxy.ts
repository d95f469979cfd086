import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ensureDebianPackage } from './debian';
import { freePort } from './harness';
import { track } from './leftovers';

export const HAPROXY_CONFIG = join(__dirname, '..', '..', 'infra', 'haproxy.cfg');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One row of HAProxy's stats CSV (`/stats;csv`), by column name. */
export type StatRow = Record<string, string>;

/**
 * A real HAProxy (Debian's package) running the shipped infra/haproxy.cfg unchanged: only the
 * addresses come from the environment, as the file's header says a site sets them.
 */
export class Balancer {
  private output = '';

  private constructor(
    readonly url: string,
    readonly statsUrl: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** `haproxy -c` on the shipped file with these settings: its messages, and whether it is valid. */
  static async check(env: Record<string, string>): Promise<{ ok: boolean; output: string }> {
    const haproxy = await ensureDebianPackage('/usr/sbin/haproxy', 'haproxy');
    const result = spawnSync(haproxy, ['-c', '-f', HAPROXY_CONFIG], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  }

  static async start(nodePorts: [number, number]): Promise<Balancer> {
    const haproxy = await ensureDebianPackage('/usr/sbin/haproxy', 'haproxy');
    const [port, statsPort] = [await freePort(), await freePort()];
    const child = spawn(haproxy, ['-db', '-f', HAPROXY_CONFIG], {
      env: {
        PATH: process.env.PATH,
        BRYGGA_BIND: `127.0.0.1:${port}`,
        BRYGGA_API1: `127.0.0.1:${nodePorts[0]}`,
        BRYGGA_API2: `127.0.0.1:${nodePorts[1]}`,
        BRYGGA_STATS_BIND: `127.0.0.1:${statsPort}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const balancer = new Balancer(`http://127.0.0.1:${port}`, `http://127.0.0.1:${statsPort}`, child);
    const { forget } = track(Promise.resolve(balancer), (b) => b.stop());
    child.once('exit', forget);
    const started = Date.now();
    while (
      !(await balancer.stats().then(
        () => true,
        () => false,
      ))
    ) {
      if (child.exitCode !== null || Date.now() - started > 10_000) throw new Error(`HAProxy did not start:\n${balancer.log}`);
      await sleep(100);
    }
    return balancer;
  }

  get log(): string {
    return this.output;
  }

  async stats(): Promise<StatRow[]> {
    const text = await (await fetch(`${this.statsUrl}/stats;csv`)).text();
    const [header, ...rows] = text.trim().split('\n');
    const columns = header.replace(/^# /, '').split(',');
    return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [columns[i], value])));
  }

  async row(proxy: string, server: string): Promise<StatRow> {
    const row = (await this.stats()).find((r) => r.pxname === proxy && r.svname === server);
    if (!row) throw new Error(`no stats row ${proxy}/${server}`);
    return row;
  }

  /** Waits until the balancer's active check has marked the server up (it gets work again). */
  async waitUp(server: string, timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    while ((await this.row('brygga_api', server)).status !== 'UP') {
      if (Date.now() - started > timeoutMs) throw new Error(`HAProxy did not mark ${server} up:\n${this.log}`);
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}
