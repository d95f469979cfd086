import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Patient } from './patient.entity';
import type { IdentityType } from './identity-number';

/**
 * A correction of a patient's identity number (a reserve number replaced by a personnummer): who,
 * when, old and new. Append-only, and written by the database function that alone may change a
 * patient's identity (brygga_correct_patient_identity, migration 1796028000001): a patient cannot
 * be re-pointed to another number without a row here, which is what lets the access log's
 * verification accept rows sealed under the old number and refuse any other change.
 */
@Entity('patient_identity_correction')
@Check(
  'patient_identity_correction_types',
  `old_identity_type IN ('personnummer', 'samordningsnummer', 'reservnummer') AND new_identity_type IN ('personnummer', 'samordningsnummer', 'reservnummer')`,
)
export class PatientIdentityCorrection {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) patientId: string;
  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'patient_id' }) patient?: Patient;
  @Column({ type: 'text' }) oldIdentityType: IdentityType;
  @Column({ type: 'text' }) oldIdentityNumber: string;
  @Column({ type: 'text' }) oldReserveIssuer: string;
  @Column({ type: 'text' }) newIdentityType: IdentityType;
  @Column({ type: 'text' }) newIdentityNumber: string;
  @Column({ type: 'text' }) newReserveIssuer: string;
  @Column({ type: 'uuid' }) correctedByUserId: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) correctedAt: Date;
}
