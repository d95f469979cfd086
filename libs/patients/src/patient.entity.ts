import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { IdentityType } from './identity-number';

@Entity('patient')
@Unique('patient_identity', ['identityType', 'reserveIssuer', 'identityNumber'])
@Check('patient_identity_type_check', `identity_type IN ('personnummer', 'samordningsnummer', 'reservnummer')`)
export class Patient {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) identityType: IdentityType;
  /** 12 digits for personnummer and samordningsnummer; the issuer's own form for a reserve number. */
  @Column({ type: 'text' }) identityNumber: string;
  /** The system that issued a reserve number; empty for national numbers. */
  @Column({ type: 'text', default: '' }) reserveIssuer: string;
  @Column({ type: 'text' }) givenName: string;
  @Column({ type: 'text' }) familyName: string;
  /** Skyddade personuppgifter: name shown only to the owning ward, never in lists. */
  @Column({ type: 'boolean', default: false }) protectedIdentity: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
