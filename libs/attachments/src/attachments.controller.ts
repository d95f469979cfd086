import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import type { UploadedAttachmentsDto } from './attachment.mapper';
import { AttachmentsService } from './attachments.service';

@Controller('api/threads/:id/attachments')
@Authenticated()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * Uploads files (multipart/form-data, field `file`, one or more) for a message not yet posted;
   * the message names them in `attachmentIds`. 201 with the pending attachments.
   */
  @Post()
  @Authenticated({ thread: 'message.post' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } } } })
  async upload(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: Request): Promise<UploadedAttachmentsDto> {
    return { attachments: await this.attachments.upload(actor, id, req) };
  }

  /** The file itself, as a download that cannot run in the browser. */
  @Get(':attachmentId')
  @Authenticated({ thread: 'thread.read' })
  download(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @Res() res: Response,
  ): Promise<void> {
    return this.attachments.download(actor, id, attachmentId, res);
  }
}
