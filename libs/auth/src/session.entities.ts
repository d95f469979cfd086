import { SystemClient } from './system-client.entity';
import { RateLimit } from './rate-limit';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A server-side browser session; every api node reads the same table. */
@Entity('web_session')
export class WebSession {
  @PrimaryColumn({ type: 'text' }) sid: string;
  /** Set once the session is logged in; lets logout or a revoked user end all of a user's sessions. */
  @Index() @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  /** Idle expiry: pushed forward by each request. */
  @Index() @Column({ type: 'timestamptz' }) expiresAt: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Secrets the nodes must share (e.g. the session cookie signing key), made once on first start. */
@Entity('app_secret')
export class AppSecret {
  @PrimaryColumn({ type: 'text' }) name: string;
  @Column({ type: 'text' }) value: string;
}

export const AUTH_ENTITIES = [WebSession, AppSecret, RateLimit, SystemClient];
