import { useMutation } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import type { Message } from '../api/model';
import type { components } from '../api/schema';

export type NewMessage = components['schemas']['PostMessageDto'];

/**
 * Posting a message to a thread (composer, SIP answers, kvittens). The caller hands the answer to
 * the thread's stream (onPosted → useThreadStream.add), which merges it by seq and fills a gap
 * below it; the socket's copy of it is then a no-op (same seq).
 */
export function usePostMessage(threadId: string) {
  return useMutation<Message, Error, NewMessage>({
    mutationFn: (message) => unwrap(client.POST('/api/threads/{id}/messages', { params: { path: { id: threadId } }, body: message })),
  });
}
