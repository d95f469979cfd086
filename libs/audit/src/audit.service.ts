import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@brygga/common';
import { AuditEntry, AuditOutcome } from './audit.entity';
import { chainHash, contentHash, GENESIS_HASH } from './audit-chain';
import { AuditChainSealer, CHAIN_LOCK } from './audit-chain.sealer';

export type AuditAction =
  | 'thread.list'
  | 'thread.read'
  | 'thread.create'
  | 'message.list'
  | 'message.create'
  | 'receipt.create'
  | 'receipt.list'
  | 'checklist.read'
  | 'checklist.apply'
  | 'checklist.change'
  | 'checklist.history'
  | 'readiness.change'
  | 'template.list'
  | 'template.change'
  | 'audit.list'
  | 'audit.verify'
  | 'route.denied'
  | 'auth.login'
  | 'auth.logout';

export interface AuditRecord {
  /** null for attempts by someone not (yet) identified, e.g. a failed login. */
  actor: Actor | null;
  /** Where the request came from, when there is no actor to carry it. */
  clientAddress?: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  /** The unit the actor acted for, where one is known. */
  unitId?: string | null;
  patientId?: string | null;
  threadId?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditFilter {
  patientId?: string;
  userId?: string;
  threadId?: string;
  from?: Date;
  to?: Date;
  /** Return rows with seq below this (paging backwards from the newest). */
  beforeSeq?: string;
  limit: number;
}

export interface VerifyResult {
  ok: boolean;
  checkedRows: number;
  lastSeq: string | null;
  firstBroken?: { seq: string; reason: string };
}

export interface AuditRow extends AuditEntry {
  /** null until the sealer has linked the row (within a fraction of a second of its commit). */
  hash: Buffer | null;
}

const VERIFY_BATCH = 5000;

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: AuditChainSealer,
  ) {}

  /**
   * Appends rows in the caller's transaction, so a write and its log row commit together. The
   * shared chain lock, held to commit, lets the sealer know when every earlier row is final;
   * writers do not wait for each other.
   */
  async record(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs a transaction');
    // The shared lock comes first (a FROM item is read before the target list is computed), so
    // no seq is handed out to a writer the sealer is not waiting for.
    const seqs: { seq: string }[] = await manager.query(
      `SELECT nextval('audit_log_seq')::text AS seq FROM (SELECT pg_advisory_xact_lock_shared($1)) AS chain_lock, generate_series(1, $2)`,
      [CHAIN_LOCK, records.length],
    );
    const ordered = seqs.map((r) => BigInt(r.seq)).sort((a, b) => (a < b ? -1 : 1));
    const occurredAt = new Date();
    const rows: AuditEntry[] = records.map((r, i) => {
      const memberships = r.actor?.memberships ?? [];
      const membership = memberships.find((m) => m.unitId === r.unitId);
      const row = {
        seq: ordered[i].toString(),
        occurredAt,
        userId: r.actor?.userId ?? null,
        userName: r.actor?.displayName ?? null,
        unitId: r.unitId ?? null,
        role: membership?.role ?? ([...new Set(memberships.map((m) => m.role))].join(',') || null),
        patientId: r.patientId ?? null,
        threadId: r.threadId ?? null,
        action: r.action,
        outcome: r.outcome,
        clientAddress: r.actor?.clientAddress ?? r.clientAddress ?? null,
        details: r.details ?? null,
      } as AuditEntry;
      row.contentHash = contentHash(row);
      return row;
    });
    await manager.insert(AuditEntry, rows);
  }

  /** Records in a transaction of its own: for denials and reads that write nothing else. */
  async recordNow(records: AuditRecord[]): Promise<void> {
    await this.dataSource.transaction((m) => this.record(m, records));
  }

  async list(filter: AuditFilter): Promise<AuditRow[]> {
    const qb = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .leftJoin('audit_chain', 'c', 'c.seq = a.seq')
      .addSelect('c.hash', 'chain_hash');
    if (filter.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: filter.patientId });
    if (filter.userId) qb.andWhere('a.user_id = :userId', { userId: filter.userId });
    if (filter.threadId) qb.andWhere('a.thread_id = :threadId', { threadId: filter.threadId });
    if (filter.from) qb.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.occurred_at < :to', { to: filter.to });
    if (filter.beforeSeq) qb.andWhere('a.seq < :before', { before: filter.beforeSeq });
    const { entities, raw } = await qb.orderBy('a.seq', 'DESC').limit(filter.limit).getRawAndEntities<{ chain_hash: Buffer | null }>();
    return entities.map((e, i) => Object.assign(e, { hash: raw[i]?.chain_hash ?? null }));
  }

  /**
   * Seals what has committed, then walks the chain and reports the first link that does not
   * hold: a changed row, a removed row, a removed or forged link, or a row slipped in behind
   * the chain.
   */
  async verify(): Promise<VerifyResult> {
    await this.sealer.seal(true);
    let prevSeq: string | null = null;
    let prevHash: Buffer = GENESIS_HASH;
    let checked = 0;
    let after = '0';
    for (;;) {
      const rows: (AuditEntryRow & { link_seq: string; prev_seq: string | null; link_prev_hash: Buffer; link_hash: Buffer })[] =
        await this.dataSource.query(
          `SELECT c.seq::text AS link_seq, c.prev_seq::text AS prev_seq, c.prev_hash AS link_prev_hash, c.hash AS link_hash, a.*
             FROM audit_chain c LEFT JOIN audit_log a ON a.seq = c.seq
            WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
          [after, VERIFY_BATCH],
        );
      for (const row of rows) {
        const broken = (reason: string): VerifyResult => ({ ok: false, checkedRows: checked, lastSeq: prevSeq, firstBroken: { seq: row.link_seq, reason } });
        if (row.prev_seq !== prevSeq) return broken(`länken till föregående rad saknas (borttagen efter rad ${prevSeq ?? 'start'})`);
        if (!row.link_prev_hash.equals(prevHash)) return broken('länken till föregående rad stämmer inte');
        if (row.seq === undefined || row.seq === null) return broken(`rad ${row.link_seq} saknas (borttagen)`);
        const entry = toEntry(row);
        if (!contentHash(entry).equals(entry.contentHash)) return broken('radens innehåll har ändrats');
        if (!chainHash(prevHash, entry.contentHash).equals(row.link_hash)) return broken('radens kedjehash stämmer inte');
        prevSeq = row.link_seq;
        prevHash = row.link_hash;
        checked += 1;
      }
      if (rows.length < VERIFY_BATCH) break;
      after = rows[rows.length - 1].link_seq;
    }
    const [stray]: { seq: string }[] = await this.dataSource.query(
      `SELECT a.seq::text AS seq FROM audit_log a LEFT JOIN audit_chain c ON c.seq = a.seq
        WHERE c.seq IS NULL AND a.seq <= $1 ORDER BY a.seq LIMIT 1`,
      [prevSeq ?? '0'],
    );
    if (stray) return { ok: false, checkedRows: checked, lastSeq: prevSeq, firstBroken: { seq: stray.seq, reason: 'raden finns inte i kedjan (tillagd i efterhand)' } };
    return { ok: true, checkedRows: checked, lastSeq: prevSeq };
  }
}

interface AuditEntryRow {
  seq: string | null;
  occurred_at: Date;
  user_id: string | null;
  user_name: string | null;
  unit_id: string | null;
  role: string | null;
  patient_id: string | null;
  thread_id: string | null;
  action: string;
  outcome: AuditOutcome;
  client_address: string | null;
  details: AuditEntry['details'];
  content_hash: Buffer;
}

function toEntry(row: AuditEntryRow): AuditEntry {
  return {
    seq: String(row.seq),
    occurredAt: row.occurred_at,
    userId: row.user_id,
    userName: row.user_name,
    unitId: row.unit_id,
    role: row.role,
    patientId: row.patient_id,
    threadId: row.thread_id,
    action: row.action,
    outcome: row.outcome,
    clientAddress: row.client_address,
    details: row.details,
    contentHash: row.content_hash,
  };
}
