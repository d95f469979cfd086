import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors';
import type { Message, Receipt } from '../api/model';
import { keys, messagesQuery, receiptsQuery } from '../api/queries';
import { currentSocket, useOnConnect, useSocketEvent } from '../socket';
import { contiguousSeq, mergeBySeq } from './message-order';
import { ThreadJoiner } from './thread-join';

export interface ThreadStream {
  /** In seq order, each once. */
  messages: Message[];
  loaded: boolean;
  error: ApiError | Error | null;
  /** Readers of my own messages, by message id. */
  receipts: Map<string, Receipt[]>;
  /** Adds messages from anywhere (a post's answer, the socket): ordered and de-duplicated by seq. */
  add: (messages: Message[]) => void;
}

const NO_RECEIPTS = new Map<string, Receipt[]>();

/**
 * The thread's timeline, live: every message over HTTP into the query cache, then the socket room
 * joined with the last seq so the server replays anything in between. Every (re)connect re-joins
 * with the last gap-free seq; a message whose seq skips ahead triggers the same catch-up. New
 * messages and receipts are written into this thread's queries only.
 */
export function useThreadStream(threadId: string, myUserId: string, unitNames: (unitId: string) => string): ThreadStream {
  const qc = useQueryClient();
  const messages = useQuery(messagesQuery(threadId));
  const receipts = useQuery({ ...receiptsQuery(threadId), enabled: messages.isSuccess });
  const [revoked, setRevoked] = useState<ApiError | null>(null);
  const loaded = messages.isSuccess;
  const ready = useRef(false);
  useEffect(() => {
    ready.current = loaded;
  }, [loaded]);

  // One joiner per open view: it re-joins on every connection, and a join whose answer was lost
  // (the connection dropped mid-join) cannot leave the view deaf while the status says connected.
  const joiner = useRef<ThreadJoiner | null>(null);
  const join = useCallback((catchUp = false) => {
    if (ready.current) joiner.current?.join(currentSocket(), catchUp);
  }, []);
  useEffect(() => {
    const current = new ThreadJoiner({
      threadId,
      lastSeq: () => contiguousSeq(qc.getQueryData(keys.messages(threadId)) ?? []),
      onRefused: (message) => setRevoked(new ApiError(404, message)),
    });
    joiner.current = current;
    if (ready.current) current.join(currentSocket());
    const socket = currentSocket();
    const lost = () => current.disconnected();
    socket?.on('disconnect', lost);
    return () => {
      // React's strict mode mounts twice in development; the server sees join, leave, join, in order.
      current.stop();
      socket?.off('disconnect', lost);
      if (joiner.current === current) joiner.current = null;
      currentSocket()?.emit('thread:leave', { threadId });
    };
  }, [qc, threadId]);

  const add = useCallback(
    (incoming: Message[]) => {
      const mine = incoming.filter((m) => m.threadId === threadId);
      const before = qc.getQueryData<Message[]>(keys.messages(threadId));
      // Before the first load the query's own answer brings them.
      if (!before || !mine.length) return;
      const after = mergeBySeq(before, mine);
      if (after === before) return;
      qc.setQueryData(keys.messages(threadId), after);
      // A hole below the newest message: ask for what is missing.
      if (after.length > contiguousSeq(after)) join(true);
    },
    [qc, threadId, join],
  );

  // Joined once loaded; left when the view closes (above).
  useEffect(() => {
    if (loaded) join();
  }, [loaded, join]);

  useOnConnect(() => join());
  useSocketEvent('message', (m) => add([m]));
  // Access changed while open (unit removed from the thread, membership ended): the thread is gone for me.
  useSocketEvent('access:revoked', (notice) => {
    if (!notice.threadId || notice.threadId === threadId) setRevoked(new ApiError(404, 'Du har inte längre tillgång till ärendet.'));
  });
  useSocketEvent('receipt', (r) => {
    if (r.threadId !== threadId || r.userId === myUserId) return;
    const list = qc.getQueryData<Message[]>(keys.messages(threadId)) ?? [];
    qc.setQueryData<Map<string, Receipt[]>>(keys.receipts(threadId), (prev) => {
      const next = new Map(prev ?? []);
      for (const m of list) {
        if (m.seq > r.upToSeq || m.author.userId !== myUserId) continue;
        const readers = next.get(m.id) ?? [];
        if (readers.some((x) => x.userId === r.userId)) continue;
        next.set(m.id, [...readers, { userId: r.userId, name: r.name, unitId: r.unitId, unitName: unitNames(r.unitId), readAt: r.readAt }]);
      }
      return next;
    });
  });

  return { messages: messages.data ?? [], loaded, error: revoked ?? messages.error, receipts: receipts.data ?? NO_RECEIPTS, add };
}
