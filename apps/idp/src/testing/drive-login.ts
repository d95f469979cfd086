/**
 * Test helpers: drive a login at the development IdP without a browser (fetch with manual redirects
 * and a small cookie jar). For tests only.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expires?: number;
}

/** A minimal per-origin cookie jar (name + path, Max-Age/Expires honoured). Good enough for tests. */
export class CookieJar {
  private readonly byOrigin = new Map<string, StoredCookie[]>();

  /** Stores the cookies a response sets; `url` is the URL the request went to. */
  capture(url: string | URL, res: Response): void {
    const target = new URL(url);
    for (const header of res.headers.getSetCookie()) this.set(target, header);
  }

  /** Stores one Set-Cookie header value received from `url`. */
  set(url: string | URL, setCookie: string): void {
    const target = new URL(url);
    const [pair, ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const cookie: StoredCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), path: defaultPath(target.pathname) };
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split('=');
      const key = rawKey.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (key === 'path' && value.startsWith('/')) cookie.path = value;
      else if (key === 'max-age') cookie.expires = Date.now() + Number(value) * 1000;
      else if (key === 'expires' && cookie.expires === undefined) cookie.expires = Date.parse(value);
    }
    const list = (this.byOrigin.get(target.origin) ?? []).filter((c) => !(c.name === cookie.name && c.path === cookie.path));
    if (cookie.expires === undefined || cookie.expires > Date.now()) list.push(cookie);
    this.byOrigin.set(target.origin, list);
  }

  /** The Cookie header for a request to `url` ('' when none). */
  header(url: string | URL): string {
    const target = new URL(url);
    const now = Date.now();
    return (this.byOrigin.get(target.origin) ?? [])
      .filter((c) => (c.expires === undefined || c.expires > now) && pathMatches(target.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** The value of a cookie for `url`, if any. */
  get(url: string | URL, name: string): string | undefined {
    const target = new URL(url);
    return (this.byOrigin.get(target.origin) ?? []).find((c) => c.name === name && pathMatches(target.pathname, c.path))?.value;
  }

  /** fetch with this jar's cookies, no automatic redirects; stores the response's cookies. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.capture(url, res);
    return res;
  }
}

function defaultPath(pathname: string): string {
  const i = pathname.lastIndexOf('/');
  return i <= 0 ? '/' : pathname.slice(0, i);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

const MAX_REDIRECTS = 10;

async function summarise(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return `${res.status} ${text.replace(/\s+/g, ' ').slice(0, 300)}`;
}

/**
 * Logs in at the development IdP as the identity `login` (e.g. 'maria.nilsson'):
 * starts at `authorizeUrl` (the IdP's authorization endpoint with all parameters), follows the
 * IdP's redirects to its interaction page, posts the login and follows the IdP's own redirects until
 * one leaves the IdP's origin. Returns that URL: the client's redirect_uri with `code` and `state`
 * (or with `error` if the IdP refused the request — also when it refuses before showing a login page).
 * Throws if the IdP answers with anything else (e.g. 400 for an unknown identity).
 */
export async function driveIdpLogin(
  authorizeUrl: string,
  login: string,
  jar: CookieJar = new CookieJar(),
): Promise<{ callbackUrl: string }> {
  const origin = new URL(authorizeUrl).origin;
  let url = authorizeUrl;
  let interactionUrl: string | undefined;
  for (let i = 0; i <= MAX_REDIRECTS && !interactionUrl; i++) {
    const res = await jar.fetch(url);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url = new URL(location, url).toString();
      if (new URL(url).origin !== origin) return { callbackUrl: url };
    } else if (res.status === 200 && /^\/interaction\/[\w-]+\/?$/.test(new URL(url).pathname)) {
      await res.body?.cancel();
      interactionUrl = url.replace(/\/$/, '');
    } else {
      throw new Error(`driveIdpLogin: unexpected answer from ${url}: ${await summarise(res)}`);
    }
  }
  if (!interactionUrl) throw new Error('driveIdpLogin: too many redirects before the login page');

  url = `${interactionUrl}/login`;
  let res = await jar.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login }).toString(),
  });
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const location = res.headers.get('location');
    if (!(res.status >= 300 && res.status < 400 && location)) {
      throw new Error(`driveIdpLogin: unexpected answer from ${url}: ${await summarise(res)}`);
    }
    await res.body?.cancel();
    url = new URL(location, url).toString();
    if (new URL(url).origin !== origin) return { callbackUrl: url };
    res = await jar.fetch(url);
  }
  throw new Error('driveIdpLogin: too many redirects after the login');
}
