import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { currentCorrelationId, Telemetry, type Actor } from '@brygga/common';
import { prepared } from '@brygga/database';
import { AuditEntry, type AuditOutcome } from './audit.entity';
import { contentHash } from './audit-chain';
import { AuditChainSealer, CHAIN_LOCK } from './audit-chain.sealer';
import { AuditCheckpointer } from './audit-checkpointer';
import { AUDIT_KEY, type AuditKey } from './audit-key';
import { verifyChain, type VerifyResult } from './audit-verify';

const AUDIT_SEQ = `SELECT nextval('audit_log_seq')::text AS seq FROM (SELECT pg_advisory_xact_lock_shared($1)) AS chain_lock, generate_series(1, $2)`;
const AUDIT_INSERT = `
  INSERT INTO audit_log (seq, occurred_at, user_id, user_name, unit_id, role, patient_id, thread_id, action, outcome, client_address, details, organisation_ids, content_hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::uuid[], $14)`;

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
  | 'audit.extract'
  | 'audit.verify'
  | 'route.denied'
  | 'directory.list'
  | 'directory.change'
  | 'message.push'
  | 'participant.add'
  | 'participant.remove'
  | 'thread.transfer'
  | 'thread.close'
  | 'thread.cancel'
  | 'fact.change'
  | 'auth.login'
  | 'auth.logout'
  | 'bevakning.create'
  | 'bevakning.list'
  | 'statistics.read'
  | 'attachment.upload'
  | 'attachment.attach'
  | 'attachment.read'
  | 'attachment.scan'
  /** A message sent to another unit's system as a FHIR message (a disclosure). */
  | 'fhir.export';

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


@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: AuditChainSealer,
    private readonly checkpointer: AuditCheckpointer,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
    private readonly telemetry: Telemetry,
  ) {}

  /**
   * Appends rows in the caller's transaction, so a write and its log row commit together. The
   * shared chain lock, held to commit, lets the sealer know when every earlier row is final;
   * writers do not wait for each other.
   */
  async record(manager: EntityManager, records: AuditRecord[]): Promise<string[]> {
    if (!records.length) return [];
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs a transaction');
    // The shared lock comes first (a FROM item is read before the target list is computed), so
    // no seq is handed out to a writer the sealer is not waiting for.
    const seqs = await prepared<{ seq: string }>(manager, 'audit-seq', AUDIT_SEQ, [CHAIN_LOCK, records.length]);
    const ordered = seqs.map((r) => BigInt(r.seq)).sort((a, b) => (a < b ? -1 : 1));
    const occurredAt = new Date();
    // The request's correlation id ties the row to its log line and its error answer.
    const correlationId = currentCorrelationId();
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
        details: correlationId ? { ...r.details, correlationId } : (r.details ?? null),
        organisationIds: memberships.length ? [...new Set(memberships.map((m) => m.organisationId))].sort() : null,
      } as AuditEntry;
      row.contentHash = contentHash(row);
      return row;
    });
    // Named prepared statements, one row each (almost always one row: the action itself).
    for (const r of rows) {
      await prepared(manager, 'audit-insert', AUDIT_INSERT, [
        r.seq,
        r.occurredAt,
        r.userId,
        r.userName,
        r.unitId,
        r.role,
        r.patientId,
        r.threadId,
        r.action,
        r.outcome,
        r.clientAddress,
        r.details === null ? null : JSON.stringify(r.details),
        r.organisationIds,
        r.contentHash,
      ]);
    }
    this.telemetry.add('audit.rows', rows.length);
    return rows.map((r) => r.seq);
  }

  /** Records in a transaction of its own: for denials and reads that write nothing else. */
  async recordNow(records: AuditRecord[]): Promise<string[]> {
    return this.dataSource.transaction((m) => this.record(m, records));
  }

  /**
   * Seals what has committed, then walks the chain and holds it against the key and this node's
   * signed checkpoints (audit-verify.ts): names the first row that does not hold.
   */
  async verify(): Promise<VerifyResult> {
    await this.sealer.seal(true);
    return verifyChain((sql, params) => this.dataSource.query(sql, params), this.key, await this.checkpointer.checkpoints());
  }
}
