import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ThreadEvent } from '@brygga/common';
import { MessagesService, type MessageDto } from '@brygga/threads';

/** The "Brygga" user of the directory that writes what no staff member wrote (migration DeadlineWarnings). */
const SYSTEM_USER_KEY = 'brygga.system';

export type CitizenKind = 'patient_tagit_del' | 'patient_vill_bli_uppringd' | 'narstaende_samtycke' | 'matning';

interface LockedThread {
  owner_unit_id: string;
  status: string;
  participants: string[];
  sof_unit_id: string | null;
}

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
      const [thread]: LockedThread[] = await manager.query(
        `SELECT t.owner_unit_id, t.status, ARRAY(SELECT tp.unit_id FROM thread_participant tp WHERE tp.thread_id = t.id) AS participants,
                (SELECT tp.unit_id FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
                  WHERE tp.thread_id = t.id AND u.organisation_kind = 'sof' ORDER BY tp.added_at LIMIT 1) AS sof_unit_id
           FROM thread t WHERE t.id = $1 FOR UPDATE OF t`,
        [threadId],
      );
      const discharged = thread.status === 'utskriven' || thread.status === 'avslutad';
      const to = discharged && thread.sof_unit_id ? thread.sof_unit_id : thread.owner_unit_id;
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
      events.push({ type: 'message.created', threadId, participantUnitIds: thread.participants, data: { ...message } });
    }
    return events;
  }
}
