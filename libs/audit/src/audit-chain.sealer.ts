import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADVISORY_LOCKS, logBackgroundError } from '@brygga/common';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, keyedChainHash } from './audit-chain';
import { AUDIT_KEY, type AuditKey } from './audit-key';
import { checkHead, checkRow, HEAD_SQL, ROWS_SQL, sealRow, type ChainBreak, type HeadRow, type SealRow } from './audit-continuity';

/** Only one sealer at a time across all nodes. */
const SEAL_LOCK = ADVISORY_LOCKS.auditSealer;
const BATCH = 5000;
const INTERVAL_MS = 250;
/** How often a node looks for unchained rows behind the chain's head (a full scan: about 0.3 s per million rows). */
const STRAY_SCAN_MS = 10 * 60 * 1000;
/** How many horizons one round takes in turn while each is final at once (a quiet log: one). */
const HORIZONS_PER_ROUND = 3;

/** The sequence's last number when read (seq, at), and an xid given out after that read. */
interface Horizon {
  seq: string;
  xid: string | null;
  at: Date;
}

/** What readiness and the metrics read of the chain, as this node last saw it. */
export interface SealerStatus {
  /** When a round last ended without error (Date.now()); 0: never. */
  lastSuccessAt: number;
  /** Tampering or a forged row that stops the chain; null while it holds. */
  broken: ChainBreak | null;
  /** Rows above the last link this node found sound (including any behind a forged link), plus strays behind it. */
  unsealedRows: number;
  /** Age of the oldest of those rows above the chain, in seconds (0: none). */
  oldestUnsealedSeconds: number;
}

/**
 * Extends the hash chain over committed access-log rows, in seq order, and refuses to extend it
 * over anything that breaks continuity.
 *
 * Why not chain inside each writing transaction: that needs one lock held to commit, which
 * serialises every commit in the system (measured: 1,639 → 218 transactions/s on this machine's
 * PostgreSQL). Instead the sealer links rows up to a horizon: a number below which every number
 * the sequence has handed out is final (committed or rolled back). It finds it without a lock
 * that writers wait for (migration 1796040000000): the insert trigger gives the writer's
 * transaction an xid before it takes a number; brygga_audit_horizon() reads the sequence's last
 * number L and then takes an xid X. Every writer holding a number <= L got its xid before L was
 * read, so below X; once no transaction below X that holds a lock on audit_log is still running
 * (FINAL_SQL), L is the horizon. A horizon that is not final yet is looked at again the next round
 * (or polled, for seal(true)); meanwhile the rows above the last one wait.
 *
 * What delays sealing: only transactions that wrote (or are writing) to the access log, as with
 * the lock — a long transaction without access-log rows holds no lock on audit_log and is not
 * waited for, even with an xid (nor one in another database of the server). One with rows keeps
 * every later row unsealed until it ends (the trigger refuses rows from a transaction older than
 * 15 minutes, but one that wrote earlier may stay open): the oldest unsealed row's age grows and,
 * past AUDIT_UNSEALED_STALE_SECONDS, the node is not ready — as it was while such a transaction
 * held the chain lock shared.
 *
 * Continuity (audit-continuity.ts): the head it extends from must be a sound link of this key over
 * its row; a row must carry a number the sequence handed out and a time that fits its place. A
 * row that does not is never linked: the chain stops before it, the node reports it (readiness
 * fails, brygga_audit_chain_broken, an error log line) until an operator has dealt with it.
 */
