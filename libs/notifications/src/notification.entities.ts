import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '@brygga/directory';

/**
 * One device that receives Web Push (a browser's PushSubscription). The push service's endpoint
 * names the device, so it is unique: a phone handed to a colleague who subscribes moves to them.
 * None of this is patient data. Ended at logout of the session that made it, when the person no
 * longer has a role that receives notices, and when the push service answers 404 or 410.
 */
@Entity('push_subscription')
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) userId: string;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id' }) user?: User;
  /** The session that subscribed: its logout ends the subscription (an idle timeout does not). */
  @Index() @Column({ type: 'text', nullable: true }) sessionId: string | null;
  @Column({ type: 'text', unique: true }) endpoint: string;
  /** The browser's P-256 public key and auth secret (base64url): what the payload is encrypted to. */
  @Column({ type: 'text' }) p256dh: string;
  @Column({ type: 'text' }) auth: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A person's choice of notices; no row: the defaults (every event by push, no e-mail). */
@Entity('notification_setting')
@Check('notification_setting_email_check', `NOT email_enabled OR email_address IS NOT NULL`)
export class NotificationSettingEntity {
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id' }) user?: User;
  @Column({ type: 'boolean', default: true }) onMessage: boolean;
  @Column({ type: 'boolean', default: true }) onDeadline: boolean;
  @Column({ type: 'boolean', default: true }) onHemgangsklar: boolean;
  @Column({ type: 'boolean', default: false }) emailEnabled: boolean;
  @Column({ type: 'text', nullable: true }) emailAddress: string | null;
  /** The rate limit's memory: set in the same statement that claims the right to send. */
  @Column({ type: 'timestamptz', nullable: true }) emailLastSentAt: Date | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** The VAPID key pair made at first start when none is configured: one row, the same on every node. */
@Entity('push_vapid_key')
@Check('push_vapid_key_one_row', `id = 1`)
export class PushVapidKeyEntity {
  @PrimaryColumn({ type: 'integer' }) id: number;
  @Column({ type: 'text' }) publicKey: string;
  @Column({ type: 'text' }) privateKey: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const NOTIFICATION_ENTITIES = [PushSubscriptionEntity, NotificationSettingEntity, PushVapidKeyEntity];
