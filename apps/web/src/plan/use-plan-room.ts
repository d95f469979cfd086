import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { keys } from '../api/queries';
import { currentSocket, useOnConnect, useSocketEvent } from '../socket';

/** Joins past the last message: nothing is replayed (the page needs no timeline), only what comes next. */
const NOTHING_TO_REPLAY = 2_147_483_647;

/**
 * Keeps an open "Min hemgång" current: joins the thread's room (re-joins after a reconnect) so
 * that new messages and checklist and readiness changes reach it, and refetches the page once per
 * burst (each read is one access-log row).
 */
export function usePlanRoom(threadId: string): void {
  const qc = useQueryClient();
  const timer = useRef<number | undefined>(undefined);
  const join = useCallback(() => {
    currentSocket()?.emit('thread:join', { threadId, lastSeq: NOTHING_TO_REPLAY }, () => undefined);
  }, [threadId]);
  useEffect(() => {
    join();
    return () => {
      window.clearTimeout(timer.current);
      currentSocket()?.emit('thread:leave', { threadId });
    };
  }, [join, threadId]);
  useOnConnect(join);
  const refresh = (changed: { threadId: string }) => {
    if (changed.threadId !== threadId) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void qc.invalidateQueries({ queryKey: keys.plan(threadId), exact: true }), 200);
  };
  useSocketEvent('message', refresh);
  useSocketEvent('checklist:changed', refresh);
  useSocketEvent('readiness:changed', refresh);
  useSocketEvent('thread:changed', refresh);
}
