import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import type { ApiError } from '../api/errors';
import type { Message } from '../api/model';
import { keys } from '../api/queries';
import type { components } from '../api/schema';
import { mergeBySeq } from './message-order';

export type NewMessage = components['schemas']['PostMessageDto'];

/**
 * Posting a message to a thread (composer, SIP answers, kvittens). The answer goes into the
 * thread's message cache at once; the socket's copy of it is then a no-op (same seq).
 */
export function usePostMessage(threadId: string) {
  const qc = useQueryClient();
  return useMutation<Message, ApiError | Error, NewMessage>({
    mutationFn: (message) => unwrap(client.POST('/api/threads/{id}/messages', { params: { path: { id: threadId } }, body: message })),
    onSuccess: (message) => qc.setQueryData<Message[]>(keys.messages(threadId), (list) => (list ? mergeBySeq(list, [message]) : list)),
  });
}
