import 'express-session';

export type LoginMethod = 'bankid' | 'siths';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /**
     * A citizen (patient or närstående) logged in through "Min hemgång": never together with userId.
     * Staff routes refuse such a session; citizen routes accept only it.
     */
    citizenId?: string;
    /** Set by /auth/login?som=medborgare until the callback: the login is a citizen's. */
    loginAs?: 'medborgare';
    authMethod?: LoginMethod;
    acr?: string;
    /** Epoch ms of login: the absolute timeout counts from here. */
    loggedInAt?: number;
    csrfToken?: string;
    /** Where /auth/login was asked to return to (a local path). */
    returnTo?: string;
  }
}
