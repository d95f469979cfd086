import { useMutation } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import { toApiError } from '../api/errors';
import type { Message } from '../api/model';
import type { components } from '../api/schema';
import { currentSocket } from '../socket';

export type NewMessage = components['schemas']['PostMessageDto'];

/** How long the socket's acknowledgement may take before the post goes over HTTP instead. */
const SOCKET_ACK_MS = 8_000;

/**
 * Posting a message to a thread (composer, SIP answers, kvittens). The caller hands the answer to
 * the thread's stream (onPosted → useThreadStream.add), which merges it by seq and fills a gap
 * below it; the socket's copy of it is then a no-op (same seq).
 */
export function usePostMessage(threadId: string) {
  return useMutation<Message, Error, NewMessage>({
    mutationFn: (message) => postMessage(threadId, message),
  });
}

/**
 * Over the socket the tab already holds when it is connected (the server acknowledges after the
 * commit, with the same access rule, idempotency and access-log row as the REST route, at a
 * fraction of an HTTP request's cost); over HTTP when it is not, or when no acknowledgement comes.
 * Both carry the same idempotency key, so a post the socket did commit is answered, not repeated.
 */
export async function postMessage(threadId: string, message: NewMessage): Promise<Message> {
  const socket = currentSocket();
  if (socket?.connected) {
    let reply;
    try {
      reply = await socket.timeout(SOCKET_ACK_MS).emitWithAck('message:post', { threadId, ...message });
    } catch {
      reply = undefined; // No acknowledgement (lost connection, a slow node): HTTP decides.
    }
    if (reply?.ok) {
      const { replayed: _replayed, ...posted } = reply.data as Message & { replayed?: boolean };
      return posted;
    }
    if (reply) throw toApiError(reply.error.statusCode, reply.error);
  }
  return unwrap(client.POST('/api/threads/{id}/messages', { params: { path: { id: threadId } }, body: message }));
}
