import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { inTransaction } from '@brygga/database';
import { AuditService, type AuditRecord } from './audit.service';

/**
 * Repeats of one anonymous denial (same action, client address and details) within a window,
 * counted here instead of written one row each: the access log is append-only, so an anonymous
 * flood must not be able to grow it without bound. The first denial is a row of its own; when the
 * window closes, one more row carries the count (`details.repeats`, `details.firstSeq`).
 */
@Entity('audit_denial_tally')
export class AuditDenialTally {
  @PrimaryColumn({ type: 'text' }) key: string;
  /** The access-log row of the first denial, which the repeats are repeats of. */
  @Column({ type: 'bigint' }) firstSeq: string;
  @Column({ type: 'int', default: 0 }) repeats: number;
  @Column({ type: 'timestamptz' }) windowEndsAt: Date;
  @Column({ type: 'jsonb' }) record: {
    action: string;
    clientAddress: string | null;
    details: Record<string, string | number | boolean | null> | null;
  };
}

export const DENIAL_WINDOW_SECONDS = 300;
const FLUSH_MS = 60_000;

@Injectable()
export class AuditDenials implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditDenials');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.flush().catch((error: unknown) => this.logger.warn(`Flushing denial counts failed: ${String(error)}`));
    }, FLUSH_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Records an anonymous denial: a row for the first in its window, a count for the rest. */
  async record(record: AuditRecord & { actor: null }): Promise<void> {
    const content = { action: record.action, clientAddress: record.clientAddress ?? null, details: record.details ?? null };
    const key = createHash('sha256').update(JSON.stringify(content)).digest('hex');
    await inTransaction(this.dataSource, async (manager) => {
      // One writer per key across nodes: the first denial of a window is logged exactly once.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      const counted: unknown[] = await manager.query(
        // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
        'WITH u AS (UPDATE audit_denial_tally SET repeats = repeats + 1 WHERE key = $1 AND window_ends_at > now() RETURNING key) SELECT key FROM u',
        [key],
      );
      if (counted.length) return;
      await this.flushWhere(manager, 'key = $1', [key]);
      const [firstSeq] = await this.audit.record(manager, [record]);
      await manager.query(
        `INSERT INTO audit_denial_tally (key, first_seq, repeats, window_ends_at, record)
         VALUES ($1, $2, 0, now() + make_interval(secs => $3), $4::jsonb)`,
        [key, firstSeq, DENIAL_WINDOW_SECONDS, JSON.stringify(content)],
      );
    });
  }

  /** Writes the counts of closed windows (all windows with `all`, e.g. at a test's end). */
  async flush(all = false): Promise<number> {
    return inTransaction(this.dataSource, (manager) => this.flushWhere(manager, all ? 'true' : 'window_ends_at <= now()', []));
  }

  /** DELETE … RETURNING: of several nodes flushing at once, each tally is written by one. */
  private async flushWhere(manager: Parameters<Parameters<typeof inTransaction>[1]>[0], where: string, params: unknown[]): Promise<number> {
    const closed: { first_seq: string; repeats: number; record: AuditDenialTally['record'] }[] = await manager.query(
      `WITH d AS (DELETE FROM audit_denial_tally WHERE ${where} RETURNING first_seq::text, repeats, record) SELECT * FROM d`,
      params,
    );
    const counts = closed.filter((t) => t.repeats > 0);
    await this.audit.record(
      manager,
      counts.map((t) => ({
        actor: null,
        clientAddress: t.record.clientAddress,
        action: t.record.action as AuditRecord['action'],
        outcome: 'denied',
        details: { ...(t.record.details ?? {}), repeats: t.repeats, firstSeq: t.first_seq },
      })),
    );
    return counts.length;
  }
}
