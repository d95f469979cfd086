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
  const lookups: string[] = [];
  const hits = () => lookups.filter((l) => l === 'cache.session:hit').length;

  beforeAll(async () => {
    api = await TestApi.start({ AUTH_CACHE_SECONDS: '60' });
    const unit = await api.unit('sof');
    anna = await api.user(unit, 'handlaggare', 'Anna');
    bo = await api.user(unit, 'handlaggare', 'Bo');
    api.app.get(Telemetry).sink((name, _by, label) => lookups.push(`${name}:${label}`));
  });
  afterAll(async () => {
    await api?.close();
  });

  /** The session cookie's value as the browser sends it (as set, %-encoded). */
  const cookieOf = async (user: TestUser): Promise<string> => (await api.sessionOf(user)).jar.get(api.baseUrl, 'brygga.sid')!;

  /** GET /api/me with this Cookie header, byte for byte (fetch refuses some bytes Node's server accepts). */
  const me = (cookie: string): Promise<{ status: number; userId?: string }> =>
    new Promise((resolve, reject) => {
      const req = request(`${api.baseUrl}/api/me`, { headers: { cookie, accept: 'application/json' } }, (res) => {
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

  /** The session is in this node's cache: a request with its cookie is a cache hit (the fast path's case). */
  const cached = async (cookie: string, user: TestUser): Promise<void> => {
    const before = hits();
    expect(await me(`brygga.sid=${cookie}`)).toEqual({ status: 200, userId: user.id });
    expect(hits()).toBeGreaterThan(before);
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
});
