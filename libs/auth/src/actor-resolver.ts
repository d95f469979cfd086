import type { Actor, AuthenticatedRequest } from '@brygga/common';

/** Finds who is behind a request. */
export abstract class ActorResolver {
  abstract resolve(req: AuthenticatedRequest): Promise<Actor | undefined>;
}
