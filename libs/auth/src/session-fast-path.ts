/*
 * Security review (second reviewer, 2026-12-07), what was checked and where it is tested:
 * - The Cookie header is read exactly as the `cookie` package that express-session uses reads it
 *   (first cookie of the name, only spaces and tabs trimmed, quotes, %-decoding) and in linear
 *   time; the review found and fixed two differences (a no-break space trimmed, a quadratic scan):
 *   session-fast-path.spec.ts (also 20,000 random headers against cookie.parse) and
 *   test/session-fast-path.e2e-spec.ts.
 * - A remembered verified cookie value spares only the HMAC: the session itself is looked up in
 *   the store's cache on every request, and a session that ended is not there, so express-session
 *   decides (and finds nothing). The cache drops a session at once on the node that ended it and
 *   through NOTIFY on the others (auth.e2e-spec.ts, auth-cache.e2e-spec.ts, and "Logga ut
 *   överallt" across two nodes in session-fast-path.e2e-spec.ts), holds it no longer than its idle
 *   expiry, and holds nothing while its invalidation channel is down. There is one signing secret
 *   per process (no list to rotate through), the same one express-session is given.
 * - Idle and absolute timeouts hold on this path (auth.e2e-spec.ts, "session timeouts"). Read in
 *   the code, not tested here: no /api/ route changes or regenerates the session; the rules for
 *   saving, touching and Set-Cookie are express-session's 1.19 for our options (below); only
 *   /api/ requests take this path, so logins (/auth) and socket handshakes (/socket.io, through
 *   the engine's middleware) go through express-session itself.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionData, Store } from 'express-session';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutgoingHttpHeader } from 'node:http';

/** Signed cookie values this node has verified (a few MB at most): a hit costs no HMAC. */
const VERIFIED_LIMIT = 20_000;

/** express-session's cookie signature: `s:` + id + `.` + base64 HMAC-SHA256 of the id without padding. */
export class CookieSignature {
  private readonly verified = new Map<string, string>();

  constructor(private readonly secret: string) {}

  sign(sid: string): string {
    return `s:${sid}.${this.mac(sid)}`;
  }

  /**
   * The session id of a signed value, or undefined. A value verified before answers from memory:
   * only values whose signature was checked are remembered, so a forged one is always checked.
   */
  unsign(value: string): string | undefined {
    const known = this.verified.get(value);
    if (known !== undefined) return known;
    if (!value.startsWith('s:')) return undefined;
    const dot = value.lastIndexOf('.');
    if (dot < 2) return undefined;
    const sid = value.slice(2, dot);
    const expected = Buffer.from(this.mac(sid));
    const given = Buffer.from(value.slice(dot + 1));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
    this.verified.set(value, sid);
    return sid;
  }

  private mac(sid: string): string {
    return createHmac('sha256', this.secret).update(sid).digest('base64').replace(/=+$/, '');
  }
}

/**
 * The value of the first cookie of this name in a Cookie header (as the `cookie` package that
 * express-session uses reads it: only spaces and tabs trimmed, quotes removed, %-escapes
 * decoded); undefined when absent or not decodable.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let at = 0;
  while (at < header.length) {
    const eq = header.indexOf('=', at);
    if (eq === -1) return undefined;
    const end = header.indexOf(';', at);
    // Segments without '=' are skipped at once, to the one that holds it (as the cookie package
    // does): looking for '=' again from each of them would take quadratic time.
    if (end !== -1 && eq > end) {
      at = header.lastIndexOf(';', eq - 1) + 1;
      continue;
    }
    const stop = end === -1 ? header.length : end;
    if (trimSpaces(header.slice(at, eq)) === name) {
      let value = trimSpaces(header.slice(eq + 1, stop));
      if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
    at = stop + 1;
  }
  return undefined;
}

/**
 * Without the spaces and tabs at either end, and nothing else: String.prototype.trim would also
 * remove a no-break space (a 0xA0 byte, which Node lets through in a header), and so read a
 * cookie that express-session does not see, or a signature it refuses.
 */
