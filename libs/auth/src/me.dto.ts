import { ApiProperty } from '@nestjs/swagger';
import { CAPABILITIES, type Capability, type OrgKind, type Role } from '@brygga/common';

// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.

export class MeUser {
  id: string;
  name: string;
}

/** A unit I act for, with what my role there allows (the one capability table). */
export class MeUnit {
  unitId: string;
  unitName: string;
  organisationId: string;
  organisationName: string;
  orgKind: OrgKind;
  role: Role;
  // In the capability table's order: read from the type, the plugin's order followed the compiler's union order.
  @ApiProperty({ enum: CAPABILITIES, isArray: true })
  capabilities: Capability[];
}

export class MeSession {
  idleTimeoutSeconds: number;
  absoluteExpiresAt: string | null;
}

/** GET /api/me. */
export class MeDto {
  user: MeUser;
  units: MeUnit[];
  authMethod: string;
  acr?: string;
  /** Send it back as the x-csrf-token header on every write. */
  csrfToken?: string;
  session: MeSession;
}

/** POST /auth/logout with Accept: application/json. */
export class LogoutDto {
  loggedOut: boolean;
  /** Sessions ended: 1, or with /auth/logout/everywhere every session the user had. */
  sessions: number;
  /** The IdP's end-session page, to go on to; null when it has none. */
  endSessionUrl: string | null;
}
