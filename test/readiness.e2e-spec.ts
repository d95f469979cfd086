import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ADVISORY_LOCKS } from '@brygga/common';
import { EmbeddedPostgres } from '@brygga/database';
import { freePort } from './support/ports';
import { TestApi } from './support/harness';

interface Probe {
  status: number;
  body: { status: string; info?: Record<string, unknown>; error?: Record<string, { status: string; state?: string }> };
}

const probe = async (url: string): Promise<Probe> => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Probe['body'] };
};

/** Polls until the probe answers as wanted (the LISTEN connection and sealer take a moment to notice). */
async function waitFor(url: string, status: number, timeoutMs = 30_000): Promise<Probe> {
  const started = Date.now();
  for (;;) {
    const answer = await probe(url);
    if (answer.status === status) return answer;
    if (Date.now() - started > timeoutMs) throw new Error(`${url} stayed ${answer.status}: ${JSON.stringify(answer.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Liveness and readiness: with PostgreSQL stopped the node is alive (the orchestrator must not
 * restart it) but not ready (the load balancer sends its work elsewhere), and says what is down.
 * A PostgreSQL of its own: the suite's shared one must not be stopped.
 */
describe('liveness and readiness', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brygga-ready-'));
  let pg: EmbeddedPostgres;
  let api: TestApi;

  afterAll(async () => {
    await api?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is ready with everything up, turns 503 naming the database when PostgreSQL stops while live stays 200, and recovers', async () => {
    pg = new EmbeddedPostgres({ dataDir, ephemeral: true, port: await freePort() });
    await pg.start();
    api = await TestApi.start({}, undefined, await pg.ensureDatabase('brygga'));
    const ready = `${api.baseUrl}/api/health/ready`;
    const live = `${api.baseUrl}/api/health/live`;

    const up = await waitFor(ready, 200);
    expect(up.body).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        migrations: { status: 'up' },
        listen: { status: 'up' },
        sealer: { status: 'up' },
        node: { status: 'up' },
      },
    });
    expect((await probe(live)).status).toBe(200);

    await pg.stop();
    const down = await waitFor(ready, 503);
    expect(down.body.status).toBe('error');
    expect(down.body.error).toMatchObject({ database: { status: 'down', state: 'unreachable' } });
    expect(await probe(live)).toMatchObject({ status: 200, body: { status: 'ok' } });
    // The old health answer agrees.
    expect((await fetch(`${api.baseUrl}/api/health`)).status).toBe(503);

    await pg.start();
    expect((await waitFor(ready, 200)).body.status).toBe('ok');
  });
});

/**
 * Under production a node that cannot reach its IdP's discovery document can log nobody in: not
 * ready (outside production the development IdP runs beside the api). Once discovered, a node
 * keeps its configuration (an IdP outage later does not take every node out).
 */
describe('readiness and the IdP', () => {
  let api: TestApi | undefined;
  afterAll(() => api?.close());

  it('is not ready under production while OIDC discovery fails, and says so; live stays 200', async () => {
    // https, since production refuses http:// issuers; nothing listens there.
    const issuer = `https://127.0.0.1:${await freePort()}`;
    api = await TestApi.start({
      NODE_ENV: 'production',
      SESSION_SECRET: 'test-secret-for-production-mode',
      OIDC_ISSUER: issuer,
      ATTACHMENT_SCANNING: 'off',
    });
    const answer = await probe(`${api.baseUrl}/api/health/ready`);
    expect(answer.status).toBe(503);
    expect(answer.body.error).toEqual({ oidc: { status: 'down', state: 'discovery failed' } });
    expect(answer.body.info).toMatchObject({ database: { status: 'up' }, sealer: { status: 'up' } });
    expect((await probe(`${api.baseUrl}/api/health/live`)).status).toBe(200);
  });
});

/**
 * The access log's sealer tells readiness the truth: a node whose AUDIT_KEY_FILE is not the key the
 * chain is sealed with refuses to seal (its links could never be verified with the others') and is
 * not ready; a sealer kept from sealing (its lock held) is not ready once rows wait too long.
 */
describe('readiness and the access-log sealer', () => {
  let api: TestApi | undefined;
  const nodes: TestApi[] = [];
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await api?.close();
  });

  it('is not ready on a node with another audit key, naming the key mismatch, while the right node stays ready', async () => {
    api = await TestApi.start();
    const reviewer = await api.user(await api.unit('slutenvard'), 'logggranskare');
    await api.request(reviewer, 'GET', '/api/audit?limit=1');
    await waitFor(`${api.baseUrl}/api/health/ready`, 200);
    const keyDir = mkdtempSync(join(tmpdir(), 'brygga-otherkey-'));
    const wrong = await TestApi.start({ AUDIT_KEY_FILE: join(keyDir, 'key') }, api);
    nodes.push(wrong);
    const answer = await waitFor(`${wrong.baseUrl}/api/health/ready`, 503);
    expect(answer.body.error?.sealer).toMatchObject({
      status: 'down',
      state: expect.stringMatching(/the chain is keyed with \w+, this node has \w+/),
    });
    expect((await probe(`${api.baseUrl}/api/health/ready`)).status).toBe(200);
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('is not ready when the sealer cannot seal and rows wait longer than AUDIT_UNSEALED_STALE_SECONDS', async () => {
    const node = await TestApi.start({ AUDIT_UNSEALED_STALE_SECONDS: '1' });
    nodes.push(node);
    const reviewer = await node.user(await node.unit('slutenvard'), 'logggranskare');
    await waitFor(`${node.baseUrl}/api/health/ready`, 200);
    // Another session holds the sealers' lock (as a sealer stuck on another node would).
    const holder = new Client({ connectionString: node.superuserUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.auditSealer]);
      await node.request(reviewer, 'GET', '/api/audit?limit=1');
      const answer = await waitFor(`${node.baseUrl}/api/health/ready`, 503);
      expect(answer.body.error?.sealer).toMatchObject({
        status: 'down',
        state: expect.stringMatching(/rows unsealed, the oldest for \d+ s/),
      });
      await holder.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.auditSealer]);
      await waitFor(`${node.baseUrl}/api/health/ready`, 200);
    } finally {
      await holder.end();
    }
  });
});
