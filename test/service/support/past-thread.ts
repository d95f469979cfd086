import type { Actor } from '@brygga/common';
import { insertPastEvent, ThreadsService } from '@brygga/threads';
import type { ServiceWorld } from './service-world';

const TIME_FIELD: Record<string, string> = {
  inskrivningsmeddelande: 'inskrivenAt',
  utskrivningsklar: 'utskrivningsklarAt',
  avbrott: 'avbrottAt',
  utskrivningsmeddelande: 'utskrivenAt',
  sip_kallelse: 'motesTid',
};

/**
 * A thread with a history, at the service tier: each clock event is sent at its time with that
 * time in its payload, and the thread's own dates and status follow, as posting would set them.
 * A sip_kallelse invites every participant.
 */
export async function pastThread(
  world: ServiceWorld,
  ward: { actor: Actor; unitId: string },
  thread: { personnummer: string; triage?: string; participantUnitIds: string[] },
  steps: [kind: string, at: Date, extra?: Record<string, unknown>][],
): Promise<string> {
  const created = await world.get(ThreadsService).create(ward.actor, {
    patient: { personnummer: thread.personnummer, givenName: 'Stina', familyName: 'Statistiksson' },
    participantUnitIds: thread.participantUnitIds,
    triage: (thread.triage ?? 'gul') as 'gul',
  });
  const id = created.thread.id;
  const time = (kind: string) => steps.find(([k]) => k === kind)?.[1];
  await world.dataSource.transaction(async (m) => {
    for (const [kind, at, extra] of steps) {
      // `extra`: what the server itself adds to a payload, e.g. the discharge check's konflikter.
      const payload: Record<string, unknown> = { [TIME_FIELD[kind]]: at.toISOString(), ...extra };
      if (kind === 'inskrivningsmeddelande') payload.bedomtBehov = 'Hemtjänst';
      if (kind === 'avbrott') payload.orsak = 'Feber';
      if (kind === 'sip_kallelse') Object.assign(payload, { plats: 'Hemma', inbjudnaEnheter: thread.participantUnitIds });
      await insertPastEvent(m, id, { kind, payload, sentAt: at, authorUserId: ward.actor.userId, authorUnitId: ward.unitId });
    }
    const out = time('utskrivningsmeddelande');
    const status = out ? 'utskriven' : time('utskrivningsklar') ? 'utskrivningsklar' : 'inskriven';
    await m.query(`UPDATE thread SET admitted_at = $2, created_at = $2, discharged_at = $3, status = $4 WHERE id = $1`, [
      id,
      time('inskrivningsmeddelande'),
      out ?? null,
      status,
    ]);
  });
  return id;
}