@Injectable()
export class AuditChainSealer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('AuditChain');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private loggedBreak = '';
  private loggedBreakAt = 0;
  /** The head link this node last found sound: checked again only when the head moves. */
  private soundHead?: { seq: string; hash: string };
  /** A horizon read but not final yet (writers below its xid still running): looked at again next round. */
  private pending?: Horizon;
  /** The last final horizon: numbers up to it are final. */
  private reached = '0';
  private strays = { count: 0, first: null as string | null, at: 0 };
  private state: SealerStatus = { lastSuccessAt: 0, broken: null, unsealedRows: 0, oldestUnsealedSeconds: 0 };

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
  ) {}

  /** When a sealing round last ended without error (readiness reads it through status()). */
  get lastSuccessAt(): number {
    return this.state.lastSuccessAt;
  }

  status(): SealerStatus {
    return { ...this.state };
  }

  /**
   * The first round runs before the node takes requests: readiness asks for a recent round, and a
   * node that had just started answered "not started" until its first tick.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.seal().catch((error: unknown) => logBackgroundError(this.logger, 'Sealing failed', error));
    this.timer = setInterval(() => {
      this.seal().catch((error: unknown) => logBackgroundError(this.logger, 'Sealing failed', error));
    }, INTERVAL_MS).unref();
  }

  /** A stopping node seals what it wrote before the pool closes (a database already gone: one log line). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.seal().catch((error: unknown) => logBackgroundError(this.logger, 'Final sealing failed', error));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Seals everything committed so far; returns how many rows it linked. With `wait`, waits for
   * a sealer busy on another node instead of leaving the work to it (verify needs that).
   */
  async seal(wait = false): Promise<number> {
    if (!wait) {
      this.running ??= this.round(false)
        .then((sealed) => {
          this.state.lastSuccessAt = Date.now();
          return sealed;
        })
        .finally(() => (this.running = undefined));
      return this.running;
    }
    await this.running?.catch(() => undefined);
    return this.round(true);
  }

  /** Seals (when this node gets the sealer's lock), then looks at the chain as it stands. */
  private async round(wait: boolean): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      let broken: ChainBreak | null = null;
      let sealed = 0;
      const [{ locked }]: { locked: boolean }[] = wait
        ? await runner.query('SELECT pg_advisory_lock($1), true AS locked', [SEAL_LOCK])
        : await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SEAL_LOCK]);
      if (locked) {
        try {
          ({ broken, sealed } = await this.sealLocked(runner.query.bind(runner) as Query, wait));
        } finally {
          await runner.query('SELECT pg_advisory_unlock($1)', [SEAL_LOCK]);
        }
      }
      // Every node looks, sealing or not: each one's readiness and metrics say whether the chain holds.
      const look = await this.inspect(runner.query.bind(runner) as Query);
      this.report(broken ?? look.broken, look);
      return sealed;
    } finally {
      await runner.release();
    }
  }

  /** Links rows from the head up to the horizon, stopping at the first that breaks continuity. */
  private async sealLocked(query: Query, wait: boolean): Promise<{ broken: ChainBreak | null; sealed: number }> {
    const horizon = await this.horizon(query, wait);
    if (!horizon) return { broken: null, sealed: 0 };
    const now = horizon.at;
    let sealed = 0;
    for (;;) {
      const head = await this.head(query);
      if ('broken' in head) return { broken: head.broken, sealed };
      const rows: SealRow[] = await query(ROWS_SQL, [head.row?.seq ?? '0', horizon.seq, BATCH]);
      if (!rows.length) return { broken: null, sealed };
      let prevSeq: string | null = head.row?.seq ?? null;
      let prevHash: Buffer = head.row?.hash ?? GENESIS_HASH;
      let prevTime: Date | null = head.row?.occurred_at ?? null;
      const links: { seq: string; prevSeq: string | null; prevHash: Buffer; hash: Buffer; content: Buffer | null; ref: Buffer | null }[] =
        [];
      let broken: ChainBreak | null = null;
      for (const row of rows) {
        broken = checkRow(row, prevTime, now);
        if (broken) break;
        const { content, chained, ref } = sealRow(this.key, row);
        const hash = keyedChainHash(this.key.chainKey, prevHash, chained);
        links.push({ seq: row.seq, prevSeq, prevHash, hash, content, ref });
        prevSeq = row.seq;
        prevHash = hash;
        prevTime = row.occurred_at;
      }
      if (links.length) {
        await query(
          `INSERT INTO audit_chain (seq, prev_seq, prev_hash, hash, key_id, content_hash, patient_ref)
           SELECT s, p, ph, h, $5, c, r FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[], $6::bytea[], $7::bytea[]) AS l(s, p, ph, h, c, r)`,
          [
            links.map((l) => l.seq),
            links.map((l) => l.prevSeq),
            links.map((l) => l.prevHash),
            links.map((l) => l.hash),
            this.key.id,
            links.map((l) => l.content),
            links.map((l) => l.ref),
          ],
        );
        const last = links[links.length - 1];
        this.soundHead = { seq: last.seq, hash: last.hash.toString('hex') };
        sealed += links.length;
      }
      if (broken) return { broken, sealed };
    }
  }

  /**
   * The furthest final horizon this round can have (null: none beyond the last). A horizon not
   * final yet stays pending for the next round; with `wait` (verify, checkpoints) it is polled
   * until final, and a fresh one is taken first so that it covers every row committed before.
   * Runs under the sealers' lock: one at a time per node and across nodes.
   */
  private async horizon(query: Query, wait: boolean): Promise<{ seq: string; at: Date } | null> {
    if (wait) this.pending = undefined;
    let final: { seq: string; at: Date } | null = null;
    for (let taken = 0, pause = 1; ;) {
      if (!this.pending) {
        if (!wait && taken >= HORIZONS_PER_ROUND) return final;
        const [h]: Horizon[] = await query('SELECT seq::text AS seq, xid::text AS xid, at FROM brygga_audit_horizon($1)', [this.reached]);
        taken++;
        // Nothing handed out beyond the last final horizon: all of it is final.
        if (!h.xid) return { seq: h.seq, at: h.at };
        this.pending = h;
      }
      const [{ final: done }]: { final: boolean }[] = await query(FINAL_SQL, [this.pending.xid]);
      if (done) {
        final = { seq: this.pending.seq, at: this.pending.at };
        this.reached = this.pending.seq;
        this.pending = undefined;
        // Sealing all of it: one more look costs a round trip, and a quiet log's next one is final at once.
        if (wait) return final;
        continue;
      }
      if (!wait) return final;
      await sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
  }

  /** The head link, checked (once per head) to be this key's sound link over its row. */
  private async head(query: Query): Promise<{ row: HeadRow | null } | { broken: ChainBreak }> {
    const [row]: HeadRow[] = await query(HEAD_SQL, []);
    if (!row) return { row: null };
    if (row.key_id && row.key_id !== this.key.id) {
      return {
        broken: {
          seq: row.seq,
          reason: `the chain is keyed with ${row.key_id}, this node has ${this.key.id} (AUDIT_KEY_FILE must be the same on every node)`,
        },
      };
    }
    if (this.soundHead?.seq === row.seq && this.soundHead.hash === row.hash.toString('hex')) return { row };
    const broken = checkHead(this.key, row);
    if (broken) return { broken };
    this.soundHead = { seq: row.seq, hash: row.hash.toString('hex') };
    return { row };
  }

  /** The chain as it stands: a sound head, no row beyond the sequence, no unchained row behind the head. */
  private async inspect(query: Query): Promise<{ broken: ChainBreak | null; unsealed: number; oldestSeconds: number }> {
    const head = await this.head(query);
    // Counted from the last link found sound: rows under a forged link count as unsealed too.
    const from = 'broken' in head ? ((await query(SOUND_BELOW, [head.broken.seq]))[0] as { seq: string }).seq : (head.row?.seq ?? '0');
    const [counts]: { n: number; oldest: number | null; beyond: string | null }[] = await query(UNSEALED_SQL, [from]);
    if (Date.now() - this.strays.at > STRAY_SCAN_MS) {
      const [s]: { n: number; first: string | null }[] = await query(STRAYS_SQL, [from]);
      this.strays = { count: s.n, first: s.first, at: Date.now() };
    }
    let broken: ChainBreak | null = 'broken' in head ? head.broken : null;
    if (!broken && counts.beyond)
      broken = { seq: counts.beyond, reason: 'the row has a number the database never handed out (seq beyond audit_log_seq)' };
    if (!broken && this.strays.first)
      broken = { seq: this.strays.first, reason: 'the row sits behind the chain without a link (added afterwards)' };
    return { broken, unsealed: counts.n + this.strays.count, oldestSeconds: counts.oldest ?? 0 };
  }

  private report(broken: ChainBreak | null, look: { unsealed: number; oldestSeconds: number }): void {
    this.state = { ...this.state, broken, unsealedRows: look.unsealed, oldestUnsealedSeconds: look.oldestSeconds };
    if (!broken) {
      this.loggedBreak = '';
      return;
    }
    const text = `Access log chain stops at row ${broken.seq}: ${broken.reason}. Nothing after it is sealed until it is dealt with (docs/access-log.md).`;
    // Once per break, and again every minute while it lasts.
    if (text !== this.loggedBreak || Date.now() - this.loggedBreakAt > 60_000) {
      this.logger.error(text);
      this.loggedBreak = text;
      this.loggedBreakAt = Date.now();
    }
  }
}

