import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';

const LOCK = '/tmp/brygga-apt.lock';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes sure a program from a Debian package is there (e.g. /usr/sbin/haproxy from `haproxy`),
 * installing the package when it is missing, one worker at a time. A test that needs it fails
 * when it cannot be had: it is never skipped.
 */
export async function ensureDebianPackage(program: string, pkg: string): Promise<string> {
  if (existsSync(program)) return program;
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (existsSync(program)) return program;
      if (Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 600_000) rmdirSync(LOCK);
      if (waited > 600_000) throw new Error(`timed out waiting for another worker's apt-get install (${pkg})`);
      await sleep(500);
    }
  }
  try {
    if (!existsSync(program)) {
      execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkg}`, {
        stdio: 'inherit',
        timeout: 600_000,
      });
    }
  } finally {
    rmdirSync(LOCK);
  }
  if (!existsSync(program)) throw new Error(`${program} is missing after apt-get install ${pkg}`);
  return program;
}
