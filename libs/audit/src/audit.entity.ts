import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const AUDIT_OUTCOMES = ['allowed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One row of the access log. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained: `hash` = sha256(previous row's hash ‖ contentHash), in `seq` order.
 */
@Entity('audit_log')
@Check('audit_log_outcome_check', `outcome IN ('allowed', 'denied')`)
export class AuditEntry {
  /** Position in the chain: gap-free, assigned under the chain lock. */
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Index() @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'text', nullable: true }) userName: string | null;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @Column({ type: 'text', nullable: true }) role: string | null;
  @Index() @Column({ type: 'uuid', nullable: true }) patientId: string | null;
  @Index() @Column({ type: 'uuid', nullable: true }) threadId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) outcome: AuditOutcome;
  @Column({ type: 'text', nullable: true }) clientAddress: string | null;
  @Column({ type: 'jsonb', nullable: true }) details: Record<string, string | number | boolean | null> | null;
  @Column({ type: 'bytea' }) contentHash: Buffer;
  @Column({ type: 'bytea' }) prevHash: Buffer;
  @Column({ type: 'bytea' }) hash: Buffer;
}
