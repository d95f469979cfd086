import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { OfflineKeyDto, OfflineReadsDto, OfflineReadsResultDto } from './offline.dto';
import { OfflineService } from './offline.service';

declare module 'express-session' {
  interface SessionData {
    /** The key of this session's offline copy on the phone (docs/offline.md): gone with the session. */
    offlineKey?: string;
  }
}

@Controller('api/offline')
@Authenticated({ capability: 'thread.read' })
export class OfflineController {
  constructor(private readonly offline: OfflineService) {}

  /**
   * The key the phone encrypts its offline copy with. Made once per session and kept only in it:
   * after logout (or the session's end) no one can hand it out again, so the copy cannot be read.
   */
  @Get('key')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: OfflineKeyDto })
  key(@Req() req: Request): OfflineKeyDto {
    req.session.offlineKey ??= randomBytes(32).toString('base64');
    return { key: req.session.offlineKey, shiftHours: this.offline.shiftHours };
  }

  /** Threads opened on the phone without coverage, with the time each was opened: one result per read. */
  @Post('reads')
  @HttpCode(200)
  @ApiOkResponse({ type: OfflineReadsResultDto })
  async reads(@CurrentActor() actor: Actor, @Body() dto: OfflineReadsDto): Promise<OfflineReadsResultDto> {
    return { results: await this.offline.recordReads(actor, dto.reads) };
  }
}
