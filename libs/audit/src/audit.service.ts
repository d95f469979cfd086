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

/** Every row of a call in one statement: one round trip however many rows (the push log writes hundreds). */
const AUDIT_INSERT = `
  INSERT INTO audit_log (seq, occurred_at, user_id, user_name, unit_id, role, patient_id, thread_id, action, outcome, client_address, details, organisation_ids, content_hash)
  SELECT s, $2::timestamptz, u, un, ut, r, p, t, a, o, ca, d, og::uuid[], h
    FROM unnest($1::bigint[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::bytea[])
      AS x(s, u, un, ut, r, p, t, a, o, ca, d, og, h)`;

/**
 * The SQL that hands out access-log sequence numbers under the shared chain lock, for a statement
 * of another module that wants them in its own round trip (e.g. the message append): it must be
 * evaluated before anything that uses the numbers, and the lock is held to commit.
 */
export const AUDIT_SEQ_SQL = (lockParam: string): string =>
  `SELECT nextval('audit_log_seq')::text AS seq FROM (SELECT pg_advisory_xact_lock_shared(${lockParam})) AS chain_lock`;
/** $2 numbers at once, for this module's own rows. */
const AUDIT_SEQ = `${AUDIT_SEQ_SQL('$1')}, generate_series(1, $2)`;

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
  async record(manager: EntityManager, records: AuditRecord[], reserved: string[] = []): Promise<string[]> {
    if (!records.length) return [];
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs a transaction');
    // The shared lock comes first (a FROM item is read before the target list is computed), so
    // no seq is handed out to a writer the sealer is not waiting for. Numbers reserved earlier in
    // this transaction (under the same lock) are used first.
    const more = records.length - reserved.length;
    const seqs = more > 0 ? (await prepared<{ seq: string }>(manager, 'audit-seq', AUDIT_SEQ, [CHAIN_LOCK, more])).map((r) => r.seq) : [];
    const ordered = [...reserved, ...seqs].map(BigInt).sort((a, b) => (a < b ? -1 : 1));
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
    const column = <K extends keyof AuditEntry>(key: K) => rows.map((r) => r[key]);
    await prepared(manager, 'audit-insert', AUDIT_INSERT, [
      column('seq'),
      occurredAt,
      column('userId'),
      column('userName'),
      column('unitId'),
      column('role'),
      column('patientId'),
      column('threadId'),
      column('action'),
      column('outcome'),
      column('clientAddress'),
      rows.map((r) => (r.details === null ? null : JSON.stringify(r.details))),
      // An array per row: passed as its literal, cast per row (unnest would flatten an array of arrays).
      rows.map((r) => (r.organisationIds ? `{${r.organisationIds.join(',')}}` : null)),
      column('contentHash'),
    ]);
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
