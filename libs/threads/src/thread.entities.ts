import type { HemgangStatus } from './hemgang.dto';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Unit, User } from '@brygga/directory';
import { Patient } from '@brygga/patients';

// Shared with the web client through @brygga/contracts.
export { THREAD_STATUSES, TRIAGE_COLOURS, type ThreadStatus, type Triage } from '@brygga/contracts';
import type { ThreadStatus, Triage } from '@brygga/contracts';

/** Ärende: one patient care episode, owned by a ward. */
@Entity('thread')
@Unique('thread_creator_idempotency', ['createdByUserId', 'idempotencyKey'])
@Check('thread_status_check', `status IN ('inskriven', 'planering', 'utskrivningsklar', 'avbrott', 'utskriven', 'avslutad', 'makulerad')`)
@Check('thread_triage_check', `triage IN ('gron', 'gul', 'rod')`)
export class Thread {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) patientId: string;
  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'patient_id' }) patient?: Patient;
  @Index() @Column({ type: 'uuid' }) ownerUnitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'owner_unit_id' }) ownerUnit?: Unit;
  /**
   * The patient as the ward registered them on this thread. A patient who already exists keeps
   * their stored record, but the thread never shows its name or protection to a ward that did not
   * type them (no oracle): the ward's name stays, and a differing name is flagged for the owner.
   */
  @Column({ type: 'text' }) patientGivenName: string;
  @Column({ type: 'text' }) patientFamilyName: string;
  /** What the ward declared when opening the thread. */
  @Column({ type: 'boolean', default: false }) patientProtectedDeclared: boolean;
  /** Masking for everyone but the owner: declared here, or stored for the patient by anyone. */
  @Column({ type: 'boolean', default: false }) patientProtected: boolean;
  /**
   * The typed name differs from a name the owning ward already sees for this patient in another
   * thread it takes part in. Never compared with the stored name: that would tell a ward with no
   * other access whether a guessed name is right.
   */
  @Column({ type: 'boolean', default: false }) patientNameMismatch: boolean;
  /**
   * Wards that owned the thread before a transfer: they keep seeing what the owner declared
   * (patientProtectedDeclared), not the stored flag of a patient someone else registered.
   */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" }) formerOwnerUnitIds: string[];
  @Column({ type: 'text', default: 'inskriven' }) status: ThreadStatus;
  @Column({ type: 'text' }) triage: Triage;
  @Column({ type: 'timestamptz', nullable: true }) admittedAt: Date | null;
  @Column({ type: 'date', nullable: true }) plannedDischargeDate: string | null;
  @Column({ type: 'timestamptz', nullable: true }) utskrivningsklarAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) dischargedAt: Date | null;
  /**
   * When the thread became hemgångsklar; null while it is not. Derived, never set by hand: only
   * the checklists module writes it, under the thread row lock, when its derivation flips.
   */
  @Column({ type: 'timestamptz', nullable: true }) hemgangsklarAt: Date | null;
  /** The derived going-home state with its reason (libs/checklists hemgang-status.ts); null until first derived. */
  @Column({ type: 'jsonb', nullable: true }) hemgangsklarStatus: HemgangStatus | null;
  /** Highest message sequence number; incremented under the row lock, so gap-free. */
  @Column({ type: 'integer', default: 0 }) lastSeq: number;
  @Column({ type: 'uuid' }) createdByUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'created_by_user_id' }) createdBy?: User;
  @Column({ type: 'text', nullable: true }) idempotencyKey: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('thread_participant')
export class ThreadParticipant {
  @PrimaryColumn({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Index() @PrimaryColumn({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'unit_id' }) unit?: Unit;
  @CreateDateColumn({ type: 'timestamptz' }) addedAt: Date;
}

/** Immutable (a trigger refuses UPDATE and DELETE); a correction is a new message. */
@Entity('message')
@Unique('message_thread_seq', ['threadId', 'seq'])
@Unique('message_idempotency', ['threadId', 'authorUserId', 'idempotencyKey'])
export class Message {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text', nullable: true }) body: string | null;
  @Column({ type: 'jsonb', nullable: true }) payload: Record<string, unknown> | null;
  @Column({ type: 'uuid' }) authorUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'author_user_id' }) author?: User;
  @Column({ type: 'uuid' }) authorUnitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'author_unit_id' }) authorUnit?: Unit;
  @Column({ type: 'uuid', nullable: true }) correctsMessageId: string | null;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'corrects_message_id' }) corrects?: Message;
  @Column({ type: 'text' }) idempotencyKey: string;
  /** sha256 of the request, so a reused key with different content is refused. */
  @Column({ type: 'text' }) requestHash: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  /** When the act happened, for a write made without coverage and sent later (createdAt: when it arrived). */
  @Column({ type: 'timestamptz', nullable: true }) observedAt: Date | null;
}

@Entity('read_receipt')
export class ReadReceipt {
  @PrimaryColumn({ type: 'uuid' }) messageId: string;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  @Index() @PrimaryColumn({ type: 'uuid' }) userId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'user_id' }) user?: User;
  @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'unit_id' }) unit?: Unit;
  @Column({ type: 'timestamptz' }) readAt: Date;
}

/**
 * A structured fact of a thread (address, närstående, samtycke …), one row per version:
 * append-only, so its history is kept; the latest version of each key is in force.
 */
@Entity('thread_fact')
@Unique('thread_fact_key_version', ['threadId', 'key', 'version'])
export class ThreadFact {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'text' }) key: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'jsonb' }) value: Record<string, unknown>;
  @Column({ type: 'uuid' }) setByUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'set_by_user_id' }) setBy?: User;
  @Column({ type: 'uuid' }) setByUnitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'set_by_unit_id' }) setByUnit?: Unit;
  @CreateDateColumn({ type: 'timestamptz' }) setAt: Date;
}

/**
 * What the inbox filters and sorts on, per thread: the clock's state and its next pending deadline
 * (libs/deadlines derives them from the timeline). Kept so that `?filter=forsenad` and `?sort=frist`
 * run in SQL over every thread a user may see. The deadlines themselves do not move with time, only
 * whether they are past, so a row stays right until its thread changes: `source` fingerprints what
 * the clock reads (timeline, dates, participants, rules), and the inbox re-derives rows whose
 * fingerprint no longer matches before it queries (thread-inbox-clocks.ts).
 */
@Entity('thread_inbox_clock')
export class ThreadInboxClock {
  @PrimaryColumn({ type: 'uuid' }) threadId: string;
  @OneToOne(() => Thread, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'text' }) source: string;
  @Column({ type: 'text' }) clockState: string;
  /** The earliest deadline not yet met; null when none is pending (or the patient is discharged). */
  @Index() @Column({ type: 'timestamptz', nullable: true }) nextDueAt: Date | null;
}

export const THREAD_ENTITIES = [Thread, ThreadParticipant, Message, ReadReceipt, ThreadFact, ThreadInboxClock];
