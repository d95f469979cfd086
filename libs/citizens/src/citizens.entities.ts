import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Patient } from '@brygga/patients';

/**
 * A citizen of "Min hemgång": a patient or a närstående, known by personnummer from BankID. Never
 * a user of the directory, never a unit member. A närstående named by a patient is a row before
 * their first login (names empty until then).
 */
@Entity('citizen')
export class Citizen {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** 12 digits. */
  @Index('citizen_personnummer', { unique: true }) @Column({ type: 'text' }) personnummer: string;
  /** As the IdP gave them at the latest login; empty before the first. */
  @Column({ type: 'text', default: '' }) givenName: string;
  @Column({ type: 'text', default: '' }) familyName: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
}

/**
 * A patient's consent that a närstående may read their published plans ("Min hemgång"), until
 * an end date (inclusive, Stockholm time) or until withdrawn. A fact with history: rows are never
 * deleted, and the one change allowed is setting withdrawn_at once (trigger narstaende_consent_guard).
 */
@Entity('narstaende_consent')
@Check('narstaende_consent_scope_check', `scope IN ('plan')`)
@Check('narstaende_consent_not_self', `relative_citizen_id <> given_by_citizen_id`)
export class NarstaendeConsent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) patientId: string;
  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'patient_id' }) patient?: Patient;
  /** The patient, logged in, who gave it. */
  @Column({ type: 'uuid' }) givenByCitizenId: string;
  @ManyToOne(() => Citizen, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'given_by_citizen_id' }) givenBy?: Citizen;
  @Index() @Column({ type: 'uuid' }) relativeCitizenId: string;
  @ManyToOne(() => Citizen, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'relative_citizen_id' }) relative?: Citizen;
  /** The name the patient gave the närstående (shown to the patient and to staff). */
  @Column({ type: 'text' }) relativeName: string;
  /** What the närstående may see: only the plan, never the staff conversation or the log. */
  @Column({ type: 'text', default: 'plan' }) scope: 'plan';
  /** The last day of access (YYYY-MM-DD, inclusive). */
  @Column({ type: 'date' }) endsOn: string;
  @CreateDateColumn({ type: 'timestamptz' }) givenAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
}

export const CITIZEN_ENTITIES = [Citizen, NarstaendeConsent];
