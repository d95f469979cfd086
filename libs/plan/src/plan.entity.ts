import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Unit, User } from '@brygga/directory';
import { Patient } from '@brygga/patients';
import { Thread } from '@brygga/threads';
import type { PlanSectionContent } from './plan-content';

/**
 * A published version of "Min hemgång": the plan page as the ward or SOF published it, with who
 * and when. Append-only: a new publication is a new version. The page shown later is derived
 * afresh from the thread; this snapshot tells what has changed since ("Nytt").
 */
@Entity('plan_version')
@Unique('plan_version_once', ['threadId', 'version'])
export class PlanVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  /** The thread's patient at publication: the patient's own plans are found by it. */
  @Index() @Column({ type: 'uuid' }) patientId: string;
  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'patient_id' }) patient?: Patient;
  @Column({ type: 'integer' }) version: number;
  /** The page's sections as published (PlanSectionContent[]). */
  @Column({ type: 'jsonb' }) content: PlanSectionContent[];
  @Column({ type: 'uuid' }) publishedByUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'published_by_user_id' }) publishedBy?: User;
  @Column({ type: 'uuid' }) publishedByUnitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'published_by_unit_id' }) publishedByUnit?: Unit;
  @CreateDateColumn({ type: 'timestamptz' }) publishedAt: Date;
}

export const PLAN_ENTITIES = [PlanVersion];
