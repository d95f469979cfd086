import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { ChecklistItem, Me, Message, PlanSection, Readiness, Thread } from '../api/model';
import { myOrgKindsIn } from '../session';
import * as vault from './vault';

/** The parts of the SIP plan shown in the thread that the phone keeps: goals, insatser, the meetings. */
export interface SavedSip {
  mal: string[];
  insatser: { vad: string; enhetNamn: string; fran: string; hurOfta: string }[];
  motesdatum: string;
  uppfoljningsdatum: string;
}

/**
 * What "Tillgänglig offline" keeps of a thread (docs/offline.md): the header, the contacts, the
 * plan (and the SIP plan's goals and insatser), the items the user's organisation is responsible
 * for, readiness and the last messages. Never a patient with a protected identity; the address only
 * for the units that go to the home.
 */
export interface SavedThread {
  threadId: string;
  savedAt: string;
  /** Kept because it was opened today (not ticked): dropped when the day is over. */
  auto?: boolean;
  /** The day (local YYYY-MM-DD) an automatically kept thread was opened. */
  openedOn?: string;
  thread: Thread;
  plan?: PlanSection[] | null;
  sip?: SavedSip | null;
  items: (ChecklistItem & { checklistName: string })[];
  readiness: Readiness[];
  messages: Message[];
}

const today = () => new Date().toLocaleDateString('sv-SE');

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

let lostWrites = 0;

/** Queued writes deleted unread because no key could open the copy (told once, then forgotten). */
export function takeLostWrites(): number {
  const n = lostWrites;
  lostWrites = 0;
  return n;
}

/** How many queued writes went with a copy past the shift length (a count only: no patient data in localStorage). */
const EXPIRED_ITEM = 'brygga.offline.utgangna';

/**
 * The copy is past the shift length and goes. The writes still waiting in it go too (the server
 * would refuse an act older than a shift), but never unnoticed: their number is kept until the
 * logged-in app can tell the user (takeExpiredWrites).
 */
export async function wipeExpired(): Promise<void> {
  const waiting = (await vault.ids('outbox:').catch(() => [])).length;
  if (waiting) localStorage.setItem(EXPIRED_ITEM, String(Number(localStorage.getItem(EXPIRED_ITEM) ?? 0) + waiting));
  await vault.wipe();
}

/** Queued writes deleted with a copy past the shift length (told once, then forgotten). */
export function takeExpiredWrites(): number {
  const n = Number(localStorage.getItem(EXPIRED_ITEM) ?? 0);
  localStorage.removeItem(EXPIRED_ITEM);
  return Number.isFinite(n) ? n : 0;
}

/** Once per page and user: the key is fetched only when something is kept (review: not at every login). */
let ensured: { userId: string; done: Promise<void> } | undefined;

/** Starts (or continues) the copy for this user; a copy of someone else's, too old, or under another key is dropped. */
export function ensureVault(me: Me): Promise<void> {
  if (ensured?.userId !== me.user.id || !vault.hasKey()) {
    const done = fetchKey(me);
    ensured = { userId: me.user.id, done };
    done.catch(() => (ensured = undefined));
  }
  return ensured.done;
}

/** Whether this phone holds a copy at all: with none, a login needs no key. */
export function hasCopy(): boolean {
  return vault.readMeta() !== null;
}

