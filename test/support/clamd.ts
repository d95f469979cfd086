import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './harness';

export const CLAMD = '/usr/sbin/clamd';
const LOCK = '/tmp/brygga-clamav-install.lock';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The EICAR anti-virus test file: harmless, and every scanner is meant to report it. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
export const EICAR_SIGNATURE = 'Brygga.Test.EICAR';

/**
 * Installs Debian's clamav-daemon when clamd is missing (as browser.ts does for chromium, one
 * worker at a time). Returns why it is unavailable, or null when clamd is there.
 */
export async function ensureClamd(): Promise<string | null> {
  if (existsSync(CLAMD)) return null;
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (existsSync(CLAMD)) return null;
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmdirSync(LOCK);
      if (waited > 300_000) return 'timed out waiting for another worker to install clamav-daemon';
      await sleep(500);
    }
  }
  try {
    if (!existsSync(CLAMD)) {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clamav-daemon', {
        stdio: 'inherit',
        timeout: 600_000,
      });
    }
  } catch (error) {
    return `apt-get install clamav-daemon failed: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmdirSync(LOCK);
  }
  return existsSync(CLAMD) ? null : `${CLAMD} is missing after apt-get install clamav-daemon`;
}

/** One ping over the clamd protocol. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('connect', () => socket.end('zPING\0'));
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(reply.startsWith('PONG')));
  });
}

/**
 * A real clamd on a free port with a signature database of one line: the EICAR file's MD5 and
 * size (a ".hdb" hash signature). Nothing is downloaded; it loads in about a second.
 */
export class Clamd {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  /** On `port` when given (a scanner restarted where the api expects it), else a free one. */
  static async start(port?: number): Promise<Clamd> {
    const dir = mkdtempSync(join(tmpdir(), 'brygga-clamd-'));
    mkdirSync(join(dir, 'db'));
    const md5 = createHash('md5').update(EICAR).digest('hex');
    writeFileSync(join(dir, 'db', 'brygga-test.hdb'), `${md5}:${Buffer.byteLength(EICAR)}:${EICAR_SIGNATURE}\n`);
    port ??= await freePort();
    writeFileSync(
      join(dir, 'clamd.conf'),
      [
        'Foreground yes',
        `TCPSocket ${port}`,
        'TCPAddr 127.0.0.1',
        `DatabaseDirectory ${join(dir, 'db')}`,
        `TemporaryDirectory ${dir}`,
        `LogFile ${join(dir, 'clamd.log')}`,
        // Above Brygga's 20 MB per file: a longer stream is refused by clamd, not scanned.
        'StreamMaxLength 64M',
        'SelfCheck 3600',
      ].join('\n') + '\n',
    );
    const child = spawn(CLAMD, ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
    const clamd = new Clamd(port, child, dir);
    const deadline = Date.now() + 60_000;
    while (!(await ping(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await clamd.stop();
        throw new Error(`clamd did not start (exit ${child.exitCode})`);
      }
      await sleep(200);
    }
    return clamd;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
