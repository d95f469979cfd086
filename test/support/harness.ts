import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, type OrgKind, type Role } from '@brygga/common';
import { TEST_USER_HEADER } from '@brygga/auth';
import { Membership, Organisation, Unit, User } from '@brygga/directory';
import { createApp } from '../../apps/api/src/bootstrap';
import { TEMPLATE_DB, withDatabase } from './global-setup';

/** A database of its own for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.BRYGGA_TEST_ADMIN_URL!;
  const name = `brygga_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestUser {
  id: string;
  name: string;
  unitId: string;
}

export class TestApi {
  private constructor(
    readonly app: INestApplication,
    readonly baseUrl: string,
    readonly databaseUrl: string,
    private readonly drop: () => Promise<void>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestApi> {
    const db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', BRYGGA_TEST_AUTH: '1', BRYGGA_SEED_DEMO: '0', ...env });
    const app = await createApp(config, db.url);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TestApi(app, `http://127.0.0.1:${port}`, db.url, db.drop);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.drop();
  }

  /** Factories: state the intent, get rows. */
  async unit(kind: OrgKind, name = `${kind} ${randomUUID().slice(0, 6)}`): Promise<string> {
    const key = randomUUID();
    const org = await this.dataSource.getRepository(Organisation).save({ key, name: `Org ${name}`, kind });
    const unit = await this.dataSource.getRepository(Unit).save({ key, name, organisationId: org.id, hsaId: null });
    return unit.id;
  }

  async user(unitId: string, role: Role, givenName = 'Test'): Promise<TestUser> {
    const familyName = randomUUID().slice(0, 8);
    const user = await this.dataSource.getRepository(User).save({
      key: randomUUID(),
      givenName,
      familyName,
      personnummer: null,
      hsaId: `SE2321000198-T${randomUUID().slice(0, 8)}`,
    });
    await this.dataSource.getRepository(Membership).save({ userId: user.id, unitId, role });
    return { id: user.id, name: `${givenName} ${familyName}`, unitId };
  }

  /** HTTP as a given user (or anonymous). Returns status, headers and parsed JSON. */
  async request(
    user: TestUser | null,
    method: string,
    path: string,
    body?: unknown,
    rawBody?: string,
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (user) headers[TEST_USER_HEADER] = user.id;
    if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
}

/** Skatteverket's published test personal identity numbers. */
export const TEST_PERSONNUMMER = ['190006129803', '190704019801', '190108219817', '189103179801'] as const;

export function newThreadBody(participantUnitIds: string[], patient: Record<string, unknown> = {}) {
  return {
    patient: { personnummer: '19000612-9803', givenName: 'Tekla', familyName: 'Testsson', ...patient },
    participantUnitIds,
    triage: 'gul',
  };
}
