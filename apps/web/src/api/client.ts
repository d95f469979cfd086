import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, ContractError, NO_ANSWER, toApiError } from './errors';
import type { paths } from './schema';
import { currentCsrfToken } from './session-events';

/**
 * The typed HTTP client, generated from openapi.json (paths in schema.d.ts): a route, its
 * parameters, its body and its answer are checked against the contract at compile time.
 * Same origin, the session cookie, and the session's CSRF token on every state-changing request.
 */
const session: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
    const token = currentCsrfToken();
    if (request.method !== 'GET' && token) request.headers.set('x-csrf-token', token);
    return request;
  },
};

export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
client.use(session);

// Development builds also check every JSON answer against the contract at run time (Vite drops
// this branch, Ajv and openapi.json from the production bundle).
if (import.meta.env.DEV) {
  const checking = import('./contract-middleware').catch((error: unknown) => {
    console.warn('The contract check did not load:', error);
    return null;
  });
  client.use({ onResponse: async (params) => (await checking)?.checkAnswer(params) });
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or an ApiError with the server's Swedish message and its fields (a 401 also tells the app shell). */
export async function unwrap<T>(call: Promise<Answer<T>>, options: { quiet401?: boolean } = {}): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    // The contract check's error is a developer's to see, not "no answer".
    if (error instanceof ContractError) throw error;
    throw new ApiError(0, NO_ANSWER);
  }
  if (answer.response.ok) return answer.data as T;
  throw toApiError(answer.response.status, answer.error, options);
}

/** An answer that is a file (an attachment, a log extract): the body and the type the server gave it. */
export async function unwrapFile(call: Promise<Answer<unknown>>): Promise<{ blob: Blob; type: string }> {
  const blob = await unwrap(call);
  return { blob: blob as Blob, type: (blob as Blob).type };
}
