import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { client, unwrap } from '../api/client';
import { currentSocket, useOnConnect, useSocketEvent } from '../socket';
import type { Message, Receipt } from '../api/model';

const PAGE = 500;

export interface ThreadStream {
  /** In seq order, each once. */
  messages: Message[];
  loaded: boolean;
  error: ApiError | Error | null;
  /** Readers of my own messages, by message id. */
  receipts: Map<string, Receipt[]>;
  /** Adds messages from anywhere (a post's answer, the socket, a page): ordered and de-duplicated by seq. */
  add: (messages: Message[]) => void;
}

/**
 * The thread's timeline, live: first every message over HTTP, then the socket room joined with
 * the last seq so the server replays anything in between. Every (re)connect re-joins with the last
 * gap-free seq; a message whose seq skips ahead triggers the same catch-up.
 */
export function useThreadStream(threadId: string, myUserId: string, unitNames: (unitId: string) => string): ThreadStream {
  const bySeq = useRef(new Map<number, Message>());
  const contiguous = useRef(0);
  const [messages, setMessages] = useState<Message[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [receipts, setReceipts] = useState<Map<string, Receipt[]>>(new Map());
  const joining = useRef(false);
  const ready = useRef(false);

  const join = useCallback(() => {
    const socket = currentSocket();
    if (!socket?.connected || !ready.current || joining.current) return;
    joining.current = true;
    socket.emit('thread:join', { threadId, lastSeq: contiguous.current }, (reply) => {
      joining.current = false;
      if (!reply.ok && reply.error.statusCode === 404) setError(new ApiError(404, reply.error.message));
    });
  }, [threadId]);

  const add = useCallback(
    (incoming: Message[]) => {
      let changed = false;
      for (const m of incoming) {
        if (m.threadId !== threadId || bySeq.current.has(m.seq)) continue;
        bySeq.current.set(m.seq, m);
        changed = true;
      }
      if (!changed) return;
      while (bySeq.current.has(contiguous.current + 1)) contiguous.current += 1;
      setMessages([...bySeq.current.values()].sort((a, b) => a.seq - b.seq));
      // A hole below the newest message: ask for what is missing.
      if (bySeq.current.size > contiguous.current) join();
    },
    [threadId, join],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      let after = 0;
      for (;;) {
        const page = await unwrap(client.GET('/api/threads/{id}/messages', { params: { path: { id: threadId }, query: { after, limit: PAGE } } }));
        if (cancelled) return;
        add(page.messages);
        if (page.messages.length < PAGE) break;
        after = page.messages[page.messages.length - 1].seq;
      }
      ready.current = true;
      setLoaded(true);
      join();
      // Who has read my messages: all of them in one request (later receipts arrive live).
      const mine = await unwrap(client.GET('/api/threads/{id}/receipts', { params: { path: { id: threadId } } })).catch(() => ({ receipts: [] }));
      const lists = mine.receipts.map((r) => [r.messageId, r.readers] as const);
      if (cancelled) return;
      setReceipts((prev) => {
        const next = new Map(prev);
        for (const [id, readers] of lists) {
          const seen = new Set((next.get(id) ?? []).map((r) => r.userId));
          next.set(id, [...readers.filter((r) => !seen.has(r.userId)), ...(next.get(id) ?? [])]);
        }
        return next;
      });
    })().catch((e: unknown) => {
      if (!cancelled) setError(e instanceof Error ? e : new Error(String(e)));
    });
    return () => {
      cancelled = true;
      currentSocket()?.emit('thread:leave', { threadId });
    };
  }, [threadId, myUserId, add, join]);

  useOnConnect(join);
  useSocketEvent('message', (m) => add([m]));
  // Access changed while open (unit removed from the thread, membership ended): the thread is gone for me.
  useSocketEvent('access:revoked', (notice) => {
    if (!notice.threadId || notice.threadId === threadId) setError(new ApiError(404, 'Du har inte längre tillgång till ärendet.'));
  });
  useSocketEvent('receipt', (r) => {
    if (r.threadId !== threadId || r.userId === myUserId) return;
    setReceipts((prev) => {
      const next = new Map(prev);
      for (const m of bySeq.current.values()) {
        if (m.seq > r.upToSeq || m.author.userId !== myUserId) continue;
        const readers = next.get(m.id) ?? [];
        if (readers.some((x) => x.userId === r.userId)) continue;
        next.set(m.id, [...readers, { userId: r.userId, name: r.name, unitId: r.unitId, unitName: unitNames(r.unitId), readAt: r.readAt }]);
      }
      return next;
    });
  });

  return { messages, loaded, error, receipts, add };
}
