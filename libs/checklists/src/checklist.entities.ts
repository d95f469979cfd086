import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation, Unit, User } from '@brygga/directory';
import { Message, Thread } from '@brygga/threads';
import type { ItemState } from './item-values';
import type { ItemValue, TemplateItem } from './template-definition';

/**
 * One version of a checklist template. Immutable (a trigger refuses UPDATE and DELETE): a change
 * is a new version, and checklists keep the version they were made from.
 */
@Entity('checklist_template')
// Unique per (organisation, key, version) with the standard templates (no organisation) as one
// scope: NULLS NOT DISTINCT, written by hand in the migration.
@Index('checklist_template_scope_key_version', { synchronize: false })
export class ChecklistTemplate {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The organisation whose version this is; null for the standard templates every organisation starts from. */
  @Index() @Column({ type: 'uuid', nullable: true }) organisationId: string | null;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'organisation_id' }) organisation?: Organisation;
  @Column({ type: 'text' }) key: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'jsonb' }) items: TemplateItem[];
  /** null for the standard templates loaded on first start. */
  @Column({ type: 'uuid', nullable: true }) createdByUserId: string | null;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'created_by_user_id' }) createdBy?: User;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A template applied to a thread; at most one per template key and thread. */
@Entity('checklist')
@Unique('checklist_thread_template_key', ['threadId', 'templateKey'])
export class Checklist {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Index() @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'template_id' }) template?: ChecklistTemplate;
  @Column({ type: 'text' }) templateKey: string;
  @Column({ type: 'integer' }) templateVersion: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'uuid' }) appliedByUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'applied_by_user_id' }) appliedBy?: User;
  @Column({ type: 'uuid' }) appliedByUnitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'applied_by_unit_id' }) appliedByUnit?: Unit;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/**
 * One point of a checklist on a thread. Its definition is copied from the template version, so
 * it never changes; state and value change with optimistic versioning (`version`).
 */
@Entity('checklist_item')
@Unique('checklist_item_key', ['checklistId', 'key'])
@Check('checklist_item_state_check', `state IN ('ej_paborjad', 'pagar', 'klar', 'ej_aktuell')`)
export class ChecklistItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) checklistId: string;
  @ManyToOne(() => Checklist, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'checklist_id' }) checklist?: Checklist;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'text' }) key: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'jsonb' }) definition: TemplateItem;
  @Column({ type: 'text', default: 'ej_paborjad' }) state: ItemState;
  @Column({ type: 'jsonb', nullable: true }) value: ItemValue;
  /** 1 when applied; +1 on every change. A change names the version it was based on. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'timestamptz', nullable: true }) updatedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) updatedByUserId: string | null;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'updated_by_user_id' }) updatedBy?: User;
  @Column({ type: 'uuid', nullable: true }) updatedByUnitId: string | null;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'updated_by_unit_id' }) updatedByUnit?: Unit;
}

/** History of an item: one row per change, append-only (a trigger refuses UPDATE and DELETE). */
@Entity('checklist_item_change')
@Unique('checklist_item_change_version', ['itemId', 'version'])
/** A retried change (an offline outbox sent again) finds its first change: unique per author, item and key (partial, in the migration). */
@Index('checklist_item_change_idempotency', { synchronize: false })
export class ChecklistItemChange {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) itemId: string;
  @ManyToOne(() => ChecklistItem, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'item_id' }) item?: ChecklistItem;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  /** The item's version after this change. */
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'uuid' }) changedByUserId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'changed_by_user_id' }) changedBy?: User;
  @Column({ type: 'uuid' }) changedByUnitId: string;
  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'changed_by_unit_id' }) changedByUnit?: Unit;
  @Column({ type: 'text' }) stateBefore: ItemState;
  @Column({ type: 'text' }) stateAfter: ItemState;
  @Column({ type: 'jsonb', nullable: true }) valueBefore: ItemValue;
  @Column({ type: 'jsonb', nullable: true }) valueAfter: ItemValue;
  /** The timeline entry that announced the change. */
  @Column({ type: 'uuid' }) messageId: string;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  @CreateDateColumn({ type: 'timestamptz' }) changedAt: Date;
  /** The client's key for the change, when it sent one (ChangeItemDto.idempotencyKey). */
  @Column({ type: 'text', nullable: true }) idempotencyKey: string | null;
  /** When the change was made, for one made without coverage and sent later (changedAt: when it arrived). */
  @Column({ type: 'timestamptz', nullable: true }) observedAt: Date | null;
}

export const CHECKLIST_ENTITIES = [ChecklistTemplate, Checklist, ChecklistItem, ChecklistItemChange];
