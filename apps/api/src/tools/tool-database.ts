import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@brygga/common';
import { EmbeddedPostgres } from '@brygga/database';

/** Whether an embedded server seems to run on the data folder (then it is not started a second time). */
function seemsRunning(dataDir: string): boolean {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The database a command-line tool works on, named explicitly: DATABASE_URL (and DATABASE_OWNER_URL),
 * or EMBEDDED_PG_PORT for the running embedded PostgreSQL under BRYGGA_DATA_DIR, or, when that server
 * is not running, it is started for the tool. The port is never taken from postmaster.pid: the
 * server's own account can rewrite that file and point the tool at a server of its making.
 */
export async function toolDatabase(config: AppConfig): Promise<{ url: string; ownerUrl: string; stop: () => Promise<void> }> {
  if (config.databaseUrl)
    return { url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl ?? config.databaseUrl, stop: async () => undefined };
  const password = (name: string) => encodeURIComponent(readFileSync(join(config.dataDir, name), 'utf8').trim());
  const port = config.embeddedPgPort;
  if (port) {
    return {
      url: `postgres://brygga_app:${password('postgres-app-password')}@127.0.0.1:${port}/brygga`,
      ownerUrl: `postgres://brygga_owner:${password('postgres-owner-password')}@127.0.0.1:${port}/brygga`,
      stop: async () => undefined,
    };
  }
  if (seemsRunning(config.dataDir)) {
    throw new Error(
      `The embedded PostgreSQL under ${config.dataDir} is running: name it with EMBEDDED_PG_PORT=<port> (npm start prints it) or DATABASE_URL. ` +
        'The port is not read from postmaster.pid, which the server account can rewrite.',
    );
  }
  const embedded = new EmbeddedPostgres({ dataDir: config.dataDir });
  await embedded.start();
  const { url, ownerUrl } = await embedded.prepareApplicationDatabase('brygga');
  return { url, ownerUrl, stop: () => embedded.stop() };
}
