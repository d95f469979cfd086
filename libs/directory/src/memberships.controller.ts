import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { MembershipsService } from './memberships.service';
import { ApiOkResponse } from '@nestjs/swagger';
import { AddMembershipDto, MemberListDto } from './directory.dto';

export { AddMembershipDto } from './directory.dto';

/** The organisation's administrator manages who works where; no patient data here. */
@Controller('api/admin/memberships')
@Authenticated({ capability: 'directory.admin' })
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @ApiOkResponse({ type: MemberListDto })
  async list(@CurrentActor() actor: Actor) {
    return { memberships: await this.memberships.list(actor) };
  }

  @Post()
  add(@CurrentActor() actor: Actor, @Body() dto: AddMembershipDto) {
    return this.memberships.add(actor, dto);
  }

  @Delete(':membershipId')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('membershipId') membershipId: string) {
    await this.memberships.remove(actor, membershipId);
  }
}
