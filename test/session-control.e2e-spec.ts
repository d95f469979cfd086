import { DEFAULT_ACCEPTED_ACR } from '@brygga/common';
import { connectSocket, connected } from './support/api-process';
import { TestApi, type TestUser } from './support/harness';

/**
 * The lows of issue 28 around sessions: no ID token in the logout URL (nor kept in the session),
 * acr_values in the authorization request, "Logga ut överallt", and a per-user rate limit on
 * authenticated REST with a Swedish 429 and Retry-After.
 */
describe('sessions and login', () => {
  let api: TestApi;
  let user: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    user = await api.user(await api.unit('sof'), 'handlaggare');
  });
  afterAll(() => api.close());

  it('asks the IdP for the accepted levels of assurance (acr_values) and still logs in', async () => {
    const { authorizeUrl } = await api.startLogin('siths');
    expect(new URL(authorizeUrl).searchParams.get('acr_values')).toBe(DEFAULT_ACCEPTED_ACR.join(' '));
    const session = await api.login(user.key);
    expect((await api.request(session, 'GET', '/api/me')).body.acr).toBe('http://id.elegnamnden.se/loa/1.0/loa3');
  });

  it('keeps no ID token in the session, and ends the IdP session with client_id that the IdP accepts', async () => {
    const session = await api.login(user.key);
    const rows: { data: Record<string, unknown> }[] = await api.dataSource.query('SELECT data FROM web_session WHERE user_id = $1', [
      user.id,
    ]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(JSON.stringify(row.data)).not.toMatch(/idToken|eyJ/);
    const out = await api.request(session, 'POST', '/auth/logout');
    expect(out.body).toMatchObject({ loggedOut: true, sessions: 1 });
    const end = await fetch(out.body.endSessionUrl as string, { redirect: 'manual' });
    expect(end.status).toBe(200);
    // The IdP's own logout confirmation, not an error page: it knows the client by its id.
    expect(await end.text()).toContain('/session/end/confirm');
  });

  it('"Logga ut överallt" ends every session of the user and closes their sockets, and is logged once', async () => {
    const first = await api.login(user.key);
    const second = await api.login(user.key);
    const socket = connectSocket(api.baseUrl, first, api.baseUrl);
    const ended = new Promise<{ reason: string }>((resolve) => socket.once('session:ended', resolve));
    const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await connected(socket);
    const out = await api.request(second, 'POST', '/auth/logout/everywhere');
    expect(out.status).toBe(200);
    expect(out.body.sessions).toBeGreaterThanOrEqual(2);
    expect(await ended).toEqual({ reason: 'logout' });
    await closed;
    for (const session of [first, second]) expect((await api.request(session, 'GET', '/api/me')).status).toBe(401);
    const [row] = await api.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'auth.logout' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
      [user.id],
    );
    expect(row.details).toMatchObject({ everywhere: true });
    expect((await api.request(null, 'POST', '/auth/logout/everywhere')).status).toBe(401);
  });
});

describe('rate limit per user on authenticated REST', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ API_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => api.close());

  it('answers the sixth request of a minute (limit 5) with a Swedish 429 and Retry-After, for that user only', async () => {
    const unit = await api.unit('sof');
    const [eager, calm] = [await api.user(unit, 'handlaggare'), await api.user(unit, 'handlaggare')];
    // The login's own GET /api/me is the first request of the minute.
    const eagerSession = await api.login(eager.key);
    const statuses: number[] = [];
    let refused: { status: number; body: { message: string }; headers: Headers } | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await api.request(eagerSession, 'GET', '/api/threads');
      statuses.push(res.status);
      refused ??= res.status === 429 ? res : undefined;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(refused!.body.message).toBe('För många förfrågningar. Försök igen om en stund.');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.request(calm, 'GET', '/api/threads')).status).toBe(200);
    // Public routes are not counted against anyone.
    for (let i = 0; i < 8; i++) expect((await api.request(null, 'GET', '/api/health/live')).status).toBe(200);
  });
});