function trimSpaces(text: string): string {
  // A loop, not a regular expression: /[ \t]+$/ takes quadratic time on a long run of spaces.
  let start = 0;
  let stop = text.length;
  while (start < stop && (text[start] === ' ' || text[start] === '\t')) start++;
  while (stop > start && (text[stop - 1] === ' ' || text[stop - 1] === '\t')) stop--;
  return text.slice(start, stop);
}

/** The session's data as express-session compares it to see whether a request changed it: everything but the cookie. */
function snapshot(session: object): string {
  return JSON.stringify(session, function (this: unknown, key: string, value: unknown) {
    return this === session && key === 'cookie' ? undefined : value;
  });
}

type SessionRequest = Request & { sessionStore: Store };
type TouchingStore = { touch(sid: string, session: SessionData, callback: (err?: unknown) => void): void };
type End = (chunk?: unknown, encoding?: BufferEncoding) => Response;
type Write = (chunk: unknown, encoding?: BufferEncoding) => boolean;

export interface FastSessionOptions {
  /** The cookie's name (express-session's `name`). */
  name: string;
  store: Store & { cached(sid: string): SessionData | undefined };
  signature: CookieSignature;
  /** Requests under these path prefixes may take the fast path. */
  prefixes: readonly string[];
  /** express-session's `proxy` option: whether X-Forwarded-Proto says the request came over https. */
  proxy: boolean;
  /** express-session's handler, for every request the fast path does not take. */
  fallback: RequestHandler;
}

/** Whether the request came over https, as express-session decides it (its issecure, with `proxy` true or false). */
function isSecure(req: Request, proxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted) return true;
  if (!proxy) return false;
  const header = req.headers['x-forwarded-proto'];
  const first = (typeof header === 'string' ? header : '').split(',')[0];
  return first.trim().toLowerCase() === 'https';
}

/**
 * express-session for the request that matters most: one that comes with a validly signed cookie
 * of a session this node holds in its cache. What express-session does for it is done here with
 * the same classes (Session, Cookie), the same store and the same rules for our options (resave
 * and saveUninitialized off, no rolling, no unset: destroy) — a changed session is saved before
 * the answer goes out, an unchanged one is touched, the cookie is set again only when the id
 * changed (regenerate) or the cookie has an expiry and the session changed — but without its
 * costs per request: the cookie's HMAC (verified values are remembered), three SHA-1 hashes of
 * the session (one JSON text compared instead), a new parse of the URL. Every other request (no
 * cookie, a bad signature, a session not in the cache, a login route) goes to express-session.
 */
export function fastSessions(options: FastSessionOptions): RequestHandler {
  const { name, store, signature, prefixes, fallback } = options;
  return (req: Request, res: Response, next: NextFunction): void => {
    const path = req.originalUrl ?? req.url;
    const value = prefixes.some((p) => path.startsWith(p)) ? cookieValue(req.headers.cookie, name) : undefined;
    const sid = value === undefined ? undefined : signature.unsign(value);
    const data = sid === undefined || (req as Partial<Request>).session ? undefined : store.cached(sid);
    // A session without its cookie's data is express-session's to judge (it refuses it).
    if (sid === undefined || !data?.cookie) {
      void fallback(req, res, next);
      return;
    }
    serve(req as SessionRequest, res, next, sid, data, options);
  };
}

