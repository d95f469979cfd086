import type { OrgKind, Role } from '@brygga/contracts';

// Shared with the web client through @brygga/contracts.
export { ORG_KINDS, ROLES, type OrgKind, type Role } from '@brygga/contracts';
/**
 * A hospital or municipal system (a FHIR client authenticated by client credentials), bound to
 * one unit. Never a membership row: it comes from the system client's registration.
 */
export const SYSTEM_ROLE = 'system';
export type ActorRole = Role | typeof SYSTEM_ROLE;

export interface ActorMembership {
  unitId: string;
  unitName: string;
  organisationId: string;
  organisationName: string;
  orgKind: OrgKind;
  role: ActorRole;
}

/** The authenticated person behind a request, with every unit they act for. */
export interface Actor {
  userId: string;
  displayName: string;
  memberships: ActorMembership[];
  /** How they logged in (filled in by the login module). */
  authMethod: string;
  clientAddress: string | null;
}
