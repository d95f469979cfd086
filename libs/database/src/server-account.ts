import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Under root, the embedded PostgreSQL (which refuses root) runs as an account of its own that
 * Brygga creates: a shared account like `nobody` would let any other process running as it read
 * the cluster. The server's binaries are used only from a folder that nobody but us (or root)
 * could have written: a planted `initdb` or `postgres` would run with that account's rights.
 */
export const SERVER_ACCOUNT = 'brygga-postgres';

export interface Account {
  uid: number;
  gid: number;
}

function lookup(name: string): Account | undefined {
  const found = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  if (found.status !== 0 || !found.stdout) return undefined;
  const [, , uid, gid] = found.stdout.trim().split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** The dedicated system account, created (system user, own group, no home, no shell) when missing. */
export function ensureServerAccount(name = SERVER_ACCOUNT): Account {
  let account = lookup(name);
  if (!account) {
    const made = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name],
      {
        encoding: 'utf8',
      },
    );
    account = lookup(name);
    if (!account) throw new Error(`Could not create the system account ${name} for PostgreSQL: ${made.stderr || made.error?.message}`);
  }
  if (account.uid === 0 || account.gid === 0) throw new Error(`The account ${name} must not be root`);
  return account;
}

const WRITABLE_BY_OTHERS = 0o022;

function trustedOwner(uid: number): boolean {
  return uid === 0 || uid === process.getuid?.();
}

const STICKY = 0o1000;

/**
 * Every folder from `/` down to `path` is owned by root or us and writable by no one else, or is
 * sticky like /tmp (others cannot rename or replace what we own in it).
 */
function sealedParents(path: string): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const st = statSync(dir);
    if (!trustedOwner(st.uid) || (st.mode & WRITABLE_BY_OTHERS && !(st.mode & STICKY))) return false;
    if (dir === dirname(dir)) return true;
  }
}

/** Every file and folder below `root` is owned by root or us and writable by no one else. */
function sealedTree(root: string): boolean {
  const st = lstatSync(root);
  if (!trustedOwner(st.uid)) return false;
  if (st.isSymbolicLink()) return true; // a link's own mode means nothing; its target is checked where it lies
  if (st.mode & WRITABLE_BY_OTHERS) return false;
  return !st.isDirectory() || readdirSync(root).every((entry) => sealedTree(join(root, entry)));
}

export function sealed(path: string): boolean {
  return existsSync(path) && sealedParents(path) && sealedTree(path);
}

/**
 * The server binaries to run: the npm package's own folder when nobody else could have written
 * it, else a fresh copy under the data folder (made by us, checked again before each use).
 * Never a predictable shared path such as /tmp.
 */
export function trustedBinaries(native: string, dataDir: string): string {
  if (sealed(native)) return native;
  const copy = join(dataDir, 'postgres-bin');
  if (sealed(copy) && existsSync(join(copy, 'bin', 'postgres'))) return copy;
  rmSync(copy, { recursive: true, force: true });
  cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  chmodTree(copy);
  if (!sealed(copy)) throw new Error(`The PostgreSQL binaries in ${copy} are writable by another user`);
  return copy;
}

/** Readable and executable by the server's account, writable by us only. */
function chmodTree(path: string): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  chmodSync(path, st.mode & ~WRITABLE_BY_OTHERS & 0o7777);
  if (st.isDirectory()) for (const entry of readdirSync(path)) chmodTree(join(path, entry));
}
