import type { ThrottlerStorage } from '@nestjs/throttler';
import { Column, DataSource, Entity, Index, PrimaryColumn } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * A rate-limit counter of @nestjs/throttler, shared by every api node through PostgreSQL: a
 * client cannot multiply its allowance by the number of nodes. The key is the throttler's own
 * hash of route and client address.
 */
@Entity('rate_limit')
export class RateLimit {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'int' }) hits: number;
  @Index() @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) blockedUntil: Date | null;
}

/** Every this many hits, expired counters are deleted (no timer to stop). */
const SWEEP_EVERY = 500;

/**
 * ThrottlerStorage on PostgreSQL (no maintained package supports NestJS 12 yet): one upsert per
 * request counts the hit, starts a new window when the old one has expired, and blocks the key
 * for `blockDuration` once the limit is passed. Expired counters are swept now and then.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  private hits = 0;

  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    if (++this.hits % SWEEP_EVERY === 0) {
      this.dataSource
        .query('DELETE FROM rate_limit WHERE expires_at < now() AND (blocked_until IS NULL OR blocked_until < now())')
        .catch(() => undefined); // the next sweep will do
    }
    const [row]: { hits: number; expires_in: number; blocked_in: number | null }[] = await this.dataSource.query(
      `WITH hit AS (
         INSERT INTO rate_limit AS r (key, hits, expires_at, blocked_until)
         VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000), NULL)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.expires_at <= now() THEN 1 ELSE r.hits + 1 END,
           expires_at = CASE WHEN r.expires_at <= now() THEN EXCLUDED.expires_at ELSE r.expires_at END,
           blocked_until = CASE
             WHEN r.blocked_until > now() THEN r.blocked_until
             WHEN (CASE WHEN r.expires_at <= now() THEN 1 ELSE r.hits + 1 END) > $3 THEN now() + make_interval(secs => $4::double precision / 1000)
             ELSE NULL END
         RETURNING r.hits, r.expires_at, r.blocked_until)
       SELECT hits, ceil(extract(epoch FROM expires_at - now()))::int AS expires_in,
              ceil(extract(epoch FROM blocked_until - now()))::int AS blocked_in FROM hit`,
      [key, ttl, limit, blockDuration],
    );
    const blocked = row.blocked_in !== null && row.blocked_in > 0;
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(row.expires_in, 0),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? row.blocked_in! : 0,
    };
  }
}
