import * as client from 'openid-client';
import { ACR_LOA2 } from '../apps/idp/src';
import { CookieJar, driveIdpLogin } from '../apps/idp/src/testing/drive-login';
import { TestApi, TestUser } from './support/harness';

const PNR = '190704019801'; // Skatteverket test number

describe('login through OpenID Connect', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let nurse: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard', 'Medicinavdelning 4');
    sof = await api.unit('sof', 'SOF mottagningsteam');
    nurse = await api.user(ward, 'koordinator', 'Karin');
    officer = await api.user(sof, 'handlaggare', 'Maria', { personnummer: PNR });
  });
  afterAll(() => api.close());

  const loginRows = () =>
    api.dataSource.query(`SELECT user_id, outcome, details FROM audit_log WHERE action = 'auth.login' ORDER BY seq`) as Promise<
      { user_id: string | null; outcome: string; details: Record<string, string> }[]
    >;

  it('logs in a BankID identity through the code flow; /api/me shows the units', async () => {
    const session = await api.login(officer.key, 'bankid');
    const me = await api.request(session, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: officer.id, name: officer.name }, authMethod: 'bankid' });
    expect(me.body.units).toEqual([
      expect.objectContaining({ unitId: sof, unitName: 'SOF mottagningsteam', orgKind: 'sof', role: 'handlaggare' }),
    ]);
    expect(me.body.acr).toBe('http://id.elegnamnden.se/loa/1.0/loa3');
    const rows = await loginRows();
    expect(rows.at(-1)).toMatchObject({ user_id: officer.id, outcome: 'allowed', details: { method: 'bankid' } });
  });

  it('logs in a SITHS identity; the login hint reaches the IdP', async () => {
    const { authorizeUrl, jar } = await api.startLogin('siths');
    const url = new URL(authorizeUrl);
    expect(url.searchParams.get('login_hint')).toBe('siths');
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
    expect(url.searchParams.get('nonce')).toBeTruthy();
    const before = jar.get(api.baseUrl, 'brygga.sid');
    const { callbackUrl } = await driveIdpLogin(authorizeUrl, nurse.key, jar);
    const callback = await jar.fetch(callbackUrl);
    expect(callback.status).toBe(303);
    const setCookie = callback.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    // No fixation: the session id changes at login.
    expect(jar.get(api.baseUrl, 'brygga.sid')).not.toBe(before);
    const me = await jar.fetch(`${api.baseUrl}/api/me`);
    const body = (await me.json()) as { authMethod: string; units: { unitId: string; role: string }[] };
    expect(body.authMethod).toBe('siths');
    expect(body.units).toEqual([expect.objectContaining({ unitId: ward, role: 'koordinator' })]);
  });

  it('refuses a tampered state', async () => {
    const { authorizeUrl, jar } = await api.startLogin('siths');
    const { callbackUrl } = await driveIdpLogin(authorizeUrl, nurse.key, jar);
    const tampered = new URL(callbackUrl);
    const state = tampered.searchParams.get('state')!;
    tampered.searchParams.set('state', (state[0] === 'A' ? 'B' : 'A') + state.slice(1));
    const res = await jar.fetch(tampered);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Inloggningen kunde inte slutföras');
    expect((await jar.fetch(`${api.baseUrl}/api/me`)).status).toBe(401);
  });

  it('refuses a replayed callback (code and state are single-use)', async () => {
    const { authorizeUrl, jar } = await api.startLogin('siths');
    const { callbackUrl } = await driveIdpLogin(authorizeUrl, nurse.key, jar);
    expect((await jar.fetch(callbackUrl)).status).toBe(303);
    expect((await jar.fetch(callbackUrl)).status).toBe(400);
    expect((await new CookieJar().fetch(callbackUrl)).status).toBe(400);
  });

  it('refuses an ID token whose nonce is not the one the session sent', async () => {
    const { authorizeUrl, jar } = await api.startLogin('siths');
    const swapped = new URL(authorizeUrl);
    swapped.searchParams.set('nonce', client.randomNonce());
    const { callbackUrl } = await driveIdpLogin(swapped.toString(), nurse.key, jar);
    const res = await jar.fetch(callbackUrl);
    expect(res.status).toBe(400);
    expect((await jar.fetch(`${api.baseUrl}/api/me`)).status).toBe(401);
  });

  it('refuses an identity that is not in the directory, with a Swedish page, and logs it', async () => {
    api.identity({
      id: 'nils.okand',
      kind: 'bankid',
      givenName: 'Nils',
      familyName: 'Okänd',
      personnummer: '189002099811',
      acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
      description: 'Finns inte i katalogen',
    });
    const { authorizeUrl, jar } = await api.startLogin('bankid');
    const { callbackUrl } = await driveIdpLogin(authorizeUrl, 'nils.okand', jar);
    const res = await jar.fetch(callbackUrl);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('Du har inte tillgång till Brygga');
    expect(html).not.toContain('189002099811');
    expect((await jar.fetch(`${api.baseUrl}/api/me`)).status).toBe(401);
    expect((await loginRows()).at(-1)).toMatchObject({ user_id: null, outcome: 'denied', details: { reason: 'unknown_identity' } });
  });

  it('refuses a level of assurance below loa3', async () => {
    const reserve = await api.user(ward, 'sjukskoterska', 'Ulla', { acr: ACR_LOA2 });
    const { authorizeUrl, jar } = await api.startLogin('siths');
    const { callbackUrl } = await driveIdpLogin(authorizeUrl, reserve.key, jar);
    const res = await jar.fetch(callbackUrl);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('tillitsnivå 3');
    expect((await loginRows()).at(-1)).toMatchObject({ outcome: 'denied', details: { reason: 'acr_too_low' } });
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const session = await api.login(nurse.key);
    const body = JSON.stringify({
      patient: { personnummer: PNR, givenName: 'A', familyName: 'B' },
      participantUnitIds: [sof],
      triage: 'gron',
    });
    const headers = { 'content-type': 'application/json' };
    const missing = await session.jar.fetch(`${api.baseUrl}/api/threads`, { method: 'POST', headers, body });
    expect(missing.status).toBe(403);
    const wrong = await session.jar.fetch(`${api.baseUrl}/api/threads`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': 'fel' },
      body,
    });
    expect(wrong.status).toBe(403);
    const right = await session.jar.fetch(`${api.baseUrl}/api/threads`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': session.csrfToken },
      body,
    });
    expect(right.status).toBe(201);
    const logout = await session.jar.fetch(`${api.baseUrl}/auth/logout`, { method: 'POST' });
    expect(logout.status).toBe(403);
  });

  it('makes the old cookie useless after logout, and offers the IdP end-session', async () => {
    const session = await api.login(nurse.key);
    const stolen = new CookieJar();
    stolen.set(api.baseUrl, `brygga.sid=${session.jar.get(api.baseUrl, 'brygga.sid')}`);
    const out = await api.request(session, 'POST', '/auth/logout');
    expect(out.status).toBe(200);
    expect(out.body.endSessionUrl).toContain(`${api.idp.issuer}/`);
    // The client by its id, never the ID token (personnummer and name) in a URL.
    const end = new URL(out.body.endSessionUrl as string);
    expect(end.searchParams.get('client_id')).toBe(api.oidcEnv.OIDC_CLIENT_ID);
    expect(end.searchParams.has('id_token_hint')).toBe(false);
    expect((await stolen.fetch(`${api.baseUrl}/api/me`)).status).toBe(401);
    expect((await api.request(session, 'GET', '/api/me')).status).toBe(401);
    const rows = await api.dataSource.query(`SELECT user_id FROM audit_log WHERE action = 'auth.logout'`);
    expect(rows).toEqual([{ user_id: nurse.id }]);
  });

  it('serves a session made on one node from a second node on the same database, and logout ends it on both', async () => {
    const second = await TestApi.start({}, api);
    try {
      const session = await api.login(officer.key, 'bankid');
      const cookie = `brygga.sid=${session.jar.get(api.baseUrl, 'brygga.sid')}`;
      const other = new CookieJar();
      other.set(second.baseUrl, cookie);
      const me = await other.fetch(`${second.baseUrl}/api/me`);
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe(officer.id);
      await api.request(session, 'POST', '/auth/logout');
      // The second node hears of the logout by NOTIFY (brygga_cache), a moment after the answer:
      // within 3 s, well inside the 5 s its cached copy would otherwise live.
      const deadline = Date.now() + 3000;
      let status = (await other.fetch(`${second.baseUrl}/api/me`)).status;
      while (status === 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await other.fetch(`${second.baseUrl}/api/me`)).status;
      }
      expect(status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('refuses an unknown login method with 400', async () => {
    const res = await api.request(null, 'GET', '/auth/login?idp=facebook');
    expect(res.status).toBe(400);
  });
});

describe('session timeouts', () => {
  it('ends an idle session: 401 with a Swedish explanation', async () => {
    const api = await TestApi.start({ SESSION_IDLE_SECONDS: '1' });
    try {
      const unit = await api.unit('sof');
      const user = await api.user(unit, 'handlaggare');
      const session = await api.login(user.key);
      expect((await api.request(session, 'GET', '/api/me')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      const res = await api.request(session, 'GET', '/api/me');
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/Sessionen har gått ut/);
    } finally {
      await api.close();
    }
  });

  it('keeps a session in use alive past its idle timeout', async () => {
    const api = await TestApi.start({ SESSION_IDLE_SECONDS: '4' });
    try {
      const unit = await api.unit('sof');
      const user = await api.user(unit, 'handlaggare');
      const session = await api.login(user.key);
      const expiry = async () =>
        (
          (await api.dataSource.query('SELECT expires_at FROM web_session WHERE user_id = $1', [user.id])) as { expires_at: Date }[]
        )[0].expires_at.getTime();
      const first = await expiry();
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 1500));
        expect((await api.request(session, 'GET', '/api/me')).status).toBe(200);
      }
      expect(await expiry()).toBeGreaterThan(first);
    } finally {
      await api.close();
    }
  });

  it('ends a session at the absolute limit even while it is in use', async () => {
    const api = await TestApi.start({ SESSION_ABSOLUTE_SECONDS: '2' });
    try {
      const unit = await api.unit('sof');
      const user = await api.user(unit, 'handlaggare');
      const session = await api.login(user.key);
      for (let i = 0; i < 3; i++) {
        expect((await api.request(session, 'GET', '/api/me')).status).toBe(200);
        await new Promise((r) => setTimeout(r, 400));
      }
      await new Promise((r) => setTimeout(r, 1200));
      expect((await api.request(session, 'GET', '/api/me')).status).toBe(401);
    } finally {
      await api.close();
    }
  });
});
