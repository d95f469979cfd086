/**
 * The session as the HTTP client needs it: the CSRF token sent on every state-changing request,
 * and the signal that sends the app shell to the login view when the session is gone.
 */
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
