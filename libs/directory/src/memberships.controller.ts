import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { MembershipsService } from './memberships.service';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  AddMembershipDto,
  MembershipDecisionDto,
  MemberDto,
  MemberListDto,
  MembershipRequestDto,
  MembershipRequestedDto,
  MembershipRequestListDto,
} from './directory.dto';

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

  /**
   * 201 with the membership; 202 with a request when a second administrator must approve (the
   * roles logggranskare and admin, or a person of another organisation). Never for oneself.
   */
  @Post()
  @ApiCreatedResponse({ type: MemberDto })
  @ApiAcceptedResponse({ type: MembershipRequestedDto })
  async add(@CurrentActor() actor: Actor, @Body() dto: AddMembershipDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.memberships.add(actor, dto);
    if ('request' in result) {
      res.status(202);
      return result;
    }
    return result.member;
  }

  @Delete(':membershipId')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('membershipId') membershipId: string) {
    await this.memberships.remove(actor, membershipId);
  }
}

/** Grants that wait for a second administrator of the organisation (four eyes). */
@Controller('api/admin/membership-requests')
@Authenticated({ capability: 'directory.admin' })
export class MembershipRequestsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @ApiOkResponse({ type: MembershipRequestListDto })
  async list(@CurrentActor() actor: Actor) {
    return { requests: await this.memberships.requests(actor) };
  }

  /** Another administrator than the one who asked, never the person it is for: the membership is made. */
  @Post(':requestId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberDto })
  approve(@CurrentActor() actor: Actor, @Param('requestId') requestId: string, @Body() dto: MembershipDecisionDto) {
    return this.memberships.approve(actor, requestId, dto.orsak);
  }

  @Post(':requestId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: MembershipRequestDto })
  reject(@CurrentActor() actor: Actor, @Param('requestId') requestId: string, @Body() dto: MembershipDecisionDto) {
    return this.memberships.reject(actor, requestId, dto.orsak);
  }
}
