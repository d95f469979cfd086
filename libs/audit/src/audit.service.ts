import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@brygga/common';
import { AuditEntry, AuditOutcome } from './audit.entity';
import { chainHash, contentHash, GENESIS_HASH } from './audit-chain';

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

/** One chain for the whole log; the lock is held to the end of the writing transaction. */
const CHAIN_LOCK = 7_261_003;
const VERIFY_BATCH = 5000;

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends rows in the caller's transaction, so a write and its log row commit together.
   * Call it last in the transaction: the chain lock serialises writers until commit, which
   * keeps chain order equal to commit order.
   */
  async record(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs a transaction');
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [head]: { seq: string; hash: Buffer }[] = await manager.query(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    let seq = head ? BigInt(head.seq) : 0n;
    let prevHash: Buffer = head ? head.hash : GENESIS_HASH;
    const occurredAt = new Date();
    const rows: AuditEntry[] = records.map((r) => {
      seq += 1n;
      const memberships = r.actor?.memberships ?? [];
      const membership = memberships.find((m) => m.unitId === r.unitId);
      const row = {
        seq: seq.toString(),
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
      row.prevHash = prevHash;
      row.hash = chainHash(prevHash, row.contentHash);
      prevHash = row.hash;
      return row;
    });
    await manager.insert(AuditEntry, rows);
  }

  /** Records in a transaction of its own: for denials and reads that write nothing else. */
  async recordNow(records: AuditRecord[]): Promise<void> {
    await this.dataSource.transaction((m) => this.record(m, records));
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: filter.patientId });
    if (filter.userId) qb.andWhere('a.user_id = :userId', { userId: filter.userId });
    if (filter.threadId) qb.andWhere('a.thread_id = :threadId', { threadId: filter.threadId });
    if (filter.from) qb.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.occurred_at < :to', { to: filter.to });
    if (filter.beforeSeq) qb.andWhere('a.seq < :before', { before: filter.beforeSeq });
    return qb.orderBy('a.seq', 'DESC').limit(filter.limit).getMany();
  }

  /** Walks the whole chain and reports the first row whose content or link does not hold. */
  async verify(): Promise<VerifyResult> {
    let expectedSeq = 1n;
    let prevHash: Buffer = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const rows = await this.dataSource
        .getRepository(AuditEntry)
        .createQueryBuilder('a')
        .where('a.seq >= :from', { from: expectedSeq.toString() })
        .orderBy('a.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getMany();
      for (const row of rows) {
        const broken = (reason: string): VerifyResult => ({
          ok: false,
          checkedRows: checked,
          lastSeq: (expectedSeq - 1n).toString(),
          firstBroken: { seq: row.seq, reason },
        });
        if (BigInt(row.seq) !== expectedSeq) return broken(`rad ${expectedSeq} saknas (borttagen)`);
        if (!row.prevHash.equals(prevHash)) return broken('länken till föregående rad stämmer inte');
        if (!contentHash(row).equals(row.contentHash)) return broken('radens innehåll har ändrats');
        if (!chainHash(prevHash, row.contentHash).equals(row.hash)) return broken('radens kedjehash stämmer inte');
        prevHash = row.hash;
        expectedSeq += 1n;
        checked += 1;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    return { ok: true, checkedRows: checked, lastSeq: checked ? (expectedSeq - 1n).toString() : null };
  }
}
