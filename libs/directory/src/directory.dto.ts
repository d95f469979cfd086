import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ROLES, SafeText, type ActorMembership, type Role } from '@brygga/common';

// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.

export class UnitSummary {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  orgKind: ActorMembership['orgKind'];
}

/** GET /api/units. */
export class UnitListDto {
  units: UnitSummary[];
}

export class MemberDto {
  membershipId: string;
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
  role: Role;
}

/** GET /api/admin/memberships. */
export class MemberListDto {
  memberships: MemberDto[];
}

/** A grant that waits for a second administrator (four eyes). */
export class MembershipRequestDto {
  requestId: string;
  /** The person the grant is for. */
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
  role: Role;
  /** elevated_role: logggranskare or admin; other_organisation: the person belongs to another organisation. */
  reason: 'elevated_role' | 'other_organisation';
  requestedByUserId: string;
  requestedByName: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
}

/** POST /api/admin/memberships answered 202: the grant waits for a second administrator. */
export class MembershipRequestedDto {
  request: MembershipRequestDto;
}

/** GET /api/admin/membership-requests. */
export class MembershipRequestListDto {
  requests: MembershipRequestDto[];
}

/** POST /api/admin/membership-requests/:requestId/approve|reject: why, for the access log (optional). */
export class MembershipDecisionDto {
  @IsOptional() @SafeText({ max: 300 }) orsak?: string;
}

/** POST /api/admin/memberships. */
export class AddMembershipDto {
  @IsUUID() userId: string;
  @IsUUID() unitId: string;
  @IsIn(ROLES) role: Role;
}
