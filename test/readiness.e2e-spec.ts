import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres, freePort } from '@brygga/database';
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
    api = await TestApi.start({ NODE_ENV: 'production', SESSION_SECRET: 'test-secret-for-production-mode', OIDC_ISSUER: issuer });
    const answer = await probe(`${api.baseUrl}/api/health/ready`);
    expect(answer.status).toBe(503);
    expect(answer.body.error).toEqual({ oidc: { status: 'down', state: 'discovery failed' } });
    expect(answer.body.info).toMatchObject({ database: { status: 'up' }, sealer: { status: 'up' } });
    expect((await probe(`${api.baseUrl}/api/health/live`)).status).toBe(200);
  });
});
