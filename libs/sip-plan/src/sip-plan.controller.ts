import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { AcceptSipPlanDto, SipPlanEntryInput, SipPlanInput } from './sip-plan.dto';
import { SipPlanDto } from './sip-plan.mapper';
import { SipPlanService } from './sip-plan.service';

/** The SIP plan of a thread; every route goes through the thread access check. */
@Controller('api/threads/:id/sip-plan')
@Authenticated()
export class SipPlanController {
  constructor(private readonly plans: SipPlanService) {}

  @Get()
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: SipPlanDto })
  read(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.plans.read(actor, id);
  }

  /** A new version of the whole plan (the first, or a change of the latest: `grundversion`). */
  @Post()
  @Authenticated({ thread: 'message.post' })
  @ApiOkResponse({ type: SipPlanDto })
  save(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SipPlanInput) {
    return this.plans.saveVersion(actor, id, dto);
  }

  @Post('accept')
  @HttpCode(200)
  @Authenticated({ thread: 'message.post' })
  @ApiOkResponse({ type: SipPlanDto })
  accept(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AcceptSipPlanDto) {
    return this.plans.accept(actor, id, dto);
  }

  @Post('entries')
  @Authenticated({ thread: 'message.post' })
  @ApiOkResponse({ type: SipPlanDto })
  entry(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SipPlanEntryInput) {
    return this.plans.addEntry(actor, id, dto);
  }
}
