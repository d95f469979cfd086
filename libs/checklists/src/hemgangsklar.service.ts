import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor, ThreadEvent } from '@brygga/common';
import { hemgangState, MessagesService, storeHemgangsklar, storeHemgangStatus, type HemgangStatus, type MessageDto } from '@brygga/threads';
import { loadThreadChecklists, type ThreadChecklists } from './checklist.queries';
import { deriveHemgangStatus } from './hemgang-status';
import { deriveHemgangsklar, type Derived } from './hemgangsklar';
import { loadPlanFacts } from './plan-facts.queries';
import { formatDateTime } from './item-values';

export interface Rederived {
  state: ThreadChecklists;
  derived: Derived;
  /** The one going-home state shown everywhere (thread header, inbox, phone). */
  status: HemgangStatus;
  hemgangsklarAt: Date | null;
  /** true: became hemgångsklar; false: lost it; null: unchanged. */
  flipped: boolean | null;
  /** The `hemgangsklar` timeline entry, when it flipped. */
  message: MessageDto | null;
  /** To publish after commit. */
  events: ThreadEvent[];
}

/** The first few reasons for the timeline's text; the payload carries them all. */
function summarise(reasons: string[], shown = 5): string {
  const rest = reasons.length - shown;
  return reasons.slice(0, shown).join(' ') + (rest > 0 ? ` Och ${rest} till.` : '');
}

/** A timeline entry written by the system on behalf of the user whose act caused it. */
export function systemMessage(actor: Actor, unitId: string, kind: string, body: string, payload: Record<string, unknown>) {
  return {
    kind,
    body,
    payload,
    authorUserId: actor.userId,
    authorUnitId: unitId,
    correctsMessageId: null,
    idempotencyKey: `system:${randomUUID()}`,
    requestHash: 'system',
  };
}

@Injectable()
export class HemgangsklarService {
  constructor(private readonly messages: MessagesService) {}

  /**
   * Derives hemgångsklar afresh and, when it differs from the thread's cached state, updates
   * `thread.hemgangsklar_at` and writes the moment to the timeline. Must run in the transaction
   * of the change that may flip it, with the thread row locked, so concurrent changes derive in
   * turn and every flip is recorded exactly once.
   */
  async rederive(manager: EntityManager, threadId: string, actor: Actor, unitId: string, participantUnitIds: string[]): Promise<Rederived> {
    const cached = (await hemgangState(manager, threadId))!;
    const thread = { hemgangsklar_at: cached.hemgangsklarAt, hemgangsklar_status: cached.status };
    const state = await loadThreadChecklists(manager, threadId);
    const checklists = state.checklists.map((c) => ({ id: c.id, name: c.name, items: c.items }));
    const derived = deriveHemgangsklar(checklists, state.receiving);
    const status = deriveHemgangStatus(checklists, state.receiving, derived, await loadPlanFacts(manager, threadId));
    const statusChanged = JSON.stringify(status) !== JSON.stringify(thread.hemgangsklar_status);
    if (statusChanged) {
      await storeHemgangStatus(manager, threadId, status);
    }
    const was = thread.hemgangsklar_at !== null;
    if (derived.hemgangsklar === was) {
      // The rule did not flip, but the state shown may have (an avbrott, a changed time, the discharge).
      const events: ThreadEvent[] = statusChanged
        ? [
            {
              type: 'thread.changed',
              threadId,
              participantUnitIds,
              data: { threadId, hemgangsklar: was, hemgangsklarAt: thread.hemgangsklar_at?.toISOString() ?? null, hemgang: status },
            },
          ]
        : [];
      return { state, derived, status, hemgangsklarAt: thread.hemgangsklar_at, flipped: null, message: null, events };
    }
    const hemgangsklarAt = await storeHemgangsklar(manager, threadId, derived.hemgangsklar);
    const later = derived.kanTaEmotFran !== null && Date.parse(derived.kanTaEmotFran) > Date.now();
    const body = derived.hemgangsklar
      ? `Hemgångsklar${later ? ` från ${formatDateTime(derived.kanTaEmotFran!)}` : ''}: alla obligatoriska punkter är klara och alla mottagande enheter är redo` +
        (derived.kanTaEmotFran && !later ? ` (kan ta emot från ${formatDateTime(derived.kanTaEmotFran)}).` : '.')
      : `Inte längre hemgångsklar: ${summarise(derived.missing.map((m) => m.message))}`;
    const message = await this.messages.append(
      manager,
      threadId,
      systemMessage(actor, unitId, 'hemgangsklar', body, {
        hemgangsklar: derived.hemgangsklar,
        ...(derived.hemgangsklar ? { kanTaEmotFran: derived.kanTaEmotFran } : { saknas: derived.missing.map((m) => m.message) }),
      }),
    );
    const events: ThreadEvent[] = [
      { type: 'message.created', threadId, participantUnitIds, data: { ...message } },
      {
        type: 'thread.changed',
        threadId,
        participantUnitIds,
        data: { threadId, hemgangsklar: derived.hemgangsklar, hemgangsklarAt: hemgangsklarAt?.toISOString() ?? null, hemgang: status },
      },
    ];
    return { state, derived, status, hemgangsklarAt, flipped: derived.hemgangsklar, message, events };
  }
}
