export const ORG_KINDS = ['slutenvard', 'sof', 'hemsjukvard', 'hemtjanst', 'primarvard'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = ['koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ActorMembership {
  unitId: string;
  unitName: string;
  organisationName: string;
  orgKind: OrgKind;
  role: Role;
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

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.memberships.some((m) => roles.includes(m.role));
}
