import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, ThreadEvent } from '@brygga/common';
import type { AuditRecord } from '@brygga/audit';
import type { MessageKind } from './message-kinds';
import type { Thread } from './thread.entities';
import type { MessageDto } from './thread.mapper';

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