function serve(
  req: SessionRequest,
  res: Response,
  next: NextFunction,
  cookieId: string,
  data: SessionData,
  options: FastSessionOptions,
): void {
  const { name, store, signature } = options;
  // express-session gave the store its generate() (regenerate uses it) when it was made.
  req.sessionStore = store as unknown as SessionRequest['sessionStore'];
  req.sessionID = cookieId;
  store.createSession(req, data);
  const originalId = cookieId;
  const originalText = snapshot(req.session);
  let savedText = originalText;
  let touched = false;

  const wrap = (session: Request['session']): void => {
    const save = session.save.bind(session);
    const reload = session.reload.bind(session);
    Object.defineProperty(session, 'save', {
      configurable: true,
      enumerable: false,
      writable: true,
      value: (callback?: (err: unknown) => void) => {
        savedText = snapshot(session);
        return save(callback);
      },
    });
    Object.defineProperty(session, 'reload', {
      configurable: true,
      enumerable: false,
      writable: true,
      value: (callback: (err: unknown) => void) =>
        reload((err: unknown) => {
          if (req.session !== session) wrap(req.session);
          callback(err);
        }),
    });
  };
  wrap(req.session);

  const isModified = (): boolean => originalId !== req.session.id || originalText !== snapshot(req.session);
  const isSaved = (): boolean => originalId === req.session.id && savedText === snapshot(req.session);

  // set-cookie, just before the headers go out (express-session does it with on-headers).
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    res.writeHead = writeHead;
    const session = (req as Partial<Request>).session;
    if (session && typeof req.sessionID === 'string') {
      const setCookie = req.sessionID !== cookieId ? isModified() : session.cookie.expires != null && isModified();
      // Only secure cookies over https (the cookie is secure exactly when PUBLIC_URL is https).
      if (setCookie && (!session.cookie.secure || isSecure(req, options.proxy))) {
        if (!touched) {
          session.touch();
          touched = true;
        }
        const previous = res.getHeader('Set-Cookie') ?? [];
        const cookie = (session.cookie as unknown as { serialize(n: string, v: string): string }).serialize(
          name,
          signature.sign(req.sessionID),
        );
        res.setHeader('Set-Cookie', Array.isArray(previous) ? [...previous, cookie] : [String(previous), cookie]);
      }
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];

  // Save or touch the session before the answer's last byte goes out (as express-session does).
  const end = res.end as unknown as End;
  const write = res.write as unknown as Write;
  let ended = false;
  res.end = function (chunk?: unknown, encoding?: BufferEncoding) {
    if (ended) return false;
    ended = true;
    let ret: unknown;
    let sync = true;
    const writeend = (): void => {
      if (sync) {
        ret = end.call(res, chunk, encoding);
        sync = false;
        return;
      }
      end.call(res);
    };
    const writetop = (): unknown => {
      if (!sync) return ret;
      if (!res.headersSent) (res as unknown as { _implicitHeader(): void })._implicitHeader();
      if (chunk == null) return (ret = true);
      const contentLength = Number(res.getHeader('Content-Length') as OutgoingHttpHeader | undefined);
      if (!isNaN(contentLength) && contentLength > 0) {
        // Everything but the last byte now, the last byte once the store has answered.
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding);
        encoding = undefined;
        if (buffer.length !== 0) {
          ret = write.call(res, buffer.subarray(0, buffer.length - 1));
          chunk = buffer.subarray(buffer.length - 1);
          return ret;
        }
        chunk = buffer;
      }
      ret = write.call(res, chunk, encoding);
      sync = false;
      return ret;
    };
    const session = (req as Partial<Request>).session;
    // Destroyed during the request (logout, the absolute timeout): nothing to save.
    if (!session || typeof req.sessionID !== 'string') return end.call(res, chunk, encoding);
    if (!touched) {
      session.touch();
      touched = true;
    }
    const done = (err: unknown): void => {
      if (err) setImmediate(() => next(err));
      writeend();
    };
    if (!isSaved()) {
      session.save(done);
      return writetop();
    }
    if (req.sessionID === cookieId && store.touch) {
      (store as unknown as TouchingStore).touch(req.sessionID, session, done);
      return writetop();
    }
    return end.call(res, chunk, encoding);
  } as Response['end'];

  next();
}
