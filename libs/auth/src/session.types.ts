import 'express-session';

export type LoginMethod = 'bankid' | 'siths';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    authMethod?: LoginMethod;
    acr?: string;
    /** Epoch ms of login: the absolute timeout counts from here. */
    loggedInAt?: number;
    csrfToken?: string;
    /** Where /auth/login was asked to return to (a local path). */
    returnTo?: string;
  }
}
