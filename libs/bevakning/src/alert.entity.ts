import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '@brygga/directory';
import { Thread } from '@brygga/threads';

export const ALERT_STATES = ['ny', 'sedd', 'hanterad'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * What Bevakning shows a thread's units: one alert per thread and kind (liability, the admission
 * notice, the SIP summons, a notice left unread), outside the conversation. Each new warning of the
 * kind (deadline_warning, written once per deadline and level) raises it again; a user of a unit it
 * concerns marks it seen or handled, and who and when stays on it.
 */
@Entity('thread_alert')
@Unique('thread_alert_once', ['threadId', 'kind'])
@Check('thread_alert_state_check', `state IN ('ny', 'sedd', 'hanterad')`)
export class ThreadAlert {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) level: string;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  /** Free of patient identity, like the warning's. */
  @Column({ type: 'text' }) text: string;
  /** The units concerned: they may mark it; everyone in the thread sees it. */
  @Column({ type: 'uuid', array: true }) unitIds: string[];
  /** The latest warning that raised it. */
  @Column({ type: 'uuid' }) warningId: string;
  @Column({ type: 'timestamptz' }) raisedAt: Date;
  @Column({ type: 'text', default: 'ny' }) state: AlertState;
  @Column({ type: 'uuid', nullable: true }) seenByUserId: string | null;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'seen_by_user_id' }) seenBy?: User;
  @Column({ type: 'timestamptz', nullable: true }) seenAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) handledByUserId: string | null;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'handled_by_user_id' }) handledBy?: User;
  @Column({ type: 'timestamptz', nullable: true }) handledAt: Date | null;
}
