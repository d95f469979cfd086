import { createHash } from 'node:crypto';
import { Store, type SessionData } from 'express-session';
import { DataSource } from 'typeorm';
import type { InvalidatedCache } from '@brygga/database';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** A session as this node last read it: JSON, so that no request can change another's copy. */
export interface CachedSession {
  json: string;
  expiresAt: number;
}

export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/**
 * The key of a session in the cache and in invalidation notices: the SHA-256 of its id, as the
 * database trigger computes it (migration CacheInvalidation). The id itself is a bearer
 * credential and never leaves the session table.
 */
export function sessionKey(sid: string): string {
  return createHash('sha256').update(sid, 'utf8').digest('hex');
}

/** At most this many idle expiries are remembered (one per session in use on this node). */
const KNOWN_LIMIT = 100_000;

/** express-session store on PostgreSQL: a session lives in the database, so any api node serves it. */
export class PgSessionStore extends Store {
  /**
   * The idle expiry (epoch ms) of sessions this node has read or extended. express-session
   * touches the session at the end of every request that did not change it; with the expiry
   * known from the read, a touch that would not move it far enough costs no statement at all.
   */
  private readonly known = new Map<string, number>();

  /**
   * @param cache sessions read lately, for a few seconds (none: every request reads). Every
   * change to a session invalidates it on every node (a trigger's NOTIFY), and on this node at
   * once after the write.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly idleSeconds: number,
    private readonly cache?: InvalidatedCache<CachedSession>,
    private readonly count: (outcome: CacheOutcome) => void = () => undefined,
  ) {
    super();
  }

  /**
   * The session, when this node has it cached (a copy of its own), else undefined; the same as a
   * get() that hits the cache, without the callback (session-fast-path.ts).
   */
  cached(sid: string): SessionData | undefined {
    const cached = this.cache?.get(sessionKey(sid));
    if (!cached) return undefined;
    this.count('hit');
    if (!this.known.has(sid)) this.remember(sid, cached.expiresAt);
    return JSON.parse(cached.json) as SessionData;
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    const key = this.cache ? sessionKey(sid) : '';
    const cached = this.cache?.get(key);
    if (cached) {
      this.count('hit');
      // The expiry known here may be later (a touch moved it); the cached one is never later.
      if (!this.known.has(sid)) this.remember(sid, cached.expiresAt);
      callback(undefined, JSON.parse(cached.json) as SessionData);
      return;
    }
    this.count(this.cache?.active ? 'miss' : 'bypass');
    // Requests of one session that miss at once share one read (a page opening ten sockets, a
    // connect storm): each gets its own copy of the data.
    let reading = this.reading.get(sid);
    if (!reading) {
      const token = this.cache?.begin() ?? 0;
      const started: Promise<string | null> = this.dataSource
        .query('SELECT data, expires_at FROM web_session WHERE sid = $1 AND expires_at > now()', [sid])
        .then((rows: { data: SessionData; expires_at: Date }[]) => {
          const row = rows[0];
          if (!row) {
            this.known.delete(sid);
            return null;
          }
          const expiresAt = row.expires_at.getTime();
          this.remember(sid, expiresAt);
          const json = JSON.stringify(row.data);
          // Never served past its idle expiry; refused if the session changed since the read began.
          this.cache?.store(key, { json, expiresAt }, token, expiresAt);
          return json;
        })
        .finally(() => {
          if (this.reading.get(sid) === started) this.reading.delete(sid);
        });
      this.reading.set(sid, (reading = started));
    }
    reading.then((json) => callback(undefined, json === null ? null : (JSON.parse(json) as SessionData)), callback);
  }

  /** Reads of a session under way (see get). */
  private readonly reading = new Map<string, Promise<string | null>>();

  override set(sid: string, session: SessionData, callback?: Callback): void {
    const userId = (session as { userId?: string }).userId ?? null;
    this.remember(sid, Date.now() + this.idleSeconds * 1000);
    this.dataSource
      .query(
        `INSERT INTO web_session (sid, user_id, data, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
        [sid, userId, JSON.stringify(session), this.idleSeconds],
      )
      .finally(() => this.forget(sid))
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }

  /**
   * Pushes the idle expiry forward, but writes only when it would move by more than a minute (or
   * a tenth of the timeout): an UPDATE on every request would cost a round trip and a WAL flush
   * per request. When this node knows the expiry (it read the session for this request), that
   * is decided here without a statement; otherwise PostgreSQL decides in the UPDATE's WHERE.
   * Another node may have extended the session meanwhile: then the expiry known here is earlier
   * than the real one, and the UPDATE that follows finds nothing to do.
   */
  override touch(sid: string, _session: SessionData, callback?: Callback): void {
    const slack = Math.min(60, Math.ceil(this.idleSeconds / 10));
    const known = this.known.get(sid);
    if (known !== undefined && known > Date.now() + (this.idleSeconds - slack) * 1000) {
      callback?.();
      return;
    }
    this.dataSource
      .query(
        `UPDATE web_session SET expires_at = now() + make_interval(secs => $2::int)
          WHERE sid = $1 AND expires_at > now() AND expires_at < now() + make_interval(secs => $2::int - $3::int)
          RETURNING expires_at`,
        [sid, this.idleSeconds, slack],
      )
      .then(
        (result: [{ expires_at: Date }[], number] | { expires_at: Date }[]) => {
          // TypeORM answers an UPDATE … RETURNING with [rows, count].
          const rows = Array.isArray(result[0]) ? (result[0] as { expires_at: Date }[]) : (result as { expires_at: Date }[]);
          if (rows[0]) this.remember(sid, rows[0].expires_at.getTime());
          callback?.();
        },
        (err: unknown) => callback?.(err),
      );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.known.delete(sid);
    this.dataSource
      .query('DELETE FROM web_session WHERE sid = $1', [sid])
      .finally(() => this.forget(sid))
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }

  /** Every cached session (every session of a user ended: which ones this node holds is not known here). */
  forgetAll(): void {
    this.cache?.clear();
  }

  /**
   * After a write to the session, whether it succeeded or not (a failure may come after the
   * commit): the trigger's NOTIFY reaches this node too, but the next request may come first.
   */
  private forget(sid: string): void {
    this.cache?.invalidate(sessionKey(sid));
    // A read begun before this write must not answer a request that comes after it.
    this.reading.delete(sid);
  }

  async destroyExpired(): Promise<void> {
    const now = Date.now();
    for (const [sid, expires] of this.known) if (expires <= now) this.known.delete(sid);
    await this.dataSource.query('DELETE FROM web_session WHERE expires_at <= now()');
  }

  private remember(sid: string, expiresAt: number): void {
    if (this.known.size >= KNOWN_LIMIT && !this.known.has(sid)) this.known.clear();
    this.known.set(sid, expiresAt);
  }
}
