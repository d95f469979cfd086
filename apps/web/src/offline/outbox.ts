import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { idempotencyKey } from '../api/idempotency';
import type { ItemState, ItemValue, ValueType } from '../api/model';
import { asksAgain, refusalText, triesAgain } from './outbox-rules';
import * as vault from './vault';

export { asksAgain, consequence } from './outbox-rules';

/**
 * The outbox (docs/offline.md): every write made without coverage, kept encrypted on the phone with
 * the time of the act (observedAt) and an idempotency key, so a sync sent twice writes nothing
 * twice. Acts that change hemgångsklar are confirmed again before they go; every item shows what
 * became of it until the user clears it: nothing is dropped silently.
 */
export type OutboxAction = 'meddelande' | 'redo' | 'redo_aterkallad' | 'punkt' | 'sip_avbojer' | 'mottagen_hemma';

export type OutboxState =
  /** Waiting for coverage. */
  | 'vantar'
  /** Coverage is back; the user must confirm again before it is sent. */
  | 'bekrafta'
  | 'skickat'
  | 'inte_skickat';

export interface OutboxItem {
  id: string;
  threadId: string;
  /** The patient's name as the phone showed it, for the list. */
  patient: string;
  action: OutboxAction;
  body?: string;
  redoFran?: string;
  orsak?: string;
  unitId?: string;
  /** punkt: the checklist item, its new state, the version it was changed from, and its label. */
  itemId?: string;
  itemState?: ItemState;
  /** punkt: its new value (a date, a time, a text …; null clears it); absent when only the state changed. */
  itemValue?: ItemValue;
  /** punkt: the value as the phone read it, and how the value is typed, so the change can be edited again. */
  valueBefore?: ItemValue;
  valueType?: ValueType;
  choices?: string[] | null;
  notInPast?: boolean;
  expectedVersion?: number;
  label?: string;
  /** punkt: a required item, so the change may change hemgångsklar. */
  required?: boolean;
  /** sip_avbojer: the SIP summons declined. */
  kallelseId?: string;
  observedAt: string;
  idempotencyKey: string;
  state: OutboxState;
  /** What happened, in Swedish, once it was sent or refused. */
  result?: string;
}

export const ACTION_TEXT: Record<OutboxAction, string> = {
  meddelande: 'Meddelande',
  redo: 'Redo att ta emot',
  redo_aterkallad: 'Återkalla redo',
  punkt: 'Checklistpunkt',
  sip_avbojer: 'Tackar nej till SIP-möte',
  mottagen_hemma: 'Mottagen hemma',
};

const listeners = new Set<() => void>();
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const changed = () => listeners.forEach((l) => l());

const recordId = (id: string) => `outbox:${id}`;

export async function outboxItems(): Promise<OutboxItem[]> {
  return (await vault.all<OutboxItem>('outbox:')).sort((a, b) => a.observedAt.localeCompare(b.observedAt));
}

export async function queue(item: Omit<OutboxItem, 'id' | 'idempotencyKey' | 'state' | 'observedAt'>): Promise<void> {
  const key = idempotencyKey();
  await vault.put(recordId(key), { ...item, id: key, idempotencyKey: key, state: 'vantar', observedAt: new Date().toISOString() });
  changed();
}

/** An edit before it goes: the time of the act stays the first one's (the key too: it is still the same act). */
export async function edit(
  item: OutboxItem,
  patch: Partial<Pick<OutboxItem, 'body' | 'orsak' | 'itemState' | 'itemValue' | 'state' | 'result'>>,
): Promise<void> {
  await vault.put(recordId(item.id), { ...item, ...patch });
  changed();
}

export async function withdraw(item: OutboxItem): Promise<void> {
  await vault.remove(recordId(item.id));
  changed();
}

function post(item: OutboxItem): Promise<unknown> {
  const path = { params: { path: { id: item.threadId } } };
  const common = { idempotencyKey: item.idempotencyKey, observedAt: item.observedAt, ...(item.unitId ? { unitId: item.unitId } : {}) };
  switch (item.action) {
    case 'meddelande':
      return unwrap(client.POST('/api/threads/{id}/messages', { ...path, body: { kind: 'fritext', body: item.body ?? '', ...common } }));
    case 'redo':
      return unwrap(
        client.POST('/api/threads/{id}/readiness', { ...path, body: { redoFran: item.redoFran ?? item.observedAt, ...common } }),
      );
    case 'redo_aterkallad':
      return unwrap(
        client.POST('/api/threads/{id}/readiness/withdraw', { ...path, body: { ...(item.orsak ? { orsak: item.orsak } : {}), ...common } }),
      );
    case 'punkt':
      return unwrap(
        client.PATCH('/api/threads/{id}/checklists/items/{itemId}', {
          params: { path: { id: item.threadId, itemId: item.itemId ?? '' } },
          body: {
            state: item.itemState,
            ...(item.itemValue !== undefined ? { value: item.itemValue } : {}),
            expectedVersion: item.expectedVersion ?? 1,
            ...common,
          },
        }),
      );
    case 'sip_avbojer':
      return unwrap(
        client.POST('/api/threads/{id}/messages', {
          ...path,
          body: { kind: 'sip_svar', payload: { kallelseId: item.kallelseId ?? '', svar: 'avbojer', orsak: item.orsak ?? '' }, ...common },
        }),
      );
    case 'mottagen_hemma':
      // The patient was seen at home when the button was tapped, not when the phone found coverage.
      return unwrap(
        client.POST('/api/threads/{id}/messages', {
          ...path,
          body: { kind: 'mottagen_hemma', payload: { mottagenAt: item.observedAt }, ...(item.body ? { body: item.body } : {}), ...common },
        }),
      );
  }
}

/** Sends one item; no answer about the act itself (no network, 401, 5xx) leaves it waiting. */
export async function send(item: OutboxItem): Promise<void> {
  try {
    await post(item);
    await edit(item, { state: 'skickat', result: 'Skickat.' });
  } catch (error) {
    if (!(error instanceof ApiError)) {
      await edit(item, { state: 'inte_skickat', result: `Inte skickat: ${error instanceof Error ? error.message : String(error)}` });
    } else if (triesAgain(error.status)) {
      // Not an answer about the act: it stays as it was, and goes at the next contact (its key makes that safe).
      if (error.status !== 0) await edit(item, { result: `Inte skickat än: ${error.message} Det skickas igen nästa gång.` });
    } else {
      await edit(item, { state: 'inte_skickat', result: refusalText(error.status, error.message, item) });
    }
  }
}

/** At coverage: sends what needs no second thought, and asks again for the rest. */
export async function syncOutbox(): Promise<void> {
  for (const item of await outboxItems()) {
    if (item.state !== 'vantar') continue;
    if (asksAgain(item)) await edit(item, { state: 'bekrafta' });
    else await send(item);
  }
}
