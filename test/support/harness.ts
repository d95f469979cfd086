import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, type OrgKind, type Role } from '@brygga/common';
import { CSRF_HEADER } from '@brygga/auth';
import { Membership, Organisation, Unit, User } from '@brygga/directory';
import { createApp } from '../../apps/api/src/bootstrap';
import { ACR_LOA3, DevIdp, type DevIdentity } from '../../apps/idp/src';
import { CookieJar, driveIdpLogin } from '../../apps/idp/src/testing/drive-login';
import { TEMPLATE_DB, withDatabase } from './global-setup';

import { freePort } from '@brygga/database';

export { freePort };

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
  /** The identity's id at the development IdP (the login form's `login`). */
  key: string;
  name: string;
  unitId: string;
}

/** A logged-in browser: its cookies and the session's CSRF token. */
export interface TestSession {
  jar: CookieJar;
  csrfToken: string;
}

interface Shared {
  idp: DevIdp;
  databaseUrl: string;
  drop: () => Promise<void>;
  instances: number;
  /** Nodes behind one public address share the OIDC client, as behind a load balancer. */
  publicUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * One api instance on its own port with a real dev IdP and its own database. Users log in
 * through the real OIDC flow; `request(user, ...)` logs a user in once and reuses the session.
 */
export class TestApi {
  private readonly sessions = new Map<string, TestSession>();

  private constructor(
    readonly app: INestApplication,
    readonly baseUrl: string,
    private readonly shared: Shared,
  ) {}

  /** Starts an api; with `shareWith`, a second node on the same database and IdP. */
  static async start(env: Record<string, string> = {}, shareWith?: TestApi): Promise<TestApi> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let shared = shareWith?.shared;
    if (shared) {
      shared.instances += 1;
    } else {
      const clientId = `brygga-test-${port}`;
      const clientSecret = randomBytes(24).toString('base64url');
      const client = { clientId, clientSecret, redirectUris: [`${baseUrl}/auth/callback`], postLogoutRedirectUris: [`${baseUrl}/`] };
      const db = await createTestDatabase();
      const idp = await DevIdp.start({ clients: [client], identities: [] });
      shared = { idp, databaseUrl: db.url, drop: db.drop, instances: 1, publicUrl: baseUrl, clientId, clientSecret };
    }
    const config = loadConfig({
      NODE_ENV: 'test',
      BRYGGA_SEED_DEMO: '0',
      PUBLIC_URL: shared.publicUrl,
      OIDC_ISSUER: shared.idp.issuer,
      OIDC_CLIENT_ID: shared.clientId,
      OIDC_CLIENT_SECRET: shared.clientSecret,
      ...env,
    });
    const app = await createApp(config, shared.databaseUrl);
    await app.listen(port, '127.0.0.1');
    return new TestApi(app, baseUrl, shared);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  get databaseUrl(): string {
    return this.shared.databaseUrl;
  }

  get idp(): DevIdp {
    return this.shared.idp;
  }

  /** The settings another node needs to serve this api's users (see ApiProcess). */
  get oidcEnv(): Record<string, string> {
    return {
      PUBLIC_URL: this.shared.publicUrl,
      OIDC_ISSUER: this.shared.idp.issuer,
      OIDC_CLIENT_ID: this.shared.clientId,
      OIDC_CLIENT_SECRET: this.shared.clientSecret,
    };
  }

  async close(): Promise<void> {
    await this.app.close();
    this.shared.instances -= 1;
    if (this.shared.instances === 0) {
      await this.shared.idp.close();
      await this.shared.drop();
    }
  }

  /** Factories: state the intent, get rows. */
  async unit(kind: OrgKind, name = `${kind} ${randomUUID().slice(0, 6)}`): Promise<string> {
    const key = randomUUID();
    const org = await this.dataSource.getRepository(Organisation).save({ key, name: `Org ${name}`, kind });
    const unit = await this.dataSource.getRepository(Unit).save({ key, name, organisationId: org.id, hsaId: null });
    return unit.id;
  }

  /** A directory user with a SITHS identity (or BankID when a personnummer is given) at the dev IdP. */
  async user(unitId: string, role: Role, givenName = 'Test', identity: { personnummer?: string; acr?: string } = {}): Promise<TestUser> {
    const familyName = randomUUID().slice(0, 8);
    const key = `test.${randomUUID()}`;
    const hsaId = identity.personnummer ? null : `SE2321000198-T${randomUUID().slice(0, 8)}`;
    const user = await this.dataSource.getRepository(User).save({
      key,
      givenName,
      familyName,
      personnummer: identity.personnummer ?? null,
      hsaId,
    });
    await this.dataSource.getRepository(Membership).save({ userId: user.id, unitId, role });
    this.identity({
      id: key,
      kind: identity.personnummer ? 'bankid' : 'siths',
      givenName,
      familyName,
      ...(identity.personnummer ? { personnummer: identity.personnummer } : { hsaId: hsaId! }),
      acr: identity.acr ?? ACR_LOA3,
      description: role,
    });
    return { id: user.id, key, name: `${givenName} ${familyName}`, unitId };
  }

  /** An identity at the IdP only (e.g. one the directory does not know). */
  identity(identity: DevIdentity): void {
    this.shared.idp.addIdentity(identity);
  }

  /** Starts a login at the api; returns the IdP authorization URL and the browser's jar. */
  async startLogin(idp: 'bankid' | 'siths' = 'siths', jar = new CookieJar()): Promise<{ authorizeUrl: string; jar: CookieJar }> {
    const res = await jar.fetch(`${this.baseUrl}/auth/login?idp=${idp}`);
    if (res.status !== 302) throw new Error(`/auth/login answered ${res.status}`);
    return { authorizeUrl: res.headers.get('location')!, jar };
  }

  /** The whole code flow as a browser does it: api → IdP login page → api callback. */
  async login(login: string, idp: 'bankid' | 'siths' = 'siths'): Promise<TestSession> {
    const { authorizeUrl, jar } = await this.startLogin(idp);
    const { callbackUrl } = await driveIdpLogin(authorizeUrl, login, jar);
    const callback = await jar.fetch(callbackUrl);
    if (callback.status !== 303) throw new Error(`callback answered ${callback.status}: ${await callback.text()}`);
    const me = await jar.fetch(`${this.baseUrl}/api/me`);
    if (me.status !== 200) throw new Error(`/api/me answered ${me.status}`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    return { jar, csrfToken };
  }

  async sessionOf(user: TestUser): Promise<TestSession> {
    let session = this.sessions.get(user.id);
    if (!session) {
      session = await this.login(user.key, 'siths');
      this.sessions.set(user.id, session);
    }
    return session;
  }

  /** HTTP as a given user (logged in through the IdP on first use) or anonymous. */
  async request(
    user: TestUser | TestSession | null,
    method: string,
    path: string,
    body?: unknown,
    rawBody?: string,
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const session = user === null ? null : 'jar' in user ? user : await this.sessionOf(user);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (session) headers[CSRF_HEADER] = session.csrfToken;
    if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
    const init = { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) };
    const res = session ? await session.jar.fetch(`${this.baseUrl}${path}`, init) : await fetch(`${this.baseUrl}${path}`, init);
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
