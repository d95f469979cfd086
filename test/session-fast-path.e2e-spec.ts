import { request } from 'node:http';
import { Telemetry } from '@brygga/common';
import { TestApi, type TestUser } from './support/harness';

/**
 * The session fast path (libs/auth/src/session-fast-path.ts) serves /api/ requests whose session
 * this node has cached; it must authenticate every request exactly as express-session would, or
 * not at all (then express-session decides). Sessions are cached for a minute here, so that every
 * request after the first one of a session takes the fast path.
 */
describe('the session fast path authenticates as express-session does', () => {
  let api: TestApi;
  let anna: TestUser;
  let bo: TestUser;
  /** A second node on the same database (as behind a load balancer), caching sessions for a minute too. */
  let second: TestApi;
  const lookups: string[] = [];
  const lookupsOnSecond: string[] = [];
  const hits = (on = lookups) => on.filter((l) => l === 'cache.session:hit').length;

  beforeAll(async () => {
    api = await TestApi.start({ AUTH_CACHE_SECONDS: '60' });
    const unit = await api.unit('sof');
    anna = await api.user(unit, 'handlaggare', 'Anna');
    bo = await api.user(unit, 'handlaggare', 'Bo');
    api.app.get(Telemetry).sink((name, _by, label) => lookups.push(`${name}:${label}`));
    second = await TestApi.start({ AUTH_CACHE_SECONDS: '60' }, api);
    second.app.get(Telemetry).sink((name, _by, label) => lookupsOnSecond.push(`${name}:${label}`));
  });
  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  /** The session cookie's value as the browser sends it (as set, %-encoded). */
  const cookieOf = async (user: TestUser): Promise<string> => (await api.sessionOf(user)).jar.get(api.baseUrl, 'brygga.sid')!;

  /** GET /api/me with this Cookie header, byte for byte (fetch refuses some bytes Node's server accepts). */
  const me = (cookie: string, node = api): Promise<{ status: number; userId?: string }> =>
    new Promise((resolve, reject) => {
      const req = request(`${node.baseUrl}/api/me`, { headers: { cookie, accept: 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const body = res.statusCode === 200 ? (JSON.parse(text) as { user: { id: string } }) : undefined;
          resolve({ status: res.statusCode!, userId: body?.user.id });
        });
      });
      req.on('error', reject);
      req.end();
    });

  /**
   * Puts the session in this node's cache, so that the next request with its cookie takes the fast
   * path: a request with the cookie is a cache hit. The login's own session write notifies every
   * node, this one too; when that notice arrives late (a loaded machine), it drops the copy that a
   * request after the login had cached, and the next request reads the session again (a miss, not
   * an error). So this asks until a request hits, a few times at most.
   */
  const cached = async (cookie: string, user: TestUser, node = api, log = lookups): Promise<void> => {
    let hit = false;
    for (let attempt = 0; attempt < 5 && !hit; attempt++) {
      const before = hits(log);
      expect(await me(`brygga.sid=${cookie}`, node)).toEqual({ status: 200, userId: user.id });
      hit = hits(log) > before;
    }
    expect(hit).toBe(true);
  };

  /** The other node refuses the cookie within 3 s (it hears of the change by NOTIFY), well before its cached minute ends. */
  const refusedOnSecondWithin3s = async (cookie: string): Promise<void> => {
    const deadline = Date.now() + 3000;
    let status = (await me(`brygga.sid=${cookie}`, second)).status;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await me(`brygga.sid=${cookie}`, second)).status;
    }
    expect(status).toBe(401);
  };

  it('refuses a cookie whose value ends in a no-break space, as express-session does (its signature does not match)', async () => {
    const cookie = await cookieOf(anna);
    await cached(cookie, anna);
    expect((await me(`brygga.sid=${cookie}\u00a0`)).status).toBe(401);
    expect((await me(`brygga.sid=\u00a0${cookie}`)).status).toBe(401);
  });

  it('reads a name with a no-break space as another cookie, as express-session does', async () => {
    const cookie = await cookieOf(anna);
    await cached(cookie, anna);
    expect((await me(`\u00a0brygga.sid=${cookie}`)).status).toBe(401);
    // Two cookies: express-session's is the second one, Bo's, never Anna's.
    const other = await cookieOf(bo);
    await cached(other, bo);
    expect(await me(`\u00a0brygga.sid=${cookie}; brygga.sid=${other}`)).toEqual({ status: 200, userId: bo.id });
  });

  it('serves the first of two cookies of the name, as express-session does', async () => {
    const cookie = await cookieOf(anna);
    const other = await cookieOf(bo);
    await cached(cookie, anna);
    await cached(other, bo);
    expect(await me(`brygga.sid=${cookie}; brygga.sid=${other}`)).toEqual({ status: 200, userId: anna.id });
    expect(await me(`brygga.sid=${other};brygga.sid=${cookie}`)).toEqual({ status: 200, userId: bo.id });
  });

  it('"Logga ut överallt" on one node refuses the same user\'s other session, cached on the other node, within 3 s', async () => {
    const here = await api.login(anna.key);
    const there = (await api.login(anna.key)).jar.get(api.baseUrl, 'brygga.sid')!;
    await cached(there, anna, second, lookupsOnSecond);
    const out = await api.request(here, 'POST', '/auth/logout/everywhere');
    expect(out.status).toBe(200);
    expect(out.body.sessions).toBeGreaterThanOrEqual(2);
    // The logging-out node drops its own copies at once; the other hears of each ended session by
    // NOTIFY a moment after the answer, long before its cached copy (60 s here) would expire.
    expect((await me(`brygga.sid=${there}`)).status).toBe(401);
    await refusedOnSecondWithin3s(there);
  });
  it("an operator's UPDATE that ends a session (expires_at = now()) refuses it on the other node within 3 s, not after its cached minute", async () => {
    const there = (await api.login(bo.key)).jar.get(api.baseUrl, 'brygga.sid')!;
    await cached(there, bo, second, lookupsOnSecond);
    // The cookie is `s:<sid>.<signature>`, %-encoded.
    const signed = decodeURIComponent(there);
    const sid = signed.slice(2, signed.lastIndexOf('.'));
    const [, ended] = (await api.dataSource.query('UPDATE web_session SET expires_at = now() WHERE sid = $1 AND user_id = $2', [
      sid,
      bo.id,
    ])) as [unknown, number];
    expect(ended).toBe(1);
    await refusedOnSecondWithin3s(there);
  });
});
