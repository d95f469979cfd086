import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig, type OrgKind, type Role } from '@brygga/common';
import { CSRF_HEADER } from '@brygga/auth';
import { Membership, Organisation, Unit, User } from '@brygga/directory';
import { createApp } from '../../apps/api/src/bootstrap';
import { ACR_LOA3, DevIdp, type DevIdentity } from '../../apps/idp/src';
import { CookieJar, driveIdpLogin } from '../../apps/idp/src/testing/drive-login';
import { loginAt, startLoginAt, type TestSession } from './login';
import { track } from './leftovers';
import { freePort } from './ports';
import { createTestDatabase, type TestDatabase } from './test-database';
import { newThreadBody } from './bodies';

export { freePort };
export { loginAt, type TestSession } from './login';
export { createTestDatabase, type TestDatabase } from './test-database';
export { newThreadBody, TEST_PERSONNUMMER } from './bodies';

export interface TestUser {
  id: string;
  /** The identity's id at the development IdP (the login form's `login`). */
  key: string;
  name: string;
  unitId: string;
}

interface Shared {
  idp: DevIdp;
  db: TestDatabase;
  /** The nodes' data folder: the access log's key and checkpoint file, as nodes sharing a volume. */
  dataDir: string;
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
  private closing?: Promise<void>;
  private forget = (): void => undefined;

  private constructor(
    readonly app: INestApplication,
    readonly baseUrl: string,
    private readonly shared: Shared,
  ) {}

  /**
   * Starts an api; with `shareWith`, a second node on the same database and IdP; with
   * `databaseUrl`, on that (empty or migrated) database instead of a clone of the template.
   */
  static start(env: Record<string, string> = {}, shareWith?: TestApi, databaseUrl?: string): Promise<TestApi> {
    const starting = TestApi.boot(env, shareWith, databaseUrl);
    const { forget } = track(starting, (api) => api.close());
    return starting.then((api) => Object.assign(api, { forget }));
  }

  private static async boot(
    env: Record<string, string>,
    shareWith: TestApi | undefined,
    databaseUrl: string | undefined,
  ): Promise<TestApi> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let shared = shareWith?.shared;
    if (shared) {
      shared.instances += 1;
    } else {
      const clientId = `brygga-test-${port}`;
      const clientSecret = randomBytes(24).toString('base64url');
      const client = { clientId, clientSecret, redirectUris: [`${baseUrl}/auth/callback`], postLogoutRedirectUris: [`${baseUrl}/`] };
      // A database of the caller's (e.g. a restartable cluster): one role for everything there.
      // The clone (PostgreSQL's work) and the IdP's start (its signing key: this process's) overlap.
      const [db, idp] = await Promise.allSettled([
        databaseUrl
          ? { url: databaseUrl, ownerUrl: databaseUrl, superuserUrl: databaseUrl, drop: async () => undefined }
          : createTestDatabase(),
        DevIdp.start({ clients: [client], identities: [] }),
      ]);
      if (db.status === 'rejected' || idp.status === 'rejected') {
        // Neither is left behind when the other failed.
        if (idp.status === 'fulfilled') await idp.value.close();
        if (db.status === 'fulfilled') await db.value.drop();
        throw db.status === 'rejected' ? db.reason : (idp as PromiseRejectedResult).reason;
      }
      const dataDir = mkdtempSync(join(tmpdir(), 'brygga-node-'));
      shared = { idp: idp.value, db: db.value, dataDir, instances: 1, publicUrl: baseUrl, clientId, clientSecret };
    }
    const config = loadConfig({
      NODE_ENV: 'test',
      BRYGGA_SEED_DEMO: '0',
      BRYGGA_BEVAKNING_SECONDS: '0',
      PUBLIC_URL: shared.publicUrl,
      OIDC_ISSUER: shared.idp.issuer,
      OIDC_CLIENT_ID: shared.clientId,
      OIDC_CLIENT_SECRET: shared.clientSecret,
      // Tests log many users in from one address; the rate-limit tests set their own limit.
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      DATABASE_URL: shared.db.url,
      DATABASE_OWNER_URL: shared.db.ownerUrl,
      BRYGGA_DATA_DIR: shared.dataDir,
      // A production-mode test would otherwise take the default 9464, which another copy of Brygga
      // on the machine may hold (the test then fails on a port, not on what it checks).
      METRICS_PORT: '0',
      ...env,
    });
    const app = await createApp(config, shared.db.url).catch(async (error: unknown) => {
      // A refused start (e.g. a broken rules file) must not leave the IdP and database behind.
      if (!shareWith) {
        await shared.idp.close();
        await shared.db.drop();
      }
      throw error;
    });
    await app.listen(port, '127.0.0.1');
    return new TestApi(app, baseUrl, shared);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /** The application role's URL (what the api connects with). */
  get databaseUrl(): string {
    return this.shared.db.url;
  }

