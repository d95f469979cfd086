import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ItemHistoryDto, NotNeededResult, TemplateListDto } from './checklist.mapper';
import type { Response } from 'express';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import {
  ApplyChecklistDto,
  ChangeItemDto,
  ConfirmReadinessDto,
  CreateTemplateDto,
  NotNeededDto,
  TemplatesQueryDto,
  WithdrawReadinessDto,
} from './checklist.dto';
import { ChecklistsService } from './checklists.service';
import { DischargeCheckDto, DischargeCheckQueryDto } from './discharge-check.dto';
import { DischargeCheckService } from './discharge-check.service';
import { TemplatesService } from './templates.service';

/** Checklists and readiness on a thread; every route goes through the thread access check. */
@Controller('api/threads/:id')
@Authenticated()
export class ChecklistsController {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly dischargeCheck: DischargeCheckService,
  ) {}

  /** What a discharge at `at` (default now) would not fit in the plan, for the composer before sending. */
  @Get('discharge-check')
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: DischargeCheckDto })
  checkDischarge(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: DischargeCheckQueryDto) {
    return this.dischargeCheck.preview(actor, id, query.at);
  }

  @Get('checklists')
  @Authenticated({ thread: 'thread.read' })
  overview(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.checklists.overview(actor, id);
  }

  @Post('checklists')
  @Authenticated({ thread: 'checklist.apply' })
  apply(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ApplyChecklistDto) {
    return this.checklists.apply(actor, id, dto);
  }

  @Patch('checklists/items/:itemId')
  @Authenticated({ thread: 'checklist.change' })
  changeItem(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('itemId') itemId: string, @Body() dto: ChangeItemDto) {
    return this.checklists.changeItem(actor, id, itemId, dto);
  }

  /** "Behövs inte" for a section in one action; 409 when something in it is already done (nothing written). */
  @Post('checklists/:checklistId/not-needed')
  @HttpCode(200)
  @Authenticated({ thread: 'checklist.change' })
  @ApiOkResponse({ type: NotNeededResult })
  setNotNeeded(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('checklistId') checklistId: string,
    @Body() dto: NotNeededDto,
  ) {
    return this.checklists.setNotNeeded(actor, id, checklistId, dto);
  }

  @Get('checklists/items/:itemId/history')
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: ItemHistoryDto })
  history(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('itemId') itemId: string) {
    return this.checklists.history(actor, id, itemId);
  }

  /** 201 with the `redo` message; 200 (`Idempotent-Replayed: true`) for a retry with the same key. */
  @Post('readiness')
  @Authenticated({ thread: 'readiness.declare' })
  async confirmReady(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ConfirmReadinessDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { message, created } = await this.checklists.confirmReady(actor, id, dto);
    if (!created) res.status(200).setHeader('Idempotent-Replayed', 'true');
    return message;
  }

  @Post('readiness/withdraw')
  @Authenticated({ thread: 'readiness.declare' })
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: WithdrawReadinessDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { message, created } = await this.checklists.withdrawReadiness(actor, id, dto);
    if (!created) res.status(200).setHeader('Idempotent-Replayed', 'true');
    return message;
  }
}

/** Checklist templates: anyone logged in reads them; an organisation's admin publishes its versions. */
@Controller('api/checklist-templates')
export class ChecklistTemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: TemplateListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: TemplatesQueryDto) {
    return { templates: await this.templates.list(actor, query.all === 'true') };
  }

  @Post()
  @Authenticated({ capability: 'template.admin' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTemplateDto) {
    return this.templates.create(actor, dto);
  }
}
