import * as oidc from 'openid-client';
import { DEMO_SEED } from '@brygga/directory';
import {
  ACR_LOA2,
  ACR_LOA3,
  ACR_LOA4,
  CLAIM_EMPLOYEE_HSA_ID,
  CLAIM_PERSONAL_IDENTITY_NUMBER,
  DevIdp,
  devSubject,
  identitiesFromSeed,
  SCOPE_NATURAL_PERSON_INFO,
  SCOPE_NATURAL_PERSON_NUMBER,
  SCOPE_SITHS,
} from './dev-idp';
import { CookieJar, driveIdpLogin } from './testing/drive-login';

const CLIENT_ID = 'brygga-test';
const CLIENT_SECRET = 'test-secret-that-is-long-enough-0123456789';
const REDIRECT_URI = 'http://127.0.0.1:9/cb';
const POST_LOGOUT_URI = 'http://127.0.0.1:9/';
const SCOPE = `openid ${SCOPE_NATURAL_PERSON_NUMBER} ${SCOPE_NATURAL_PERSON_INFO} ${SCOPE_SITHS}`;

describe('DevIdp', () => {
  let idp: DevIdp;
  let config: oidc.Configuration;

  beforeAll(async () => {
    idp = await DevIdp.start({
      host: '127.0.0.1',
      port: 0,
      clients: [
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [POST_LOGOUT_URI] },
      ],
      identities: identitiesFromSeed(DEMO_SEED),
    });
    config = await oidc.discovery(new URL(idp.issuer), CLIENT_ID, CLIENT_SECRET, undefined, { execute: [oidc.allowInsecureRequests] });
  });

  afterAll(async () => {
    await idp?.close();
  });

  async function authorization(loginHint?: string) {
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      prompt: 'login',
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    return { url: url.toString(), pkceCodeVerifier, state, nonce };
  }

  /** Follows the authorization request to the interaction page; returns its URL and HTML. */
  async function openLoginPage(authorizeUrl: string, jar: CookieJar): Promise<{ url: string; html: string }> {
    let url = authorizeUrl;
    for (let i = 0; i < 5; i++) {
      const res = await jar.fetch(url);
      if (res.status === 200) return { url, html: await res.text() };
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(res.status).toBeLessThan(400);
      url = new URL(res.headers.get('location') ?? '', url).toString();
      expect(new URL(url).origin).toBe(idp.issuer);
    }
    throw new Error('no login page');
  }

  async function loginAs(login: string, loginHint?: string) {
    const auth = await authorization(loginHint);
    const { callbackUrl } = await driveIdpLogin(auth.url, login);
    const callback = new URL(callbackUrl);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(auth.state);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: auth.pkceCodeVerifier,
      expectedState: auth.state,
      expectedNonce: auth.nonce,
    });
    return { tokens, claims: tokens.claims()! };
  }

  it('publishes discovery and a JWKS', async () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(idp.issuer);
    expect(meta.code_challenge_methods_supported).toContain('S256');
    expect(meta.code_challenge_methods_supported).not.toContain('plain');
    expect(meta.acr_values_supported).toEqual(expect.arrayContaining([ACR_LOA2, ACR_LOA3, ACR_LOA4]));
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.scopes_supported).toEqual(
      expect.arrayContaining(['openid', SCOPE_NATURAL_PERSON_NUMBER, SCOPE_NATURAL_PERSON_INFO, SCOPE_SITHS]),
    );
    expect(meta.claims_supported).toEqual(
      expect.arrayContaining([CLAIM_PERSONAL_IDENTITY_NUMBER, CLAIM_EMPLOYEE_HSA_ID, 'given_name', 'acr']),
    );
    expect(meta.end_session_endpoint).toMatch(new RegExp(`^${idp.issuer}/`));
    const jwks = (await (await fetch(meta.jwks_uri!)).json()) as { keys: { kty: string; d?: string }[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('logs in a BankID identity through the code flow with PKCE', async () => {
    const auth = await authorization('bankid');
    const jar = new CookieJar();
    const { html } = await openLoginPage(auth.url, jar);
    expect(html).toContain('lang="sv"');
    expect(html).toContain('Brygga – testinloggning (utvecklings-IdP)');
    expect(html).toContain('value="maria.nilsson"');
    expect(html).toContain('19900101-2385');
    expect(html).toContain('SOF mottagningsteam – handläggare');
    expect(html).not.toContain('value="karin.lindqvist"');

    const { callbackUrl } = await driveIdpLogin(auth.url, 'maria.nilsson', jar);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
      pkceCodeVerifier: auth.pkceCodeVerifier,
      expectedState: auth.state,
      expectedNonce: auth.nonce,
    });
    const claims = tokens.claims()!;
    expect(claims[CLAIM_PERSONAL_IDENTITY_NUMBER]).toBe('199001012385');
    expect(claims.given_name).toBe('Maria');
    expect(claims.family_name).toBe('Nilsson');
    expect(claims.name).toBe('Maria Nilsson');
    expect(claims.acr).toBe(ACR_LOA3);
    expect(claims.amr).toEqual(['bankid']);
    expect(claims.sub).not.toBe('199001012385');
    expect(claims.sub).toBe(devSubject('maria.nilsson'));
    expect(claims[CLAIM_EMPLOYEE_HSA_ID]).toBeUndefined();
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
  });

  it('logs in a SITHS identity', async () => {
    const auth = await authorization('siths');
    const { html } = await openLoginPage(auth.url, new CookieJar());
    expect(html).toContain('value="karin.lindqvist"');
    expect(html).toContain('SE2321000198-BRY1001');
    expect(html).not.toContain('value="maria.nilsson"');

    const { claims } = await loginAs('karin.lindqvist', 'siths');
    expect(claims[CLAIM_EMPLOYEE_HSA_ID]).toBe('SE2321000198-BRY1001');
    expect(claims[CLAIM_PERSONAL_IDENTITY_NUMBER]).toBeUndefined();
    expect(claims.given_name).toBe('Karin');
    expect(claims.acr).toBe(ACR_LOA3);
    expect(claims.amr).toEqual(['siths']);
  });

  it('shows every identity without a login_hint, unlisted ones included', async () => {
    const { html } = await openLoginPage((await authorization()).url, new CookieJar());
    expect(html).toContain('value="maria.nilsson"');
    expect(html).toContain('value="karin.lindqvist"');
    expect(html).toContain('value="nils.okand"');
    expect(html).toContain('Finns inte i katalogen');
  });

  it('asserts loa2 for a reserve card', async () => {
    const { claims } = await loginAs('ulla.reserv');
    expect(claims.acr).toBe(ACR_LOA2);
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: oidc.randomState(),
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location') ?? '', url);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('answers 400 to an unknown identity and keeps working', async () => {
    const auth = await authorization();
    const jar = new CookieJar();
    const { url } = await openLoginPage(auth.url, jar);
    const res = await jar.fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=%3Cscript%3Enobody',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('lang="sv"');
    expect(html).not.toContain('<script>');
    await expect(driveIdpLogin(auth.url, 'nobody.at.all')).rejects.toThrow(/400/);

    // The same interaction still accepts a known identity.
    const { callbackUrl } = await driveIdpLogin(auth.url, 'johan.ek', jar);
    expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();
  });

  it('makes identities added at run time loginable', async () => {
    idp.addIdentity({
      id: 'test.person',
      kind: 'bankid',
      givenName: 'Test',
      familyName: 'Person',
      personnummer: '198112289874',
      acr: ACR_LOA4,
      description: 'Tillagd i test',
    });
    const { claims } = await loginAs('test.person', 'bankid');
    expect(claims[CLAIM_PERSONAL_IDENTITY_NUMBER]).toBe('198112289874');
    expect(claims.acr).toBe(ACR_LOA4);
  });

  it('logs out through the end-session endpoint to a registered post-logout URI', async () => {
    const auth = await authorization();
    const jar = new CookieJar();
    const { callbackUrl } = await driveIdpLogin(auth.url, 'karin.lindqvist', jar);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
      pkceCodeVerifier: auth.pkceCodeVerifier,
      expectedState: auth.state,
      expectedNonce: auth.nonce,
    });
    const endSession = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'utloggning',
    });
    const page = await jar.fetch(endSession);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lang="sv"');
    expect(html).toContain('Logga ut');
    const hash = /script-src 'sha256-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '');
    expect(hash).not.toBeNull();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)![1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1];
    expect(html).toContain('name="logout" value="yes"');

    const done = await jar.fetch(new URL(action, endSession), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(POST_LOGOUT_URI);
    expect(back.searchParams.get('state')).toBe('utloggning');

    // Without a redirect URI the IdP shows its own Swedish page.
    await driveIdpLogin((await authorization()).url, 'karin.lindqvist', jar);
    const plain = await jar.fetch(`${idp.issuer}/session/end`);
    const plainHtml = await plain.text();
    const plainXsrf = /name="xsrf" value="([^"]+)"/.exec(plainHtml)![1];
    const success = await jar.fetch(`${idp.issuer}/session/end/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: plainXsrf, logout: 'yes' }).toString(),
    });
    const successUrl = new URL(success.headers.get('location')!, idp.issuer);
    const successPage = await jar.fetch(successUrl);
    expect(await successPage.text()).toContain('Du är utloggad');
  });
});

describe('identitiesFromSeed', () => {
  it('derives kind, acr and a Swedish description', () => {
    const identities = identitiesFromSeed(DEMO_SEED);
    const karin = identities.find((i) => i.id === 'karin.lindqvist')!;
    expect(karin).toMatchObject({ kind: 'siths', hsaId: 'SE2321000198-BRY1001', acr: ACR_LOA3 });
    expect(karin.description).toBe('Medicinavdelning 4, Visby lasarett – koordinator');
    expect(identities.find((i) => i.id === 'maria.nilsson')).toMatchObject({ kind: 'bankid', personnummer: '199001012385' });
    expect(identities.find((i) => i.id === 'ulla.reserv')!.acr).toBe(ACR_LOA2);
    expect(identities.find((i) => i.id === 'nils.okand')).toMatchObject({ kind: 'bankid', description: 'Finns inte i katalogen' });
  });
});
