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
  Unique,
} from 'typeorm';
import { Thread } from '@brygga/threads';

/**
 * The SIP plan (samordnad individuell plan): one row per version, never changed; a change is a
 * new version, so the history is the rows. Units accept their part of a version; follow-up and
 * evaluation are entries on the plan.
 */
@Entity('sip_plan_version')
@Unique('sip_plan_version_thread_version', ['threadId', 'version'])
export class SipPlanVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'integer' }) version: number;
  /** The plan's content as validated (SipPlanInput). */
  @Column({ type: 'jsonb' }) content: Record<string, unknown>;
  @Column({ type: 'uuid' }) createdByUserId: string;
  @Column({ type: 'uuid' }) createdByUnitId: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('sip_plan_acceptance')
export class SipPlanAcceptance {
  @PrimaryColumn({ type: 'uuid' }) versionId: string;
  @ManyToOne(() => SipPlanVersion, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'version_id' }) planVersion?: SipPlanVersion;
  @PrimaryColumn({ type: 'uuid' }) unitId: string;
  @Column({ type: 'uuid' }) userId: string;
  @CreateDateColumn({ type: 'timestamptz' }) acceptedAt: Date;
}

@Entity('sip_plan_entry')
@Check('sip_plan_entry_kind_check', `kind IN ('uppfoljning', 'utvardering')`)
export class SipPlanEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'uuid' }) versionId: string;
  @ManyToOne(() => SipPlanVersion, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'version_id' }) planVersion?: SipPlanVersion;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'date' }) heldOn: string;
  @Column({ type: 'text' }) text: string;
  /** Evaluation: per goal, reached or not (goal index → uppnatt | delvis | ej_uppnatt). */
  @Column({ type: 'jsonb', default: () => "'[]'" }) goalResults: string[];
  @Column({ type: 'uuid' }) createdByUserId: string;
  @Column({ type: 'uuid' }) createdByUnitId: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const SIP_PLAN_ENTITIES = [SipPlanVersion, SipPlanAcceptance, SipPlanEntry];
