import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@brygga/common';
import { EmbeddedPostgres, SERVER_ACCOUNT, sealed, trustedBinaries } from '@brygga/database';
import { DEMO_SEED } from '@brygga/directory';
import { createApp } from '../apps/api/src/bootstrap';

/** The path `npm start` takes with no DATABASE_URL: its own server, its own data folder. */
describe('embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot(): Promise<{ pg: EmbeddedPostgres; app: INestApplication; ds: DataSource }> {
    const pg = new EmbeddedPostgres({ dataDir, ephemeral: true });
    await pg.start();
    const { url, ownerUrl } = await pg.prepareApplicationDatabase('brygga');
    const config = loadConfig({
      NODE_ENV: 'test',
      BRYGGA_SEED_DEMO: '1',
      DATABASE_URL: url,
      DATABASE_OWNER_URL: ownerUrl,
      BRYGGA_DATA_DIR: dataDir,
    });
    const app = await createApp(config, url);
    await app.init();
    return { pg, app, ds: app.get(DataSource) };
  }

  it('starts, migrates, loads the demo directory once, and keeps its data across a restart', async () => {
    let { pg, app, ds } = await boot();
    const orgs = await ds.query('SELECT count(*)::int AS c FROM organisation');
    expect(orgs[0].c).toBe(DEMO_SEED.organisations.length);
    // The demo users, and Brygga's own user (the author of Bevakning entries, created by a migration).
    const users = await ds.query(`SELECT count(*)::int AS c FROM app_user WHERE key <> 'brygga.system'`);
    expect(users[0].c).toBe(DEMO_SEED.users.length);
    // A reserve number: the demo threads already use Skatteverket's test personnummer.
    await ds.query(
      `INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name) VALUES ('reservnummer', 'KVAR-0001', 'test', 'Kvar', 'Efter')`,
    );
    await app.close();
    await pg.stop();

    ({ pg, app, ds } = await boot());
    const again = await ds.query('SELECT count(*)::int AS c FROM organisation');
    expect(again[0].c).toBe(DEMO_SEED.organisations.length);
    const kept = await ds.query(`SELECT given_name FROM patient WHERE identity_number = 'KVAR-0001'`);
    expect(kept).toEqual([{ given_name: 'Kvar' }]);
    // The demo threads were loaded once, not again on the restart.
    const demo = await ds.query(`SELECT count(*)::int AS c FROM thread WHERE idempotency_key LIKE 'demo:%'`);
    expect(demo[0].c).toBe(6);
    const migrations = await ds.query('SELECT count(*)::int AS c FROM schema_migration');
    expect(migrations[0].c).toBeGreaterThan(0);
    await app.close();
    await pg.stop();
  });

  it('runs the server as a dedicated account when started as root, from binaries only we could write', () => {
    const cluster = statSync(join(dataDir, 'postgres'));
    expect(cluster.mode & 0o077).toBe(0);
    for (const file of ['postgres-password', 'postgres-owner-password', 'postgres-app-password']) {
      const st = statSync(join(dataDir, file));
      expect([file, st.mode & 0o777, st.uid]).toEqual([file, 0o600, process.getuid?.()]);
    }
    if (process.getuid?.() !== 0) return;
    const account = spawnSync('getent', ['passwd', SERVER_ACCOUNT], { encoding: 'utf8' }).stdout.split(':');
    expect(cluster.uid).toBe(Number(account[2]));
    expect(cluster.uid).not.toBe(0);
    expect(cluster.uid).not.toBe(65534); // not the shared `nobody`
    expect(account[6].trim()).toBe('/usr/sbin/nologin');
  });

  it('never runs binaries from a folder another user could have written, and replaces a tampered copy', () => {
    const planted = mkdtempSync(join(tmpdir(), 'brygga-planted-'));
    try {
      mkdirSync(join(planted, 'bin'));
      writeFileSync(join(planted, 'bin', 'postgres'), '#!/bin/sh\necho planted\n', { mode: 0o777 });
      chmodSync(join(planted, 'bin', 'postgres'), 0o777); // writable by anyone: what another user could plant
      expect(sealed(planted)).toBe(false);
      const copy = trustedBinaries(planted, dataDir);
      expect(copy).toBe(join(dataDir, 'postgres-bin'));
      expect(statSync(join(copy, 'bin', 'postgres')).mode & 0o022).toBe(0);
      expect(sealed(copy)).toBe(true);
    } finally {
      rmSync(planted, { recursive: true, force: true });
      rmSync(join(dataDir, 'postgres-bin'), { recursive: true, force: true });
    }
  });
});
