import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import {
  CloseThreadDto,
  CreateThreadDto,
  MarkReadDto,
  MessagesQueryDto,
  ParticipantDto,
  PostMessageDto,
  ThreadsQueryDto,
} from './thread.dto';
import { MessagesService } from './messages.service';
import { ReceiptsService } from './receipts.service';
import { SetFactDto } from './thread-fact.dto';
import { ThreadFactsService } from './thread-facts.service';
import { ThreadLifeService } from './thread-life.service';
import { ThreadsService } from './threads.service';
import { CorrectIdentityDto } from '@brygga/patients';
import { PatientIdentityService } from './patient-identity.service';
import { FactHistoryDto } from './thread-fact.dto';
import { MarkReadResultDto, MessageListDto, ThreadListDto } from './thread-lists.dto';

@Controller('api/threads')
@Authenticated()
export class ThreadsController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly receipts: ReceiptsService,
    private readonly life: ThreadLifeService,
    private readonly facts: ThreadFactsService,
    private readonly patientIdentity: PatientIdentityService,
  ) {}

  @Get()
  @ApiOkResponse({ type: ThreadListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ThreadsQueryDto) {
    return this.threads.list(actor, query);
  }

  @Post()
  @Authenticated({ capability: 'thread.open' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateThreadDto, @Res({ passthrough: true }) res: Response) {
    const { thread, created } = await this.threads.create(actor, dto);
    res.status(created ? 201 : 200);
    return thread;
  }

  @Get(':id')
  @Authenticated({ thread: 'thread.read' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.threads.get(actor, id);
  }

  @Get(':id/messages')
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: MessageListDto })
  async listMessages(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: MessagesQueryDto) {
    const messages = await this.messages.list(actor, id, query.after ?? 0, query.limit);
    return { messages };
  }

  /** 201 for a new message; 200 with the original when the idempotency key was seen before. */
  @Post(':id/messages')
  @Authenticated({ thread: 'message.post' })
  async post(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: PostMessageDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { message, created } = await this.messages.post(actor, id, dto);
    res.status(created ? 201 : 200);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    return message;
  }

  @Post(':id/read')
  @Authenticated({ thread: 'thread.read' })
  @HttpCode(200)
  @ApiOkResponse({ type: MarkReadResultDto })
  markRead(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: MarkReadDto) {
    return this.receipts.markRead(actor, id, dto.upToSeq);
  }

  /** A unit joins: it sees the whole history from the start. */
  @Post(':id/participants')
  @HttpCode(200)
  @Authenticated({ thread: 'participants.manage' })
  addParticipant(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ParticipantDto) {
    return this.life.addParticipant(actor, id, dto.unitId);
  }

  /** A unit leaves: it loses access at once, on every node; its history stays in the log. */
  @Delete(':id/participants/:unitId')
  @Authenticated({ thread: 'participants.manage' })
  removeParticipant(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('unitId') unitId: string) {
    return this.life.removeParticipant(actor, id, unitId);
  }

  /** The patient moves to another ward, which becomes the owner. */
  @Post(':id/transfer')
  @HttpCode(200)
  @Authenticated({ thread: 'participants.manage' })
  transfer(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ParticipantDto) {
    return this.life.transfer(actor, id, dto.unitId);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated({ thread: 'discharge.notify' })
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CloseThreadDto) {
    return this.life.close(actor, id, 'avslutad', dto.orsak);
  }

  /** Makulera: the thread was entered in error. It stays readable and in the log. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated({ thread: 'discharge.notify' })
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CloseThreadDto) {
    return this.life.close(actor, id, 'makulerad', dto.orsak);
  }

  /** The owning ward corrects the patient's identity number (a reserve number replaced by the personnummer). */
  @Post(':id/patient-identity')
  @HttpCode(200)
  @Authenticated({ thread: 'thread.open' })
  correctPatientIdentity(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CorrectIdentityDto) {
    return this.patientIdentity.correct(actor, id, dto);
  }

  /** Sets a structured fact (address, närstående, samtycke …); the owning organisation kind only. */
  @Put(':id/facts/:key')
  @Authenticated({ thread: 'facts.write' })
  setFact(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('key') key: string, @Body() dto: SetFactDto) {
    return this.facts.set(actor, id, key, dto.value, dto.expectedVersion);
  }

  @Get(':id/facts/:key/history')
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: FactHistoryDto })
  async factHistory(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('key') key: string) {
    return { versions: await this.facts.history(actor, id, key) };
  }

  /** All my messages' receipts in the thread, in one request (the thread view asks once, not per message). */
  @Get(':id/receipts')
  @Authenticated({ thread: 'thread.read' })
  myReceipts(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.receipts.forMyMessages(actor, id);
  }

  @Get(':id/messages/:messageId/receipts')
  @Authenticated({ thread: 'thread.read' })
  receiptsOf(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('messageId') messageId: string) {
    return this.receipts.forMessage(actor, id, messageId);
  }
}
