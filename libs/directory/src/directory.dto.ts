import { IsIn, IsUUID } from 'class-validator';
import { ROLES, type ActorMembership, type Role } from '@brygga/common';

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

/** POST /api/admin/memberships. */
export class AddMembershipDto {
  @IsUUID() userId: string;
  @IsUUID() unitId: string;
  @IsIn(ROLES) role: Role;
}
