import { Store, type SessionData } from 'express-session';
import { DataSource } from 'typeorm';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** express-session store on PostgreSQL: a session lives in the database, so any api node serves it. */
export class PgSessionStore extends Store {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idleSeconds: number,
  ) {
    super();
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.dataSource
      .query('SELECT data FROM web_session WHERE sid = $1 AND expires_at > now()', [sid])
      .then((rows: { data: SessionData }[]) => callback(undefined, rows[0]?.data ?? null), callback);
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    const userId = (session as { userId?: string }).userId ?? null;
    this.dataSource
      .query(
        `INSERT INTO web_session (sid, user_id, data, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
        [sid, userId, JSON.stringify(session), this.idleSeconds],
      )
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  /**
   * Pushes the idle expiry forward, but writes only when it has moved by more than a minute
   * (or a tenth of the timeout): an UPDATE on every request would cost a WAL flush per request.
   */
  override touch(sid: string, _session: SessionData, callback?: Callback): void {
    const slack = Math.min(60, Math.ceil(this.idleSeconds / 10));
    this.dataSource
      .query(
        `UPDATE web_session SET expires_at = now() + make_interval(secs => $2::int)
          WHERE sid = $1 AND expires_at > now() AND expires_at < now() + make_interval(secs => $2::int - $3::int)`,
        [sid, this.idleSeconds, slack],
      )
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.dataSource.query('DELETE FROM web_session WHERE sid = $1', [sid]).then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  async destroyExpired(): Promise<void> {
    await this.dataSource.query('DELETE FROM web_session WHERE expires_at <= now()');
  }
}
