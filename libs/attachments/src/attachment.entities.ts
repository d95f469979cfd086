import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '@brygga/directory';
import { Message, Thread } from '@brygga/threads';

/**
 * not_scanned: no scanner is configured (CLAMD_URL unset); clean: clamd found nothing;
 * scan_pending: clamd could not be reached ("väntar på viruskontroll"), not downloadable until a
 * later scan; infected: found by a later scan, never downloadable (infected uploads are never stored).
 */
export { ATTACHMENT_STATES, type AttachmentState } from '@brygga/contracts';
import type { AttachmentState } from '@brygga/contracts';

/**
 * A file uploaded to a thread. Pending (messageId null) it is visible to its uploader only; once a
 * message names it, it belongs to that message for good (a correction carries its own files).
 */
@Entity('attachment')
@Check('attachment_state_check', `state IN ('not_scanned', 'clean', 'scan_pending', 'infected')`)
@Check('attachment_storage_check', `storage IN ('postgres', 's3')`)
export class Attachment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Index() @Column({ type: 'uuid', nullable: true }) messageId: string | null;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  /** attachment_pending: pending files (no message yet) by uploader and age, for the quota and the expiry (migration 1796028000002). */
  @Index('attachment_pending', { synchronize: false }) @Column({ type: 'uuid' }) uploadedByUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'uploaded_by_user_id' }) uploadedBy?: User;
  /** Normalised: no path, no control or bidi characters. */
  @Column({ type: 'text' }) name: string;
  /** Decided from the content, never from the name or the browser's claim. */
  @Column({ type: 'text' }) contentType: string;
  @Column({ type: 'integer' }) sizeBytes: number;
  @Column({ type: 'text' }) sha256: string;
  @Column({ type: 'text' }) storage: 'postgres' | 's3';
  /** Random, unguessable; the row's id is never the storage key. */
  @Index({ unique: true }) @Column({ type: 'text' }) objectKey: string;
  @Column({ type: 'text' }) state: AttachmentState;
  /** Images, and PDFs without embedded JavaScript; anything else is download-only. */
  @Column({ type: 'boolean' }) previewable: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) scannedAt: Date | null;
}

/** The PostgreSQL store: a file as ordered chunks, written and read one chunk at a time. */
@Entity('attachment_chunk')
export class AttachmentChunk {
  @PrimaryColumn({ type: 'text' }) objectKey: string;
  @PrimaryColumn({ type: 'integer' }) idx: number;
  @Column({ type: 'bytea' }) data: Buffer;
  /** When the chunk was written: chunks without an attachment row are swept only after a grace time. */
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const ATTACHMENT_ENTITIES = [Attachment, AttachmentChunk];