  /** A superuser's URL for this database: for tests that play an attacker with full access. */
  get superuserUrl(): string {
    return this.shared.db.superuserUrl;
  }

  /** What another node on this database needs: both URLs and the shared data folder. */
  get nodeEnv(): Record<string, string> {
    return { DATABASE_URL: this.shared.db.url, DATABASE_OWNER_URL: this.shared.db.ownerUrl, BRYGGA_DATA_DIR: this.shared.dataDir };
  }

  get dataDir(): string {
    return this.shared.dataDir;
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

  /** Closes this node (once, however often called); the last node of a database drops it. */
  close(): Promise<void> {
    this.forget();
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    await this.app.close();
    this.shared.instances -= 1;
    if (this.shared.instances === 0) {
      await this.shared.idp.close();
      await this.shared.db.drop();
      rmSync(this.shared.dataDir, { recursive: true, force: true });
    }
  }

  /** Factories: state the intent, get rows. */
  async unit(kind: OrgKind, name = `${kind} ${randomUUID().slice(0, 6)}`): Promise<string> {
    const key = randomUUID();
    const org = await this.dataSource.getRepository(Organisation).save({ key, name: `Org ${name}`, kind });
    const unit = await this.dataSource.getRepository(Unit).save({ key, name, organisationId: org.id, hsaId: null });
    return unit.id;
  }

  /** The set-up many tests start from: a ward with a koordinator, an SOF unit, and one thread between them. */
  async wardThread(): Promise<{ ward: string; sof: string; coordinator: TestUser; threadId: string }> {
    const ward = await this.unit('slutenvard');
    const sof = await this.unit('sof');
    const coordinator = await this.user(ward, 'koordinator');
    const threadId = (await this.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]))).body.id as string;
    return { ward, sof, coordinator, threadId };
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

  /**
   * A citizen of "Min hemgång" (a patient or närstående, BankID), logged in through the real flow as
   * a citizen; `request(citizen, …)` then uses that session. Not a user of the directory.
   */
  async citizen(givenName: string, personnummer: string): Promise<TestUser> {
    const key = `citizen.${randomUUID()}`;
    this.identity({ id: key, kind: 'bankid', givenName, familyName: 'Testsson', personnummer, acr: ACR_LOA3, description: 'Patient' });
    const jar = new CookieJar();
    const start = await jar.fetch(`${this.baseUrl}/auth/login?idp=bankid&som=medborgare`);
    const { callbackUrl } = await driveIdpLogin(start.headers.get('location')!, key, jar);
    const callback = await jar.fetch(callbackUrl);
    if (callback.status !== 303) throw new Error(`callback answered ${callback.status}`);
    const me = await jar.fetch(`${this.baseUrl}/api/medborgare/jag`);
    if (me.status !== 200) throw new Error(`/api/medborgare/jag answered ${me.status}`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    this.sessions.set(key, { jar, csrfToken });
    return { id: key, key, name: `${givenName} Testsson`, unitId: '' };
  }

  /** An identity at the IdP only (e.g. one the directory does not know). */
  identity(identity: DevIdentity): void {
    this.shared.idp.addIdentity(identity);
  }

  /** Starts a login at the api; returns the IdP authorization URL and the browser's jar. */
  startLogin(idp: 'bankid' | 'siths' = 'siths', jar = new CookieJar()): Promise<{ authorizeUrl: string; jar: CookieJar }> {
    return startLoginAt(this.baseUrl, idp, jar);
  }

  /** The whole code flow as a browser does it: api → IdP login page → api callback. */
  login(login: string, idp: 'bankid' | 'siths' = 'siths'): Promise<TestSession> {
    return loginAt(this.baseUrl, login, idp);
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
