import { CookieJar, driveIdpLogin } from '../../apps/idp/src/testing/drive-login';

/**
 * The OIDC login as a browser does it, for any api by its public address. Apart from the harness
 * (and its api, Nest and the IdP): a file that only starts api processes logs in without loading them.
 */

/** A logged-in browser: its cookies and the session's CSRF token. */
export interface TestSession {
  jar: CookieJar;
  csrfToken: string;
}

export async function startLoginAt(
  baseUrl: string,
  idp: 'bankid' | 'siths',
  jar: CookieJar,
): Promise<{ authorizeUrl: string; jar: CookieJar }> {
  const res = await jar.fetch(`${baseUrl}/auth/login?idp=${idp}`);
  if (res.status !== 302) throw new Error(`/auth/login answered ${res.status}`);
  return { authorizeUrl: res.headers.get('location')!, jar };
}

/** Logs in at any api (its baseUrl being its PUBLIC_URL) through its IdP's login page, as a browser does. */
export async function loginAt(baseUrl: string, login: string, idp: 'bankid' | 'siths' = 'siths'): Promise<TestSession> {
  const { authorizeUrl, jar } = await startLoginAt(baseUrl, idp, new CookieJar());
  const { callbackUrl } = await driveIdpLogin(authorizeUrl, login, jar);
  const callback = await jar.fetch(callbackUrl);
  if (callback.status !== 303) throw new Error(`callback answered ${callback.status}: ${await callback.text()}`);
  const me = await jar.fetch(`${baseUrl}/api/me`);
  if (me.status !== 200) throw new Error(`/api/me answered ${me.status}`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { jar, csrfToken };
}
