import { Client } from 'pg';
import { CSRF_HEADER } from '@brygga/auth';
import { Telemetry } from '@brygga/common';
import { CacheInvalidation } from '@brygga/database';
import { ApiProcess, until } from './support/api-process';
import { freePort, newThreadBody, TestApi, TestSession, TestUser } from './support/harness';

/**
 * Sessions and actors are cached for a few seconds per node (issue 15), yet logout and
 * membership changes still take effect at once on every node: node A is an app in this process
 * (its cache can be watched), node B a real api process of its own; both on one database.
 */
describe('session and actor cache across api nodes', () => {
  let api: TestApi;
  let b: ApiProcess;
  let bMetrics: string;
  let ward: string;
  let hemtjanst: string;
  let elsewhere: string;
  let coordinator: TestUser;
  let admin: TestUser;
  let threadId: string;
  const lookups: string[] = [];

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 7');
    hemtjanst = await api.unit('hemtjanst', 'Hemtjänst Väster');
    // In the same organisation as Hemtjänst Väster: its administrator adds the carer without a second one.
    [{ id: elsewhere }] = await api.dataSource.query(
      `INSERT INTO unit (key, name, organisation_id) SELECT gen_random_uuid()::text, 'Hemtjänst Öster', organisation_id FROM unit WHERE id = $1 RETURNING id`,
      [hemtjanst],
    );
    coordinator = await api.user(ward, 'koordinator', 'Kim');
    admin = await api.user(hemtjanst, 'admin', 'Alva');
    api.app.get(Telemetry).sink((name, _by, label) => lookups.push(`${name}:${label}`));
    const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([hemtjanst]));
    expect(created.status).toBe(201);
    threadId = created.body.id;
    const metricsPort = await freePort();
    bMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    b = await ApiProcess.start(api, { METRICS_PORT: String(metricsPort) });
  });
  afterAll(async () => {
    await b?.kill();
    await api.close();
  });

  /** HTTP on a node with a session made through node A (one public address, as behind a load balancer). */
  const on = async (node: { url: string }, session: TestSession, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        cookie: session.jar.header(api.baseUrl),
        origin: new URL(api.baseUrl).origin,
        [CSRF_HEADER]: session.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
  const nodeA = () => ({ url: api.baseUrl });
  const hits = (name: string) => lookups.filter((l) => l === `${name}:hit`).length;
  /** Cache hits on node B, from its metrics: proof that B served from its cache before the change. */
  const hitsOnB = async (cache: 'session' | 'actor'): Promise<number> => {
    const sample = `brygga_auth_cache_lookups_total{cache="${cache}",outcome="hit"} `;
    const line = (await (await fetch(bMetrics)).text()).split('\n').find((l) => l.startsWith(sample));
    return line ? Number(line.slice(sample.length)) : 0;
  };

  /**
   * Asks (at most six times, each answered `status`) until the node has served `wanted` of the
   * requests from its cache. A login's own session write notifies every node; on a loaded machine
   * that notice can arrive after a request has cached the session and drop the fresh copy once,
   * which costs a miss, not an error.
   */
  const servedFromCache = async (ask: () => Promise<{ status: number }>, status: number, count: () => Promise<number>, wanted: number) => {
    const before = await count();
    for (let i = 0; i < 6 && (await count()) - before < wanted; i++) expect((await ask()).status).toBe(status);
    expect((await count()) - before).toBeGreaterThanOrEqual(wanted);
  };

  const membershipOf = async (user: TestUser, unitId: string): Promise<string> => {
    const list = await on(nodeA(), await api.sessionOf(admin), 'GET', '/api/admin/memberships');
    expect(list.status).toBe(200);
    return list.body.memberships.find((m: { userId: string; unitId: string }) => m.userId === user.id && m.unitId === unitId).membershipId;
  };

  it('node A serves repeated requests from its cache (the cache is really in use)', async () => {
    const session = await api.sessionOf(coordinator);
    const me = () => on(nodeA(), session, 'GET', '/api/me');
    await servedFromCache(me, 200, async () => hits('cache.session'), 2);
    await servedFromCache(me, 200, async () => hits('cache.actor'), 2);
  });

  it('a logout on node A ends the session on node B with the very next request', async () => {
    const user = await api.user(hemtjanst, 'utforare', 'Lo');
    const session = await api.sessionOf(user);
    await servedFromCache(
      () => on(b, session, 'GET', `/api/threads/${threadId}`),
      200,
      () => hitsOnB('session'),
      2,
    );
    expect((await on(nodeA(), session, 'POST', '/auth/logout')).status).toBe(200);
    expect((await on(b, session, 'GET', `/api/threads/${threadId}`)).status).toBe(401);
    expect((await on(b, session, 'GET', '/api/me')).status).toBe(401);
  });

  it('a logout on node B ends the session on node A, whose cache held it, with the very next request', async () => {
    const user = await api.user(hemtjanst, 'utforare', 'Liv');
    const session = await api.sessionOf(user);
    await servedFromCache(
      () => on(nodeA(), session, 'GET', '/api/me'),
      200,
      async () => hits('cache.session'),
      2,
    );
    expect((await on(b, session, 'POST', '/auth/logout')).status).toBe(200);
    expect((await on(nodeA(), session, 'GET', '/api/me')).status).toBe(401);
  });

  it('a membership removed on node A refuses the very next request on node B, and on node A', async () => {
    const carer = await api.user(hemtjanst, 'utforare', 'Ebbe');
    await api.dataSource.query(`INSERT INTO membership (user_id, unit_id, role) VALUES ($1, $2, 'utforare')`, [carer.id, elsewhere]);
    const session = await api.sessionOf(carer);
    const before = await hitsOnB('actor');
    for (const node of [b, nodeA(), b, nodeA()]) expect((await on(node, session, 'GET', `/api/threads/${threadId}`)).status).toBe(200);
    expect((await hitsOnB('actor')) - before).toBeGreaterThanOrEqual(1);
    const id = await membershipOf(carer, hemtjanst);
    expect((await on(nodeA(), await api.sessionOf(admin), 'DELETE', `/api/admin/memberships/${id}`)).status).toBe(204);
    expect((await on(b, session, 'GET', `/api/threads/${threadId}`)).status).toBe(404);
    expect((await on(nodeA(), session, 'GET', `/api/threads/${threadId}`)).status).toBe(404);
  });

  it('a membership added on node A is usable with the very next request on node B', async () => {
    const carer = await api.user(elsewhere, 'utforare', 'Elis');
    const session = await api.sessionOf(carer);
    await servedFromCache(
      () => on(b, session, 'GET', `/api/threads/${threadId}`),
      404,
      () => hitsOnB('actor'),
      2,
    );
    const added = await on(nodeA(), await api.sessionOf(admin), 'POST', '/api/admin/memberships', {
      userId: carer.id,
      unitId: hemtjanst,
      role: 'utforare',
    });
    expect(added.status).toBe(201);
    expect((await on(b, session, 'GET', `/api/threads/${threadId}`)).status).toBe(200);
  });

  it('a change made in the database itself (an operator in psql) reaches the cache of both nodes through the trigger', async () => {
    const carer = await api.user(hemtjanst, 'utforare', 'Edit');
    const session = await api.sessionOf(carer);
    for (const node of [b, nodeA(), b, nodeA()]) expect((await on(node, session, 'GET', `/api/threads/${threadId}`)).status).toBe(200);
    await api.dataSource.query('DELETE FROM membership WHERE user_id = $1', [carer.id]);
    // NOTIFY is delivered at commit; nothing of this node's code ran, so allow it its few milliseconds.
    const started = Date.now();
    const refused = async (node: { url: string }) => {
      while ((await on(node, session, 'GET', `/api/threads/${threadId}`)).status !== 404) {
        if (Date.now() - started > 1000) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    };
    expect(await refused(b)).toBe(true);
    expect(await refused(nodeA())).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('while the LISTEN connection is down nothing is cached; it reconnects by itself and the nodes keep serving', async () => {
    const invalidation = api.app.get(CacheInvalidation);
    const session = await api.sessionOf(coordinator);
    expect(invalidation.live).toBe(true);
    const superuser = new Client({ connectionString: api.superuserUrl });
    await superuser.connect();
    try {
      const killed: unknown[] = await superuser
        .query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'brygga-cache-listen' AND datname = current_database()`,
        )
        .then((r) => r.rows);
      expect(killed.length).toBe(2); // one per node
    } finally {
      await superuser.end();
    }
    await until(() => !invalidation.live, 2000, 'node A to notice');
    const before = lookups.length;
    for (let i = 0; i < 3 && !invalidation.live; i++) expect((await on(nodeA(), session, 'GET', '/api/me')).status).toBe(200);
    if (!invalidation.live) {
      expect(lookups.slice(before).filter((l) => l.endsWith(':hit'))).toEqual([]);
      expect(lookups.slice(before)).toContain('cache.session:bypass');
    }
    await until(() => invalidation.live, 10_000, 'node A to listen again');
    expect((await on(b, session, 'GET', '/api/me')).status).toBe(200);
    expect(b.ended).toBeUndefined();
  });
});
