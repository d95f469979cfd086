import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { PublishPlanDto, StaffPlanDto } from './plan.dto';
import { PlanService } from './plan.service';

/** "Min hemgång" for staff: the page the patient would see, and publishing it. */
@Controller('api/threads/:id/plan')
@Authenticated()
export class PlanController {
  constructor(private readonly plans: PlanService) {}

  @Get()
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: StaffPlanDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StaffPlanDto> {
    return this.plans.staffView(actor, id);
  }

  /** Publishes the page as it is now (a new version); the ward or SOF only. */
  @Post('publish')
  @HttpCode(201)
  @Authenticated({ thread: 'plan.publish' })
  @ApiOkResponse({ type: StaffPlanDto })
  publish(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: PublishPlanDto): Promise<StaffPlanDto> {
    return this.plans.publish(actor, id, dto);
  }
}
