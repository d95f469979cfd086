/* eslint-disable no-console -- a command-line tool reports on stdout */
/**
 * Checks the access log in the database against its key and the signed checkpoints:
 *   npm run audit:verify
 * The server is named explicitly: DATABASE_URL, or EMBEDDED_PG_PORT for the running embedded
 * PostgreSQL under BRYGGA_DATA_DIR (npm start prints its port), or, when that server is not
 * running, it is started for the check. The port is never taken from postmaster.pid: the server's
 * own account can rewrite that file and point the check at a server of its making. Read-only: rows
 * not sealed yet are left to the api. Exit code 0 when the chain holds, 1 when it does not (the
 * first row that differs is named), 2 on error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@brygga/common';
import { EmbeddedPostgres } from '@brygga/database';
import { loadAuditKey, readCheckpoints, verifyChain } from '@brygga/audit';

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

async function main(): Promise<number> {
  const config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const password = readFileSync(join(config.dataDir, 'postgres-app-password'), 'utf8').trim();
    const port = config.embeddedPgPort;
    if (port) url = `postgres://brygga_app:${encodeURIComponent(password)}@127.0.0.1:${port}/brygga`;
    else if (seemsRunning(config.dataDir)) {
      throw new Error(
        `The embedded PostgreSQL under ${config.dataDir} is running: name it with EMBEDDED_PG_PORT=<port> (npm start prints it) or DATABASE_URL. ` +
          'The port is not read from postmaster.pid, which the server account can rewrite.',
      );
    } else {
      embedded = new EmbeddedPostgres({ dataDir: config.dataDir });
      await embedded.start();
      url = (await embedded.prepareApplicationDatabase('brygga')).url;
    }
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const key = loadAuditKey(config.audit.keyFile);
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    const checkpoints = readCheckpoints(config.audit.checkpointFile, key, rows[0].db);
    const result = await verifyChain((sql, params) => client.query(sql, params).then((r) => r.rows), key, checkpoints);
    console.log(JSON.stringify(result, null, 2));
    if (result.ok) console.log(`Kedjan är hel: ${result.checkedRows} rader, ${result.checkpoints.checked} kontrollpunkter.`);
    else console.log(`Kedjan är bruten vid rad ${result.firstBroken?.seq}: ${result.firstBroken?.reason}`);
    return result.ok ? 0 : 1;
  } finally {
    await client.end();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
