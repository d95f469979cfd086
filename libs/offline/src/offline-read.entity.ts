import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@brygga/directory';
import { Thread } from '@brygga/threads';

/**
 * A thread read on a phone without coverage, reported at the next sync (POST /api/offline/reads).
 * The key the phone gave the read makes a sync sent twice record it once; the access-log row
 * (action thread.offline_read) carries the same observed time.
 */
@Entity('offline_read')
export class OfflineRead {
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'user_id' }) user?: User;
  @PrimaryColumn({ type: 'text' }) readKey: string;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  /** When the thread was opened on the phone. */
  @Column({ type: 'timestamptz' }) observedAt: Date;
  /** When the phone reported it. */
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
}

export const OFFLINE_ENTITIES = [OfflineRead];
