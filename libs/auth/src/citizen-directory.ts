import type { Actor, AuthenticatedRequest } from '@brygga/common';

/** A citizen's identity as the IdP asserts it at login. */
export interface CitizenIdentity {
  personnummer: string;
  givenName: string;
  familyName: string;
}

/**
 * The citizens of "Min hemgång" as the login and the global guard need them. libs/citizens provides
 * it (a global module), so that the auth library does not depend on the citizens library.
 */
export abstract class CitizenDirectory {
  /** The citizen with this personnummer (created at first login); returns their id. */
  abstract signIn(identity: CitizenIdentity): Promise<string>;
  /** The citizen of a session that holds a citizenId (undefined when gone or past the absolute timeout). */
  abstract resolve(req: AuthenticatedRequest): Promise<Actor | undefined>;
  /** The citizen as an actor for the access log (no memberships; the role is 'patient' or 'narstaende'). */
  abstract actor(citizenId: string, clientAddress: string | null): Promise<Actor | undefined>;
}
