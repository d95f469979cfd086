import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Thread } from '@brygga/threads';

/**
 * A warning that a deadline is near or past ("Bevakning"), written by Brygga itself. The unique
 * key per thread makes it at most once per deadline, whichever api node's job finds it first.
 */
@Entity('deadline_warning')
@Unique('deadline_warning_once', ['threadId', 'warningKey'])
export class DeadlineWarning {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  /** The deadline and level, e.g. "betalningsansvar:2026-11-26T23:00:00.000Z:nara". */
  @Column({ type: 'text' }) warningKey: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) level: string;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  /** The units concerned: they see it live in their inbox and on their Bevakning list. */
  @Column({ type: 'uuid', array: true }) unitIds: string[];
  /** The text, free of patient identity (it goes to unit rooms). */
  @Column({ type: 'text' }) text: string;
  /** The timeline entry that carried it before alerts (thread_alert) replaced them; 0 since. */
  @Column({ type: 'integer' }) messageSeq: number;
  @Index() @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
