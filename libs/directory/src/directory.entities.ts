import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { OrgKind, Role } from '@brygga/common';

@Entity('organisation')
@Check('organisation_kind_check', `kind IN ('slutenvard', 'sof', 'hemsjukvard', 'hemtjanst', 'primarvard')`)
export class Organisation {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stable key from the seed file, so re-seeding finds the same row. */
  @Column({ type: 'text', unique: true }) key: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: OrgKind;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) key: string;
  @Index() @Column({ type: 'uuid' }) organisationId: string;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true, unique: true }) hsaId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A person who may log in: by BankID (personnummer) or SITHS (HSA-id). */
@Entity('app_user')
@Check('app_user_identity_check', `personnummer IS NOT NULL OR hsa_id IS NOT NULL`)
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) key: string;
  @Column({ type: 'text' }) givenName: string;
  @Column({ type: 'text' }) familyName: string;
  @Column({ type: 'char', length: 12, nullable: true, unique: true }) personnummer: string | null;
  @Column({ type: 'text', nullable: true, unique: true }) hsaId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('membership')
@Unique('membership_user_unit_role', ['userId', 'unitId', 'role'])
@Check(
  'membership_role_check',
  `role IN ('koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin', 'enhetschef')`,
)
export class Membership {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) userId: string;
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
  @Index() @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;
  @Column({ type: 'text' }) role: Role;
}

/**
 * A grant that one administrator asked for and a second must approve (four eyes): the roles that
 * reach the access log or the directory itself (logggranskare, admin), and any role for a person
 * who belongs to another organisation. Kept after the decision, as the record of who asked and who
 * decided; the access log has a row for each step.
 */
@Entity('membership_request')
@Check(
  'membership_request_role_check',
  `role IN ('koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin')`,
)
@Check('membership_request_status_check', `status IN ('pending', 'approved', 'rejected')`)
@Check('membership_request_reason_check', `reason IN ('elevated_role', 'other_organisation')`)
@Index('membership_request_pending', ['userId', 'unitId', 'role'], { unique: true, where: "status = 'pending'" })
export class MembershipRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) userId: string;
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
  @Index() @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;
  @Column({ type: 'text' }) role: Role;
  /** Why it needs a second administrator: an elevated role, or a person of another organisation. */
  @Column({ type: 'text' }) reason: 'elevated_role' | 'other_organisation';
  @Column({ type: 'uuid' }) requestedByUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by_user_id' })
  requestedBy?: User;
  @CreateDateColumn({ type: 'timestamptz' }) requestedAt: Date;
  @Column({ type: 'text', default: 'pending' }) status: 'pending' | 'approved' | 'rejected';
  @Column({ type: 'uuid', nullable: true }) decidedByUserId: string | null;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_user_id' })
  decidedBy?: User;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
}

export const DIRECTORY_ENTITIES = [Organisation, Unit, User, Membership, MembershipRequest];
