/**
 * The one way the client talks HTTP to the api: same origin, the session cookie, JSON, and the
 * session's CSRF token on every state-changing request. Errors arrive as ApiError with the
 * server's Swedish message and, for 400, a message per field.
 */
export interface FieldErrors {
  [field: string]: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }

  /** 401: no session, or the session ended. */
  get unauthenticated(): boolean {
    return this.status === 401;
  }
}

export type SessionEndReason = 'utgangen' | 'inte-inloggad' | 'utloggad';

let csrfToken: string | undefined;
const unauthenticatedListeners = new Set<(reason: SessionEndReason) => void>();

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function currentCsrfToken(): string | undefined {
  return csrfToken;
}

/** The app shell listens: any 401 sends the user to the login view with the reason. */
export function onUnauthenticated(listener: (reason: SessionEndReason) => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function signalUnauthenticated(reason: SessionEndReason): void {
  for (const listener of unauthenticatedListeners) listener(reason);
}

/** `payload.utskrivningsklarAt` → `utskrivningsklarAt`, `patient.personnummer` → `personnummer`. */
function fieldKey(field: string): string {
  const parts = field.split('.');
  return parts.length > 1 && (parts[0] === 'payload' || parts[0] === 'patient') ? parts.slice(1).join('.') : field;
}

async function request<T>(method: string, path: string, body?: unknown, options: { quiet401?: boolean; raw?: 'blob' } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body sets its own multipart content type (with the boundary).
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'Brygga svarar inte. Kontrollera nätverket och försök igen.');
  }
  if (res.ok && options.raw === 'blob') return (await res.blob()) as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return data as T;
  throw toApiError(res.status, data, options);
}

/** The server's error answer (ErrorBodyDto) as an ApiError; a 401 also tells the app shell. */
export function toApiError(status: number, data: unknown, options: { quiet401?: boolean } = {}): ApiError {
  const error = (data ?? {}) as { message?: unknown; fields?: { field: string; message: string }[] };
  const message = typeof error.message === 'string' ? error.message : `Något gick fel (${status}). Försök igen.`;
  const fields: FieldErrors = {};
  for (const f of error.fields ?? []) fields[fieldKey(f.field)] ??= f.message;
  if (status === 401 && !options.quiet401) signalUnauthenticated(message.startsWith('Sessionen') ? 'utgangen' : 'inte-inloggad');
  return new ApiError(status, message, fields);
}

export const api = {
  get: <T>(path: string, options?: { quiet401?: boolean }) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  /** multipart/form-data (file uploads). */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  /** A file as a Blob (attachments), with the same error handling as JSON answers. */
  blob: (path: string) => request<Blob>('GET', path, undefined, { raw: 'blob' }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** A key that makes a retried post safe (the server returns the first message for a repeat). */
export function idempotencyKey(): string {
  // getRandomValues works outside secure contexts too (randomUUID does not).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A POST whose answer is a file (e.g. a log extract): the body and the file's type, or an ApiError. */
export async function postForFile(path: string, body: unknown): Promise<{ blob: Blob; type: string }> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const error = (await res.json().catch(() => ({}))) as { message?: string; fields?: { field: string; message: string }[] };
    const fields: FieldErrors = {};
    for (const f of error.fields ?? []) fields[f.field] ??= f.message;
    throw new ApiError(res.status, error.message ?? `Något gick fel (${res.status}). Försök igen.`, fields);
  }
  return { blob: await res.blob(), type: res.headers.get('content-type') ?? '' };
}
