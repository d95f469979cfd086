import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsIn, IsOptional } from 'class-validator';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { CreateThreadDto, MarkReadDto, MessagesQueryDto, PostMessageDto } from './thread.dto';
import { THREAD_STATUSES, type ThreadStatus } from './thread.entities';
import { MessagesService } from './messages.service';
import { ReceiptsService } from './receipts.service';
import { ThreadsService } from './threads.service';

class ThreadsQueryDto {
  @IsOptional() @IsIn(THREAD_STATUSES) status?: ThreadStatus;
}

@Controller('api/threads')
@Authenticated()
export class ThreadsController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly receipts: ReceiptsService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: ThreadsQueryDto) {
    return { threads: await this.threads.list(actor, query) };
  }

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateThreadDto, @Res({ passthrough: true }) res: Response) {
    const { thread, created } = await this.threads.create(actor, dto);
    res.status(created ? 201 : 200);
    return thread;
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.threads.get(actor, id);
  }

  @Get(':id/messages')
  async listMessages(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: MessagesQueryDto) {
    const messages = await this.messages.list(actor, id, query.after ?? 0, query.limit);
    return { messages };
  }

  /** 201 for a new message; 200 with the original when the idempotency key was seen before. */
  @Post(':id/messages')
  async post(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: PostMessageDto, @Res({ passthrough: true }) res: Response) {
    const { message, created } = await this.messages.post(actor, id, dto);
    res.status(created ? 201 : 200);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    return message;
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: MarkReadDto) {
    return this.receipts.markRead(actor, id, dto.upToSeq);
  }

  @Get(':id/messages/:messageId/receipts')
  receiptsOf(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('messageId') messageId: string) {
    return this.receipts.forMessage(actor, id, messageId);
  }
}
