import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, ThreadEvent } from '@brygga/common';
import type { AuditRecord } from '@brygga/audit';
import type { MessageKind } from './message-kinds';
import type { Thread } from './thread.entities';
import type { MessageAttachment, MessageDelivery, MessageDto } from './thread.mapper';

export interface DerivationContext {
  threadId: string;
  patientId: string;
  participantUnitIds: string[];
  actor: Actor;
  /** The unit the message was posted for. */
  unitId: string;
  /** The message just appended. */
  message: MessageDto;
  /** Files the post names (libs/attachments binds them). */
  attachmentIds?: string[];
}

export interface DerivationOutcome {
  /** Published after commit, after the posted message's own events, in this order. */
  events: ThreadEvent[];
  /** Access-log rows, recorded with the post's own row at the end of the transaction. */
  audit: AuditRecord[];
}

export type ThreadDerivation = (manager: EntityManager, context: DerivationContext) => Promise<DerivationOutcome>;

/** A message about to be appended: validated, its author's unit chosen, nothing written yet. */
export interface GuardContext {
  threadId: string;
  /** The thread as it is before the message (locked). */
  thread: Thread;
  actor: Actor;
  unitId: string;
  kind: MessageKind;
  payload: Record<string, unknown> | null;
}

/**
 * Checks a message against state other modules own before it is appended (e.g. the discharge
 * against the plan, libs/checklists). It may refuse by throwing a DomainError, or return fields to
 * record in the stored payload (fields no client can send: the payload was validated whitelisted).
 */
export type ThreadGuard = (manager: EntityManager, context: GuardContext) => Promise<Record<string, unknown>>;

/** What another module still has open on a thread (Swedish, for the refusal), e.g. a running Trygg hemgång period. */
export type OpenWorkCheck = (manager: EntityManager, threadId: string) => Promise<string[]>;

/**
 * What a module above this one adds to each message as clients see it (the files libs/attachments
 * bound to it, the FHIR deliveries libs/fhir sent): read from its own tables, by message id, in the
 * caller's transaction. The thread view names none of those tables (test/table-ownership.spec.ts).
 */
export interface MessageViewPart {
  attachments?: MessageAttachment[];
  deliveries?: MessageDelivery[];
}
export type MessageViewContributor = (manager: EntityManager, messageIds: readonly string[]) => Promise<Map<string, MessageViewPart>>;

/**
 * State that other modules derive from posted messages (e.g. hemgångsklar from a unit's
 * readiness), without the threads module depending on them. MessagesService.post runs every
 * registered derivation in its transaction, under the thread row lock, right after the message
 * is appended. A derivation may append timeline messages of its own (MessagesService.append) and
 * may refuse the post by throwing a DomainError, which rolls the whole post back.
 */
@Injectable()
export class ThreadDerivations {
  private readonly derivations: ThreadDerivation[] = [];
  private readonly guards: ThreadGuard[] = [];

  registerGuard(guard: ThreadGuard): void {
    this.guards.push(guard);
  }

  /** Runs every guard in order; their additions to the payload, merged. */
  async guard(manager: EntityManager, context: GuardContext): Promise<Record<string, unknown>> {
    const additions: Record<string, unknown> = {};
    for (const check of this.guards) Object.assign(additions, await check(manager, context));
    return additions;
  }

  private readonly openWork: OpenWorkCheck[] = [];
  private readonly messageParts: MessageViewContributor[] = [];

  /** A part of the message view that another module owns (registered at module init). */
  registerMessagePart(contributor: MessageViewContributor): void {
    this.messageParts.push(contributor);
  }

  /** The messages with every registered part added, in the caller's transaction; one query per part for all of them. */
  async withParts(manager: EntityManager, messages: MessageDto[]): Promise<MessageDto[]> {
    if (!messages.length || !this.messageParts.length) return messages;
    const ids = messages.map((m) => m.id);
    const parts: Map<string, MessageViewPart>[] = [];
    for (const contribute of this.messageParts) parts.push(await contribute(manager, ids));
    return messages.map((message) => Object.assign(message, ...parts.map((part) => part.get(message.id) ?? {})) as MessageDto);
  }

  register(derivation: ThreadDerivation): void {
    this.derivations.push(derivation);
  }

  /** A thread is closed without a reason only when no registered check reports open work. */
  registerOpenWork(check: OpenWorkCheck): void {
    this.openWork.push(check);
  }

  async openItems(manager: EntityManager, threadId: string): Promise<string[]> {
    const items: string[] = [];
    for (const check of this.openWork) items.push(...(await check(manager, threadId)));
    return items;
  }

  async run(manager: EntityManager, context: DerivationContext): Promise<DerivationOutcome> {
    const outcome: DerivationOutcome = { events: [], audit: [] };
    for (const derive of this.derivations) {
      const result = await derive(manager, context);
      outcome.events.push(...result.events);
      outcome.audit.push(...result.audit);
    }
    return outcome;
  }
}
