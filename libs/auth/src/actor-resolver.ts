import type { Actor, AuthenticatedRequest } from '@brygga/common';

/** Finds who is behind a request. The login module provides the session-based one. */
export abstract class ActorResolver {
  abstract resolve(req: AuthenticatedRequest): Promise<Actor | undefined>;
}

/** Until a login method is wired in, nobody is authenticated. */
export class NoActorResolver extends ActorResolver {
  async resolve(): Promise<Actor | undefined> {
    return undefined;
  }
}
