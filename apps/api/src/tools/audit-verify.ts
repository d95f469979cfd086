/* eslint-disable no-console -- a command-line tool reports on stdout */
/**
 * Checks the access log in the database against its key and the signed checkpoints:
 *   npm run audit:verify
 * Uses DATABASE_URL, or the embedded PostgreSQL under BRYGGA_DATA_DIR (the running one, or
 * started for the check). Read-only: rows not sealed yet are left to the api. Exit code 0 when
 * the chain holds, 1 when it does not (the first row that differs is named), 2 on error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@brygga/common';
import { EmbeddedPostgres } from '@brygga/database';
import { loadAuditKey, readCheckpoints, verifyChain } from '@brygga/audit';

/** The port of an embedded server that is running now (its postmaster.pid), if any. */
function runningPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return undefined;
  }
  return Number(lines[3]);
}

async function main(): Promise<number> {
  const config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const password = readFileSync(join(config.dataDir, 'postgres-app-password'), 'utf8').trim();
    const port = runningPort(config.dataDir);
    if (port) url = `postgres://brygga_app:${encodeURIComponent(password)}@127.0.0.1:${port}/brygga`;
    else {
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
