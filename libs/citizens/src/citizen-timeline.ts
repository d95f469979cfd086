import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ThreadEvent } from '@brygga/common';
import { firstParticipantOfKind, loadThread, MessagesService, type MessageDto } from '@brygga/threads';

/** The "Brygga" user of the directory that writes what no staff member wrote (migration DeadlineWarnings). */
const SYSTEM_USER_KEY = 'brygga.system';

export type CitizenKind = 'patient_tagit_del' | 'patient_vill_bli_uppringd' | 'narstaende_samtycke' | 'matning';

/**
 * What a patient does in "Min hemgång" reaches staff as a structured entry in the thread's
 * timeline, written by Brygga on the patient's behalf (a citizen is no user of the directory):
 * addressed to the ward before discharge and to the municipality's SOF after (the ward when no
 * SOF unit takes part). Staff get it live, as any message.
 */
@Injectable()
export class CitizenTimeline {
  constructor(private readonly messages: MessagesService) {}

  /** Appends the entry to each thread (row-locked, in the caller's transaction); the events to publish after commit. */
  async note(
    manager: EntityManager,
    threadIds: readonly string[],
    kind: CitizenKind,
    body: string,
    payload: Record<string, unknown>,
  ): Promise<ThreadEvent[]> {
    if (!threadIds.length) return [];
    const [{ id: systemUserId }]: { id: string }[] = await manager.query('SELECT id FROM directory_person WHERE key = $1', [
      SYSTEM_USER_KEY,
    ]);
    const events: ThreadEvent[] = [];
    for (const threadId of [...threadIds].sort()) {
      // The thread row locked (libs/threads), as every append needs.
      const { thread, participantUnitIds } = (await loadThread(manager, threadId, true))!;
      const discharged = thread.status === 'utskriven' || thread.status === 'avslutad';
      const sofUnitId = discharged ? await firstParticipantOfKind(manager, threadId, 'sof') : null;
      const to = sofUnitId ?? thread.ownerUnitId;
      const message: MessageDto = await this.messages.append(manager, threadId, {
        kind,
        body,
        payload: { ...payload, till: to },
        authorUserId: systemUserId,
        authorUnitId: to,
        correctsMessageId: null,
        idempotencyKey: `citizen:${randomUUID()}`,
        requestHash: 'citizen',
      });
      events.push({ type: 'message.created', threadId, participantUnitIds, data: { ...message } });
    }
    return events;
  }
}
