import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { register } from 'tsconfig-paths';
import { DataSource } from 'typeorm';
import type * as Database from '@brygga/database';
import type * as Entities from '../../apps/api/src/entities';

export const TEMPLATE_DB = 'brygga_test_template';

/**
 * One PostgreSQL for the whole run: the embedded one in a temporary folder (fsync off), or the
 * server in DATABASE_URL. Migrations run once into a template; each test file clones it.
 * Each tier that needs a database (service, e2e, web: jest.config.js) names this set-up; Jest
 * calls it once per such tier, in one process, so the second call finds the first one's server.
 */
export default async function globalSetup(): Promise<void> {
  const g = globalThis as { __bryggaTestDatabase?: Promise<void> };
  await (g.__bryggaTestDatabase ??= prepare());
}

async function prepare(): Promise<void> {
  // Jest's globalSetup gets the transform but not moduleNameMapper: resolve @brygga/* here.
  /* eslint-disable @typescript-eslint/no-require-imports -- must load after register() */
  register({ baseUrl: join(__dirname, '..', '..'), paths: { '@brygga/*': ['libs/*/src'] } });
  const { EmbeddedPostgres, dataSourceOptions, runMigrations } = require('@brygga/database') as typeof Database;
  const { ENTITIES, MIGRATIONS } = require('../../apps/api/src/entities') as typeof Entities;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'brygga-test-'));
    const embedded = new EmbeddedPostgres({ dataDir, ephemeral: true });
    await embedded.start();
    (globalThis as { __bryggaPostgres?: Database.EmbeddedPostgres }).__bryggaPostgres = embedded;
    (globalThis as { __bryggaDataDir?: string }).__bryggaDataDir = dataDir;
    adminUrl = embedded.url();
  }
  process.env.BRYGGA_TEST_ADMIN_URL = adminUrl;
  // The app runs as its own role in every test, as in production: the tests prove the grants suffice.
  const { APP_ROLE, OWNER_ROLE, ensureRoles } = require('@brygga/database') as typeof Database;
  const passwords = { owner: randomBytes(18).toString('hex'), app: randomBytes(18).toString('hex') };
  process.env.BRYGGA_TEST_OWNER_URL = withRole(adminUrl, OWNER_ROLE, passwords.owner);
  process.env.BRYGGA_TEST_APP_URL = withRole(adminUrl, APP_ROLE, passwords.app);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await ensureRoles(admin, passwords);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB} OWNER ${OWNER_ROLE}`);
  await admin.end();
  const dataSource = new DataSource(
    dataSourceOptions({
      url: withDatabase(process.env.BRYGGA_TEST_OWNER_URL, TEMPLATE_DB),
      entities: ENTITIES,
      migrations: MIGRATIONS,
      poolSize: 2,
    }),
  );
  await dataSource.initialize();
  await runMigrations(dataSource, withDatabase(process.env.BRYGGA_TEST_APP_URL, TEMPLATE_DB));
  await dataSource.destroy();
}

function withRole(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.toString();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
