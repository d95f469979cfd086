import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, currentCsrfToken, toApiError } from '../api';
import type { paths } from './schema';

/**
 * The typed HTTP client, generated from openapi.json (paths in schema.d.ts): a route, its
 * parameters, its body and its answer are checked against the contract at compile time.
 * Same origin, the session cookie, and the session's CSRF token on every state-changing request.
 */
const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    const token = currentCsrfToken();
    if (request.method !== 'GET' && token) request.headers.set('x-csrf-token', token);
    return request;
  },
};

export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
client.use(session);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or an ApiError with the server's Swedish message and its fields (a 401 also tells the app shell). */
export async function unwrap<T>(call: Promise<Answer<T>>, options: { quiet401?: boolean } = {}): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch {
    throw new ApiError(0, 'Brygga svarar inte. Kontrollera nätverket och försök igen.');
  }
  if (answer.response.ok) return answer.data as T;
  throw toApiError(answer.response.status, answer.error, options);
}
