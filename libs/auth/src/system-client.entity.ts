import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Unit, User } from '@brygga/directory';

/**
 * A hospital or municipal system registered to exchange FHIR messages for one unit. It logs in
 * as itself (OAuth 2.0 client credentials, `clientId` at the token issuer) and acts as its own
 * directory user (the author of what it posts, the actor in the access log) with the role
 * `system` in its unit only.
 */
@Entity('system_client')
export class SystemClient {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) clientId: string;
  @Column({ type: 'text' }) name: string;
  @Index() @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'unit_id' }) unit?: Unit;
  @Column({ type: 'uuid', unique: true }) userId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'user_id' }) user?: User;
  /** Where Brygga sends FHIR messages for the unit ($process-message); null: the unit receives none. */
  @Column({ type: 'text', nullable: true }) endpointUrl: string | null;
  /** scrypt hash of the secret for Brygga's own token endpoint (POST /auth/system-token); null: tokens come from the configured issuer only. */
  @Column({ type: 'text', nullable: true, select: false }) secretHash?: string | null;
  @Column({ type: 'timestamptz', nullable: true }) secretSetAt: Date | null;
  /** Disabled: no token of it is accepted and nothing is sent to its endpoint. */
  @Column({ type: 'timestamptz', nullable: true }) disabledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