type Query = (sql: string, params: unknown[]) => Promise<any[]>;

/**
 * Whether a horizon is final: no transaction with an xid below the horizon's ($1) is running that
 * holds a lock on audit_log. A writer takes RowExclusiveLock on audit_log before the trigger gives
 * it a number and keeps it to the end of its transaction (a savepoint rolled back drops it with its
 * rows); pg_locks shows each transaction's xid as its ExclusiveLock on it. A transaction that ends
 * is out of the ProcArray (its commit visible) before it lets its locks go, so the rows read after
 * this answer include every committed row up to the horizon. The snapshot's xmin answers first
 * when nothing older than the horizon's xid runs at all (most rounds); pg_locks is read once
 * (MATERIALIZED) and only otherwise. xid is 32 bits in pg_locks: compared by age (both from the
 * same next xid, well within 2^31).
 */
const FINAL_SQL = `
  SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8
      OR NOT EXISTS (
           WITH l AS MATERIALIZED (SELECT * FROM pg_locks WHERE granted)
           SELECT 1 FROM l r JOIN l x USING (virtualtransaction)
            WHERE r.locktype = 'relation' AND r.relation = 'audit_log'::regclass AND r.mode = 'RowExclusiveLock'
              AND r.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock'
              AND age(x.transactionid) > age((($1::xid8)::text::numeric % 4294967296)::text::xid)) AS final`;

/** The link below a broken head: where the sound chain ends. */
const SOUND_BELOW = `SELECT coalesce((SELECT max(seq) FROM audit_chain WHERE seq < $1), 0)::text AS seq`;

/**
 * Rows above the sound head: how many, the oldest's age, and the first that the sequence never
 * handed out. Read in one snapshot, then the sequence: a row in the snapshot has a number handed
 * out before the sequence is read, so a row above it is forged (no race with writers).
 */
const UNSEALED_SQL = `
  SELECT count(*)::int AS n,
         extract(epoch FROM now() - min(a.occurred_at))::float8 AS oldest,
         (SELECT min(b.seq)::text FROM audit_log b
           WHERE b.seq > $1 AND b.seq > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM audit_log_seq)) AS beyond
    FROM audit_log a WHERE a.seq > $1`;

/** Unchained rows at or below the head: only someone who bypassed the insert trigger can put one there. */
const STRAYS_SQL = `
  SELECT count(*)::int AS n, min(a.seq)::text AS first
    FROM audit_log a WHERE a.seq <= $1 AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = a.seq)`;
