/* eslint-disable no-console -- a command-line tool reports on stdout */
/**
 * Checks the access log in the database against its key and the signed checkpoints:
 *   npm run audit:verify
 * The server is named explicitly (tool-database.ts): DATABASE_URL, or EMBEDDED_PG_PORT for the
 * running embedded PostgreSQL under BRYGGA_DATA_DIR, or, when that server is not running, it is
 * started for the check. Read-only: rows not sealed yet are left to the api. Checkpoints count when
 * they are this installation's (its id in the database, kept across a restore). A chain that no
 * checkpoint vouches for is not called whole: without one, rows removed from its end would not show.
 * Exit code 0 when the chain holds against at least one checkpoint, 1 when it does not (the first
 * row that differs is named) or no checkpoint could be checked, 2 on error.
 */
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { loadConfig } from '@brygga/common';
import { installationId } from '@brygga/database';
import { loadAuditKey, readCheckpoints, verifyChain } from '@brygga/audit';
import { toolDatabase } from './tool-database';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!existsSync(config.audit.keyFile))
    throw new Error(`AUDIT_KEY_FILE: ${config.audit.keyFile} does not exist: the access log's key is needed`);
  const database = await toolDatabase(config);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const key = loadAuditKey(config.audit.keyFile);
    const query = (sql: string, params: unknown[] = []) => client.query(sql, params).then((r) => r.rows as unknown[]);
    const [{ db }] = (await query('SELECT current_database() AS db')) as { db: string }[];
    const installation = await installationId(query);
    const file = config.audit.checkpointFile;
    const checkpoints = readCheckpoints(file, key, { installation, database: db });
    const result = await verifyChain(query, key, checkpoints);
    console.log(JSON.stringify({ installation, ...result }, null, 2));
    for (const r of checkpoints.restores) console.log(`Återställd till rad ${r.seq} den ${r.at} (registrerad av ${r.node}).`);
    if (checkpoints.superseded)
      console.log(
        `${checkpoints.superseded} kontrollpunkter från tiden som en återställning tog bort gäller inte längre (de står kvar i filen).`,
      );
    if (!result.ok) {
      console.log(`Kedjan är bruten vid rad ${result.firstBroken?.seq}: ${result.firstBroken?.reason}`);
      return 1;
    }
    if (result.checkpoints.checked === 0) {
      console.log(
        `Kedjan kan inte styrkas: ingen kontrollpunkt för installationen ${installation} med nyckeln ${key.id} i ${file}` +
          (checkpoints.foreign ? ` (${checkpoints.foreign} rader gäller en annan installation eller nyckel)` : '') +
          '. Efter en återställning: npm run audit:restored.',
      );
      return 1;
    }
    console.log(`Kedjan är hel: ${result.checkedRows} rader, ${result.checkpoints.checked} kontrollpunkter.`);
    return 0;
  } finally {
    await client.end();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
