import { useState } from 'react';

/**
 * What the user is typing in a thread's composer, kept in memory only (never in the browser's
 * storage: it may be patient data) so that it outlives the composer when the thread changes under
 * the user: closed, cancelled, or their access removed. Gone on reload, as any unsent text.
 */
const drafts = new Map<string, string>();

export function keepDraft(threadId: string, text: string): void {
  if (text.trim()) drafts.set(threadId, text);
  else drafts.delete(threadId);
}

/** The kept text and a way to throw it away. */
export function useKeptDraft(threadId: string): [string | undefined, () => void] {
  const [text, setText] = useState(() => drafts.get(threadId));
  return [
    text,
    () => {
      drafts.delete(threadId);
      setText(undefined);
    },
  ];
}

/** The text kept for a thread, if any: the composer starts from it again. */
export function keptDraft(threadId: string): string {
  return drafts.get(threadId) ?? '';
}
