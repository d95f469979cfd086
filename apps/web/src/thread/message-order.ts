import type { Message } from '../api/model';

/** The messages in seq order, each seq once; the same array when nothing is new. */
export function mergeBySeq(current: Message[], incoming: Message[]): Message[] {
  const known = new Set(current.map((m) => m.seq));
  const added = incoming.filter((m) => !known.has(m.seq) && (known.add(m.seq), true));
  if (!added.length) return current;
  return [...current, ...added].sort((a, b) => a.seq - b.seq);
}

/** The highest seq up to which nothing is missing (seqs start at 1 and have no gaps on the server). */
export function contiguousSeq(messages: Message[]): number {
  let n = 0;
  for (const m of messages) {
    if (m.seq === n + 1) n = m.seq;
    else if (m.seq > n + 1) break;
  }
  return n;
}
