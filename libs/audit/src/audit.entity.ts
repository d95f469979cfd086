import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const AUDIT_OUTCOMES = ['allowed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One row of the access log, written in the transaction of the access it records. Append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE). The database, not the writer, decides a row's
 * place and time: a BEFORE INSERT trigger (brygga_audit_place) takes `seq` from the sequence
 * audit_log_seq and `occurred_at` from the transaction, and refuses a row that brings its own
 * (migration 1796028000000; the xid before the number, 1796040000000). The hash chain over the rows lives in audit_chain (AuditChainSealer).
 */
@Entity('audit_log')
// Rows covering many accesses (details.covers, AUDIT_ROWS): by the ids they name, and in order (migration 1796034500000).
@Index('audit_log_covered', { synchronize: false })
@Index('audit_log_covers_seq', { synchronize: false })
@Check('audit_log_outcome_check', `outcome IN ('allowed', 'denied')`)
export class AuditEntry {
  /** Position in the chain, from audit_log_seq after the transaction's xid (a rolled-back write leaves a gap). */
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  /** The writing transaction's start, in milliseconds. */
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Index() @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'text', nullable: true }) userName: string | null;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  /** The organisation of the unit the actor acted from (or the actor's only organisation); null when neither is known. */
  @Column({ type: 'uuid', nullable: true }) organisationId: string | null;
  @Column({ type: 'text', nullable: true }) role: string | null;
  @Index() @Column({ type: 'uuid', nullable: true }) patientId: string | null;
  @Index() @Column({ type: 'uuid', nullable: true }) threadId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) outcome: AuditOutcome;
  @Column({ type: 'text', nullable: true }) clientAddress: string | null;
  @Column({ type: 'jsonb', nullable: true }) details: Record<string, string | number | boolean | null> | null;
  /**
   * The organisations the actor belonged to when acting: a log reviewer sees what their own
   * organisation's users did, even after they have left it. null on rows written before it existed.
   * Not indexed: the review's scope reads it as one branch of an OR no index serves (migration 1796040100000).
   */
  @Column({ type: 'uuid', array: true, nullable: true }) organisationIds: string[] | null;
  /**
   * For a search or extract by identity number: the patientRef (keyed hash) of the number searched
   * for, whether or not such a patient exists, so the search shows in that patient's extract.
   * null otherwise (the sealer derives the reference from patientId).
   */
  @Index('audit_log_patient_ref', { synchronize: false }) @Column({ type: 'bytea', nullable: true }) patientRef: Buffer | null;
  /** Rows written before the database placed them: the writer's hash. Newer rows: null (audit_chain.content_hash). */
  @Column({ type: 'bytea', nullable: true }) contentHash: Buffer | null;
}

/**
 * A link of the hash chain: `hash` = HMAC(key, prevHash ‖ the row's contentHash), rows in `seq`
 * order. Written by the sealer shortly after the rows commit; append-only as well.
 */
@Entity('audit_chain')
export class AuditLink {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  /** The previous sealed row; a link that skips a row that existed shows a removal. */
  @Column({ type: 'bigint', nullable: true }) prevSeq: string | null;
  @Column({ type: 'bytea' }) prevHash: Buffer;
  @Column({ type: 'bytea' }) hash: Buffer;
  /** The row's content hash as the sealer computed it (sealedContentHash); null for rows that carry their own. */
  @Column({ type: 'bytea', nullable: true }) contentHash: Buffer | null;
  /** The row's patientRef at sealing (the patient's identity then, or the number searched for); part of the content hash. */
  @Index('audit_chain_patient_ref', { synchronize: false }) @Column({ type: 'bytea', nullable: true }) patientRef: Buffer | null;
  /**
   * The AuditKey that keyed this link: hash = HMAC(key, prevHash ‖ contentHash). null for links
   * sealed before the chain was keyed (plain sha256), which may only precede keyed ones.
   */
  @Column({ type: 'text', nullable: true }) keyId: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) sealedAt: Date;
}
