import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * Another identifier of a directory unit, as systems name it in FHIR messages: an HSA-id beyond
 * the unit's own, or (in a Danish deployment) a SOR code or an EAN/GLN location number.
 */
@Entity('unit_identifier')
export class UnitIdentifier {
  @PrimaryColumn({ type: 'text' }) system: string;
  @PrimaryColumn({ type: 'text' }) value: string;
  @Index() @Column({ type: 'uuid' }) unitId: string;
}

/** The thread a sender's episode of care (Encounter.episodeOfCare identifier) belongs to. */
@Entity('fhir_episode')
export class FhirEpisode {
  @PrimaryColumn({ type: 'text' }) system: string;
  @PrimaryColumn({ type: 'text' }) value: string;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** `parkerad`: acknowledged ok and kept until what it needs arrives (a cancellation before its admission). */
export const RECEIVED_OUTCOMES = ['ok', 'fatal-error', 'parkerad'] as const;
export type ReceivedOutcome = (typeof RECEIVED_OUTCOMES)[number];

/**
 * Every FHIR message received, once per sender and MessageHeader id (reliable messaging): its
 * acknowledgement is answered again for a duplicate or a resubmission (a new Bundle id), and
 * what it became in Brygga (thread, message) lets a later revise-* or cancel-* find it.
 * Transient errors are not stored: the sender retries and the message is processed then.
 */
@Entity('fhir_received')
@Unique('fhir_received_once', ['senderUnitId', 'messageHeaderId'])
@Check('fhir_received_outcome_check', `outcome IN ('ok', 'fatal-error', 'parkerad')`)
export class FhirReceived {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The unit of the system client that sent it. */
  @Column({ type: 'uuid' }) senderUnitId: string;
  @Column({ type: 'text' }) messageHeaderId: string;
  /** Every Bundle id it came in (the first, then resubmissions). */
  @Column({ type: 'text', array: true }) bundleIds: string[];
  @Column({ type: 'text' }) eventCode: string;
  @Column({ type: 'text', nullable: true }) activityCode: string | null;
  @Column({ type: 'text' }) outcome: ReceivedOutcome;
  /** The acknowledgement Bundle we answered with; null for a received acknowledgement (never acknowledged). */
  @Column({ type: 'jsonb', nullable: true }) acknowledgement: Record<string, unknown> | null;
  @Column({ type: 'uuid', nullable: true }) threadId: string | null;
  @Column({ type: 'uuid', nullable: true }) messageId: string | null;
  /** The message received, as sent (the Provenance chain is kept with it). Null for a refused one. */
  @Column({ type: 'jsonb', nullable: true }) bundle: Record<string, unknown> | null;
  @CreateDateColumn({ type: 'timestamptz' }) receivedAt: Date;
}

export const OUTBOX_STATUSES = ['vantar_pa_kvittens', 'kvitterat', 'fel'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A Brygga message to send as a FHIR message to a receiving unit's system. Written in the
 * transaction that posts the message, sent after the commit, retried with a new Bundle id and
 * the same MessageHeader id; a claim moves `nextAttemptAt` forward before sending, so a node
 * that dies mid-send leaves the row to be retried, never lost.
 */
@Entity('fhir_outbox')
@Unique('fhir_outbox_once', ['messageId', 'receiverUnitId'])
@Check('fhir_outbox_status_check', `status IN ('vantar_pa_kvittens', 'kvitterat', 'fel')`)
@Index('fhir_outbox_pending', ['receiverUnitId', 'queuePosition'], { where: "status = 'vantar_pa_kvittens'" })
export class FhirOutbox {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) messageId: string;
  @Column({ type: 'uuid' }) threadId: string;
  @Column({ type: 'uuid' }) receiverUnitId: string;
  @Index({ unique: true }) @Column({ type: 'uuid' }) messageHeaderId: string;
  /** The Bundle of the latest attempt (a new id each attempt). */
  @Column({ type: 'jsonb' }) bundle: Record<string, unknown>;
  @Column({ type: 'text', default: 'vantar_pa_kvittens' }) status: OutboxStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Index() @Column({ type: 'timestamptz' }) nextAttemptAt: Date;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  /** The row's place in its receiver's queue: a receiver gets its rows in this order, one settled before the next is sent. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'BY DEFAULT' }) queuePosition: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export const FHIR_ENTITIES = [UnitIdentifier, FhirEpisode, FhirReceived, FhirOutbox];
