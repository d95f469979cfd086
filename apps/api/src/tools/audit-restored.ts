/* eslint-disable no-console -- a command-line tool reports on stdout */
/**
 * Records a restore of the database in the access log's checkpoint file, so the log verifies after it:
 *   npm run audit:restored                       # the same installation, restored from its backup
 *   npm run audit:restored -- --new-installation # a copy that will run beside its original
 * Run it after pg_restore and before the nodes start, with the installation's AUDIT_KEY_FILE and
 * AUDIT_CHECKPOINT_FILE (the surviving file, or the backup's copy) and the restored database
 * (tool-database.ts). It checks that the restored chain is this key's and holds against every
 * checkpoint up to its end, then appends a signed checkpoint "restored to row N at T" for the
 * installation's id: checkpoints written before it beyond row N (the time the backup did not keep)
 * no longer bind the chain. A backup of another installation (its chain sealed with another key) is
 * refused with one line and nothing is written. `--new-installation` first gives the database an
 * id of its own (as the owner role), so the copy shares neither Redis channels nor checkpoints with
 * its original. Exit code 0 when recorded, 1 when refused, 2 on error.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { Client } from 'pg';
import { loadConfig } from '@brygga/common';
import { installationId } from '@brygga/database';
import { appendCheckpoint, loadAuditKey, readCheckpoints, signCheckpoint, verifyChain } from '@brygga/audit';
import { toolDatabase } from './tool-database';

class Refused extends Error {}

async function newInstallation(ownerUrl: string): Promise<void> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    // The row is append-only for every role; its owner lifts the guard for this one change.
    await owner.query('BEGIN');
    await owner.query('ALTER TABLE installation DISABLE TRIGGER installation_append_only');
    await owner.query('DELETE FROM installation');
    await owner.query('INSERT INTO installation (id) VALUES ($1)', [randomUUID()]);
    await owner.query('ALTER TABLE installation ENABLE TRIGGER installation_append_only');
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await owner.end();
  }
}

async function main(): Promise<number> {
  const config = loadConfig();
  const keyFile = config.audit.keyFile;
  if (!existsSync(keyFile)) throw new Refused(`AUDIT_KEY_FILE: ${keyFile} does not exist: put the installation's key back first`);
  const key = loadAuditKey(keyFile);
  const database = await toolDatabase(config);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const query = (sql: string, params: unknown[] = []) => client.query(sql, params).then((r) => r.rows as unknown[]);
    const [head] = (await query('SELECT seq::text AS seq, hash, key_id FROM audit_chain ORDER BY seq DESC LIMIT 1')) as {
      seq: string;
      hash: Buffer;
      key_id: string | null;
    }[];
    if (!head) throw new Refused('The restored database has no sealed access log: nothing to record (is it the right database?)');
    if (head.key_id !== key.id)
      throw new Refused(
        `Refused: this backup's access log is sealed with key ${head.key_id ?? '(none)'}, AUDIT_KEY_FILE holds key ${key.id}: ` +
          "a backup of another installation, or the wrong key file. Restore it with its own installation's key.",
      );
    const before = await installationId(query);
    const [{ db }] = (await query('SELECT current_database() AS db')) as { db: string }[];
    const at = new Date().toISOString();
    const recordFor = (inst: string) =>
      signCheckpoint(key, {
        inst,
        kind: 'restored',
        seq: head.seq,
        head: head.hash.toString('hex'),
        at,
        node: `${hostname()}:${process.pid}`,
      });
    // The restored chain must hold with the record in place: a restore never papers over a break.
    const file = config.audit.checkpointFile;
    const result = await verifyChain(query, key, readCheckpoints(file, key, { installation: before, database: db }, [recordFor(before)]));
    if (!result.ok)
      throw new Refused(`Refused: the restored access log is broken at row ${result.firstBroken?.seq}: ${result.firstBroken?.reason}`);
    if (process.argv.includes('--new-installation')) await newInstallation(database.ownerUrl);
    const installation = await installationId(query);
    const record = recordFor(installation);
    appendCheckpoint(file, record);
    console.log(
      `Återställningen är registrerad: installation ${installation}${installation !== before ? ` (ny, kopia av ${before})` : ''}, ` +
        `loggkedjan återställd till rad ${head.seq} den ${record.at}, signerad kontrollpunkt i ${file}.`,
    );
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
    process.exit(error instanceof Refused ? 1 : 2);
  },
);
