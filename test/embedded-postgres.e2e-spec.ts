import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@brygga/common';
import { EmbeddedPostgres } from '@brygga/database';
import { DEMO_SEED } from '@brygga/directory';
import { createApp } from '../apps/api/src/bootstrap';

/** The path `npm start` takes with no DATABASE_URL: its own server, its own data folder. */
describe('embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot(): Promise<{ pg: EmbeddedPostgres; app: INestApplication; ds: DataSource }> {
    const pg = new EmbeddedPostgres({ dataDir, ephemeral: true });
    await pg.start();
    const url = await pg.ensureDatabase('brygga');
    const app = await createApp(loadConfig({ NODE_ENV: 'test', BRYGGA_SEED_DEMO: '1' }), url);
    await app.init();
    return { pg, app, ds: app.get(DataSource) };
  }

  it('starts, migrates, loads the demo directory once, and keeps its data across a restart', async () => {
    let { pg, app, ds } = await boot();
    const orgs = await ds.query('SELECT count(*)::int AS c FROM organisation');
    expect(orgs[0].c).toBe(DEMO_SEED.organisations.length);
    const users = await ds.query('SELECT count(*)::int AS c FROM app_user');
    expect(users[0].c).toBe(DEMO_SEED.users.length);
    await ds.query(`INSERT INTO patient (identity_type, identity_number, given_name, family_name) VALUES ('personnummer', '190108219817', 'Kvar', 'Efter')`);
    await app.close();
    await pg.stop();

    ({ pg, app, ds } = await boot());
    const again = await ds.query('SELECT count(*)::int AS c FROM organisation');
    expect(again[0].c).toBe(DEMO_SEED.organisations.length);
    const kept = await ds.query(`SELECT given_name FROM patient WHERE identity_number = '190108219817'`);
    expect(kept).toEqual([{ given_name: 'Kvar' }]);
    const migrations = await ds.query('SELECT count(*)::int AS c FROM schema_migration');
    expect(migrations[0].c).toBeGreaterThan(0);
    await app.close();
    await pg.stop();
  });

  it('runs the server as an unprivileged account when started as root', () => {
    const cluster = statSync(join(dataDir, 'postgres'));
    if (process.getuid?.() === 0) expect(cluster.uid).not.toBe(0);
    expect(cluster.mode & 0o077).toBe(0);
  });
});
