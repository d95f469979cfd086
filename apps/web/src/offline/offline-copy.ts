import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { ChecklistItem, Me, Message, Readiness, Thread } from '../api/model';
import { myOrgKindsIn } from '../session';
import * as vault from './vault';

/**
 * What "Tillgänglig offline" keeps of a thread (docs/offline.md): the header, the contacts, the
 * items the user's organisation is responsible for, readiness and the last messages. Never a
 * patient with a protected identity; the address only for the units that go to the home.
 */
export interface SavedThread {
  threadId: string;
  savedAt: string;
  thread: Thread;
  items: (ChecklistItem & { checklistName: string })[];
  readiness: Readiness[];
  messages: Message[];
}

const LAST_MESSAGES = 30;
/** The organisations that visit the patient at home: they need the address, the others do not. */
const ADDRESS_NEEDED = new Set(['hemtjanst', 'hemsjukvard']);
const ADDRESS_FACTS = new Set(['folkbokforingsadress']);

export const threadRecordId = (threadId: string) => `thread:${threadId}`;

/** Why a thread cannot be kept offline, or null when it can. */
export function notKeepable(thread: Thread): string | null {
  if (thread.patient.protectedIdentity || thread.patient.name === null) {
    return 'Patienten har skyddade personuppgifter: ärendet sparas aldrig på telefonen.';
  }
  return null;
}

/** Starts (or continues) the copy for this user; a copy of someone else's, too old, or under another key is dropped. */
export async function ensureVault(me: Me): Promise<void> {
  const answer = await unwrap(client.GET('/api/offline/key'));
  const fingerprint = await vault.fingerprint(answer.key);
  const meta = vault.readMeta();
  if (meta && (meta.userId !== me.user.id || vault.expired(meta))) await vault.wipe();
  const current = vault.readMeta();
  if (current && current.keyFingerprint !== fingerprint) {
    // Logged in again in this tab: the old key (still here) opens the copy; seal it under the new one.
    if (vault.hasKey()) {
      await vault.rekey(answer.key);
      vault.writeMeta({ ...current, keyFingerprint: fingerprint });
    } else await vault.wipe(); // nothing can open it any more
  }
  vault.rememberKey(answer.key);
  if (!vault.readMeta()) {
    vault.writeMeta({
      userId: me.user.id,
      createdAt: new Date().toISOString(),
      shiftHours: answer.shiftHours,
      keyFingerprint: fingerprint,
    });
  }
}

/** Fetches the thread and keeps what the phone may keep; throws ApiError (404: no access any more). */
export async function saveThread(me: Me, threadId: string): Promise<SavedThread> {
  const path = { params: { path: { id: threadId } } };
  const [thread, overview, page] = await Promise.all([
    unwrap(client.GET('/api/threads/{id}', path)),
    unwrap(client.GET('/api/threads/{id}/checklists', path)),
    unwrap(client.GET('/api/threads/{id}/messages', { params: { path: { id: threadId }, query: { after: 0, limit: 1000 } } })),
  ]);
  const refusal = notKeepable(thread);
  if (refusal) throw new ApiError(400, refusal);
  const kinds = myOrgKindsIn(me, thread);
  const needsAddress = [...kinds].some((k) => ADDRESS_NEEDED.has(k));
  const saved: SavedThread = {
    threadId,
    savedAt: new Date().toISOString(),
    thread: { ...thread, facts: (thread.facts ?? []).filter((f) => needsAddress || !ADDRESS_FACTS.has(f.key)) },
    items: overview.checklists.flatMap((c) =>
      c.items.filter((i) => i.applies && kinds.has(i.responsible)).map((i) => ({ ...i, checklistName: c.name })),
    ),
    readiness: overview.readiness,
    messages: page.messages.slice(-LAST_MESSAGES),
  };
  await vault.put(threadRecordId(threadId), saved);
  return saved;
}

export function savedThread(threadId: string): Promise<SavedThread | null> {
  return vault.get<SavedThread>(threadRecordId(threadId));
}

export function savedThreads(): Promise<SavedThread[]> {
  return vault.all<SavedThread>('thread:');
}

export async function isSaved(threadId: string): Promise<boolean> {
  return (await vault.ids(threadRecordId(threadId))).length > 0;
}

export function dropThread(threadId: string): Promise<void> {
  return vault.remove(threadRecordId(threadId));
}

/**
 * Refreshes every kept thread at the next contact; a thread the user can no longer see is
 * dropped (returns the dropped threads' ids).
 */
export async function refreshAll(me: Me): Promise<string[]> {
  const dropped: string[] = [];
  for (const id of await vault.ids('thread:')) {
    const threadId = id.slice('thread:'.length);
    try {
      await saveThread(me, threadId);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403 || error.status === 400)) {
        await dropThread(threadId);
        dropped.push(threadId);
      } else throw error;
    }
  }
  return dropped;
}

/** A read of a kept thread without coverage, reported at the next sync (POST /api/offline/reads). */
export interface OfflineRead {
  readKey: string;
  threadId: string;
  observedAt: string;
}

export async function recordOfflineRead(threadId: string): Promise<void> {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const readKey = `las-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  await vault.put(`read:${readKey}`, { readKey, threadId, observedAt: new Date().toISOString() } satisfies OfflineRead);
}

/** Sends the reads made offline; a thread refused (access lost) is dropped from the phone. */
export async function sendOfflineReads(): Promise<{ sent: number; refused: string[] }> {
  const reads = await vault.all<OfflineRead>('read:');
  if (!reads.length) return { sent: 0, refused: [] };
  const answer = await unwrap(client.POST('/api/offline/reads', { body: { reads } }));
  const refused: string[] = [];
  for (const result of answer.results) {
    if (result.outcome === 'nekad') {
      refused.push(result.threadId);
      await dropThread(result.threadId);
    }
    // Recorded, already recorded, or refused for good: nothing more to send for it.
    await vault.remove(`read:${result.readKey}`);
  }
  return { sent: reads.length, refused };
}

/** At logout: the copy, the outbox and the key all go (docs/offline.md). */
export function dropEverything(): Promise<void> {
  return vault.wipe().catch(() => undefined);
}
