import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { randomBytes } from 'node:crypto';
import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, logBackgroundError, Telemetry, type AppConfig } from '@brygga/common';
import { CacheInvalidation } from '@brygga/database';
import { PgSessionStore, type CachedSession } from './pg-session.store';
import { CookieSignature, fastSessions } from './session-fast-path';
import './session.types';

const CLEANUP_MS = 10 * 60 * 1000;
/** Sessions one node keeps cached at most (the oldest make room): a few MB. */
const CACHED_SESSIONS = 20_000;

/** Server-side sessions in PostgreSQL behind an httpOnly, SameSite cookie. */
@Injectable()
export class SessionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  private handler?: RequestHandler;
  private store?: PgSessionStore;
  private cleanup?: NodeJS.Timeout;
  readonly cookieName: string;
  readonly absoluteSeconds: number;
  readonly idleSeconds: number;
  /** Session ids ended by logout on this node; realtime disconnects their sockets on every node. */
  readonly ended$ = new Subject<string>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invalidation: CacheInvalidation,
    private readonly telemetry: Telemetry,
  ) {
    // __Host- binds the cookie to this origin (Secure, Path=/, no Domain): possible only over https.
    this.cookieName = config.publicUrl.startsWith('https://') ? '__Host-brygga.sid' : 'brygga.sid';
    this.absoluteSeconds = config.session.absoluteSeconds;
    this.idleSeconds = config.session.idleSeconds;
  }

  async onApplicationBootstrap(): Promise<void> {
    const secret = this.config.session.secret ?? (await this.sharedSecret('session-cookie'));
    const cache = this.invalidation.cache<CachedSession>('sid', this.config.authCacheSeconds * 1000, CACHED_SESSIONS);
    this.store = new PgSessionStore(this.dataSource, this.config.session.idleSeconds, cache, (outcome) =>
      this.telemetry.add('cache.session', 1, outcome),
    );
    const standard = session({
      name: this.cookieName,
      secret,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      proxy: this.config.trustProxy !== false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.publicUrl.startsWith('https://'),
        path: '/',
        // No Max-Age: the browser keeps the cookie for its session and the server enforces the
        // idle timeout, so an expired session can be told apart from never having logged in.
      },
    });
    // The api's requests with a cached session skip express-session's per-request costs (same
    // rules, same classes: session-fast-path.ts); logins (/auth) and socket handshakes use it as is.
    this.handler = fastSessions({
      name: this.cookieName,
      store: this.store,
      signature: new CookieSignature(secret),
      prefixes: ['/api/'],
      proxy: this.config.trustProxy !== false,
      fallback: standard,
    });
    this.cleanup = setInterval(() => {
      this.store?.destroyExpired().catch((error: unknown) => logBackgroundError(this.logger, 'Session cleanup failed', error));
    }, CLEANUP_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.cleanup) clearInterval(this.cleanup);
    this.ended$.complete();
  }

  /** Of these session ids, the ones still valid (not idle-expired, not logged out). */
  async stillValid(sids: string[]): Promise<Set<string>> {
    if (!sids.length) return new Set();
    const rows: { sid: string }[] = await this.dataSource.query('SELECT sid FROM web_session WHERE sid = ANY($1) AND expires_at > now()', [
      sids,
    ]);
    return new Set(rows.map((r) => r.sid));
  }

  /** Activity outside HTTP (a socket action) keeps the session alive like a request does. */
  async touch(sid: string): Promise<void> {
    const store = this.store;
    if (store) await new Promise<void>((resolve) => store.touch(sid, {} as never, () => resolve()));
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!this.handler) return next(new Error('Sessions are not ready'));
    this.handler(req, res, next);
  };

  /** Ends every session of a user, on every node (each deleted row notifies every node's cache); returns their ids. */
  async destroyAllFor(userId: string): Promise<string[]> {
    try {
      // TypeORM answers a DELETE … RETURNING with [rows, count].
      const [rows]: [{ sid: string }[], number] = await this.dataSource.query('DELETE FROM web_session WHERE user_id = $1 RETURNING sid', [
        userId,
      ]);
      return rows.map((r) => r.sid);
    } finally {
      this.store?.forgetAll();
    }
  }

  hasSessionCookie(req: Request): boolean {
    return (req.headers.cookie ?? '').split(';').some((c) => c.trim().startsWith(`${this.cookieName}=`));
  }

  /** Same value on every node: made once, kept in the database. */
  private async sharedSecret(name: string): Promise<string> {
    await this.dataSource.query('INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      name,
      randomBytes(32).toString('base64url'),
    ]);
    const [row]: { value: string }[] = await this.dataSource.query('SELECT value FROM app_secret WHERE name = $1', [name]);
    return row.value;
  }
}
