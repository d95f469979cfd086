import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { OWNER_ROLE } from '@brygga/database';
import { TEMPLATE_DB, withDatabase } from './global-setup';

export interface TestDatabase {
  /** As the application's role (neither superuser nor owner). */
  url: string;
  /** As the owner role, which runs migrations. */
  ownerUrl: string;
  /** As a superuser: what an attacker with full database access has. */
  superuserUrl: string;
  drop: () => Promise<void>;
}

/** A database of its own for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.BRYGGA_TEST_ADMIN_URL!;
  const name = `brygga_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB} OWNER ${OWNER_ROLE}`);
  await admin.end();
  return {
    url: withDatabase(process.env.BRYGGA_TEST_APP_URL!, name),
    ownerUrl: withDatabase(process.env.BRYGGA_TEST_OWNER_URL!, name),
    superuserUrl: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