async function fetchKey(me: Me): Promise<void> {
  // Locked under the PIN (the app was closed): opened first, so nothing waiting in it is lost.
  if (vault.locked()) throw new Error('Det sparade på telefonen är låst: ange din PIN-kod först.');
  const answer = await unwrap(client.GET('/api/offline/key'));
  const fingerprint = await vault.fingerprint(answer.key);
  const meta = vault.readMeta();
  if (meta && meta.userId !== me.user.id) await vault.wipe();
  else if (meta && vault.expired(meta)) await wipeExpired();
  const current = vault.readMeta();
  if (current && current.keyFingerprint !== fingerprint) {
    // Logged in again in this tab: the old key (still here) opens the copy; seal it under the new one.
    if (vault.hasKey()) {
      await vault.rekey(answer.key);
      vault.writeMeta({ ...current, keyFingerprint: fingerprint });
    } else {
      // Nothing can open it any more (the app was closed without a PIN). The records' ids are not
      // secret: the user is told how many queued writes went with it, so none is lost unnoticed.
      lostWrites += (await vault.ids('outbox:')).length;
      await vault.wipe();
    }
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

/**
 * Kept without a tick because the user opened it today (docs/offline.md): only a thread in which
 * one of the user's own units works in the patient's home (hemtjänst, hemsjukvård: the people
 * without coverage), never a protected identity, and not one the user unticked today. A ward or
 * SOF user at a desk keeps a thread only by ticking it, and is not asked for a PIN otherwise.
 */
export function autoKeepable(me: Me, thread: Thread): boolean {
  return notKeepable(thread) === null && [...myOrgKindsIn(me, thread)].some((kind) => ADDRESS_NEEDED.has(kind));
}

const optOutId = (threadId: string) => `optout:${threadId}`;

/** Unticked today: not kept again automatically until tomorrow. */
export async function optOut(threadId: string): Promise<void> {
  await vault.put(optOutId(threadId), { day: today() });
}

export async function optedOut(threadId: string): Promise<boolean> {
  return (await vault.get<{ day: string }>(optOutId(threadId)))?.day === today();
}

/** The published-to-the-thread SIP plan's parts, or null when there is none (or it cannot be read). */
async function sipParts(threadId: string): Promise<SavedSip | null> {
  const sip = await unwrap(client.GET('/api/threads/{id}/sip-plan', { params: { path: { id: threadId } } }), { quiet401: true }).catch(
    () => null,
  );
  const current = sip?.current;
  if (!current) return null;
  return {
    mal: current.mal,
    insatser: current.insatser.map((i) => ({ vad: i.vad, enhetNamn: i.enhetNamn, fran: i.fran, hurOfta: i.hurOfta })),
    motesdatum: current.motesdatum,
    uppfoljningsdatum: current.uppfoljningsdatum,
  };
}

/**
 * Fetches the thread and keeps what the phone may keep; throws ApiError (404: no access any more).
 * `auto`: kept because it was opened today; a ticked thread stays ticked when refreshed.
 */
export async function saveThread(me: Me, threadId: string, how: { auto?: boolean } = {}): Promise<SavedThread> {
  const path = { params: { path: { id: threadId } } };
  const [thread, overview, page, plan, sip, before] = await Promise.all([
    unwrap(client.GET('/api/threads/{id}', path)),
    unwrap(client.GET('/api/threads/{id}/checklists', path)),
    unwrap(client.GET('/api/threads/{id}/messages', { params: { path: { id: threadId }, query: { after: 0, limit: 1000 } } })),
    unwrap(client.GET('/api/threads/{id}/plan', path)).then(
      (p) => p.plan.sections,
      () => null,
    ),
    sipParts(threadId),
    savedThread(threadId),
  ]);
  const refusal = notKeepable(thread);
  if (refusal) throw new ApiError(400, refusal);
  const kinds = myOrgKindsIn(me, thread);
  const needsAddress = [...kinds].some((k) => ADDRESS_NEEDED.has(k));
  // Ticked once, it stays ticked; kept automatically, it stays so until ticked.
  const auto = before ? before.auto === true && how.auto !== false : how.auto === true;
  const saved: SavedThread = {
    threadId,
    savedAt: new Date().toISOString(),
    ...(auto ? { auto: true, openedOn: before?.openedOn ?? today() } : {}),
    plan,
    sip,
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
    const kept = await savedThread(threadId);
    if (kept?.auto && kept.openedOn !== today()) {
      // Opened on an earlier day and never ticked: not one of today's patients any more.
      await dropThread(threadId);
      continue;
    }
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
