import { insertPastEvent } from '@brygga/threads';
import type { TestApi, TestUser } from './harness';

const DAY = 86_400_000;
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/**
 * Makes an existing thread ready for discharge since `days` days, its admission notice sent a day
 * before that: the clock runs, and past Gotland's three days the municipality's liability has begun.
 */
export async function readySince(api: TestApi, threadId: string, ward: { user: TestUser; unitId: string }, days: number): Promise<void> {
  await api.dataSource.transaction(async (m) => {
    const by = { authorUserId: ward.user.id, authorUnitId: ward.unitId };
    const admitted = daysAgo(days + 1);
    await insertPastEvent(m, threadId, {
      ...by,
      kind: 'inskrivningsmeddelande',
      sentAt: admitted,
      payload: { inskrivenAt: admitted.toISOString(), bedomtBehov: 'Hemtjänst' },
    });
    await insertPastEvent(m, threadId, {
      ...by,
      kind: 'utskrivningsklar',
      sentAt: daysAgo(days),
      payload: { utskrivningsklarAt: daysAgo(days).toISOString() },
    });
    await m.query(`UPDATE thread SET status = 'utskrivningsklar', admitted_at = $2, utskrivningsklar_at = $3 WHERE id = $1`, [
      threadId,
      admitted,
      daysAgo(days),
    ]);
  });
}

export type PastStep = [kind: string, localTime: string, payload?: Record<string, unknown>];

const TIME_FIELD: Record<string, string> = {
  inskrivningsmeddelande: 'inskrivenAt',
  utskrivningsklar: 'utskrivningsklarAt',
  avbrott: 'avbrottAt',
  utskrivningsmeddelande: 'utskrivenAt',
  sip_kallelse: 'motesTid',
};

/**
 * A thread with a history: each step is sent at its time (Swedish winter time, "2025-03-04T10:00")
 * with that time in its payload, and the thread's own dates and status follow, as posting would.
 */
export async function pastThread(
  api: TestApi,
  ward: { user: TestUser; unitId: string },
  thread: { personnummer: string; triage: string; participantUnitIds: string[] },
  steps: PastStep[],
): Promise<string> {
  const res = await api.request(ward.user, 'POST', '/api/threads', {
    patient: { personnummer: thread.personnummer, givenName: 'Stina', familyName: 'Statistiksson' },
    participantUnitIds: thread.participantUnitIds,
    triage: thread.triage,
  });
  if (res.status !== 201) throw new Error(`thread: ${res.status} ${JSON.stringify(res.body)}`);
  const id: string = res.body.id;
  const at = (local: string) => new Date(`${local}:00+01:00`);
  await api.dataSource.transaction(async (m) => {
    for (const [kind, local, extra] of steps) {
      const payload = {
        [TIME_FIELD[kind]]: at(local).toISOString(),
        ...(kind === 'inskrivningsmeddelande' ? { bedomtBehov: 'Hemtjänst' } : {}),
        ...(kind === 'avbrott' ? { orsak: 'Feber' } : {}),
        ...(kind === 'sip_kallelse' ? { plats: 'Vårdcentralen' } : {}),
        ...extra,
      };
      await insertPastEvent(m, id, { kind, payload, sentAt: at(local), authorUserId: ward.user.id, authorUnitId: ward.unitId });
    }
    const time = (kind: string) => steps.find(([k]) => k === kind)?.[1];
    const discharged = time('utskrivningsmeddelande');
    await m.query(`UPDATE thread SET admitted_at = $2, discharged_at = $3, status = $4, created_at = $2 WHERE id = $1`, [
      id,
      at(time('inskrivningsmeddelande')!),
      discharged ? at(discharged) : null,
      discharged ? 'utskriven' : steps.some(([k]) => k === 'utskrivningsklar') ? 'utskrivningsklar' : 'inskriven',
    ]);
  });
  return id;
}
