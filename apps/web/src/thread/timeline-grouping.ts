import type { Message } from '../api/model';

/**
 * How the timeline reads: checklist changes one person made in one sitting become one entry,
 * answers (SIP answers, kvittenser) are gathered under the message they answer, and a corrected
 * message knows its correction. Pure functions: the browser-free tests call them directly.
 */

/** Changes by the same person this close to each other belong to one sitting. */
export const SITTING_MS = 10 * 60_000;

export type TimelineEntry = { type: 'message'; message: Message } | { type: 'group'; messages: Message[] };

/** A record of what happened rather than what someone wrote (the server marks it). */
export function isEvent(m: Message): boolean {
  return m.event;
}

/** Written by Brygga itself (derived state): shown as from Brygga. */
export function isSystem(m: Message): boolean {
  return m.system;
}

/** Consecutive checklista_andrad by one author, each within SITTING_MS of the one before, as one group (two or more). */
export function groupTimeline(messages: Message[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let run: Message[] = [];
  const flush = () => {
    if (run.length > 1) entries.push({ type: 'group', messages: run });
    else if (run.length === 1) entries.push({ type: 'message', message: run[0] });
    run = [];
  };
  for (const m of messages) {
    if (m.kind !== 'checklista_andrad') {
      flush();
      entries.push({ type: 'message', message: m });
      continue;
    }
    const last = run[run.length - 1];
    if (last && (last.author.userId !== m.author.userId || Date.parse(m.createdAt) - Date.parse(last.createdAt) > SITTING_MS)) flush();
    run.push(m);
  }
  flush();
  return entries;
}

/** The checklist a change was made in: from the entry's text ("Resa hem – Upphämtning: …"). */
export function checklistNameOf(m: Message): string | null {
  const i = m.body?.indexOf(' – ') ?? -1;
  return i > 0 ? m.body!.slice(0, i) : null;
}

/** "Eva Svensson ändrade 5 punkter i Resa hem" */
export function groupSummary(messages: Message[], authorName: string): string {
  const items = new Set(messages.map((m) => (typeof m.payload?.itemId === 'string' ? m.payload.itemId : m.id)));
  const lists = [...new Set(messages.map(checklistNameOf).filter((n): n is string => !!n))];
  const where =
    lists.length === 0 ? '' : lists.length === 1 ? ` i ${lists[0]}` : ` i ${lists.slice(0, -1).join(', ')} och ${lists[lists.length - 1]}`;
  const count = items.size === 1 ? '1 punkt' : `${items.size} punkter`;
  return `${authorName} ändrade ${count}${where}`;
}

export interface Relations {
  /** Original message id → the message that corrects it (the latest one). */
  correctedBy: Map<string, Message>;
  /** SIP summons id → its answers, in order. */
  sipAnswers: Map<string, Message[]>;
  /** Structured message id → its kvittenser, in order. */
  kvittenser: Map<string, Message[]>;
}

export function relations(messages: Message[]): Relations {
  const correctedBy = new Map<string, Message>();
  const sipAnswers = new Map<string, Message[]>();
  const kvittenser = new Map<string, Message[]>();
  const push = (map: Map<string, Message[]>, key: unknown, m: Message) => {
    if (typeof key !== 'string') return;
    map.set(key, [...(map.get(key) ?? []), m]);
  };
  for (const m of messages) {
    if (m.correctsMessageId) correctedBy.set(m.correctsMessageId, m);
    if (m.kind === 'sip_svar') push(sipAnswers, m.payload?.kallelseId, m);
    if (m.kind === 'kvittens') push(kvittenser, m.payload?.meddelandeId, m);
  }
  return { correctedBy, sipAnswers, kvittenser };
}

/** The latest of each unit's messages (later ones replace earlier ones: an answer changed, a correction). */
export function latestPerUnit(messages: Message[], correctedBy?: Map<string, Message>): Message[] {
  const byUnit = new Map<string, Message>();
  for (const m of messages) {
    if (correctedBy?.has(m.id)) continue;
    byUnit.set(m.author.unitId, m);
  }
  return [...byUnit.values()];
}

/** Kinds a receiving unit may acknowledge: structured, written by people. */
export function acknowledgeable(m: Message): boolean {
  return !isEvent(m) && !isSystem(m) && !['fritext', 'kvittens', 'sip_svar'].includes(m.kind) && !m.kind.startsWith('checklista_');
}
