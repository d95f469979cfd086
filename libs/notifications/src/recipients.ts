import { ROLE_CAPABILITIES, type ActorRole } from '@brygga/common';

/** The roles that are told of a unit's threads: they read them, and may receive notices. */
export const NOTIFIED_ROLES: ActorRole[] = (Object.keys(ROLE_CAPABILITIES) as ActorRole[]).filter(
  (role) => ROLE_CAPABILITIES[role].includes('thread.read') && ROLE_CAPABILITIES[role].includes('push.subscribe'),
);
