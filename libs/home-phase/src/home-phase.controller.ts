import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { HomePhaseDto } from './home-phase.mapper';
import { HomePhaseService } from './home-phase.service';

/** The home phase of a thread; written through the thread's messages (POST /api/threads/:id/messages). */
@Controller('api/threads/:id')
@Authenticated()
export class HomePhaseController {
  constructor(private readonly homePhase: HomePhaseService) {}

  @Get('home-phase')
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: HomePhaseDto })
  summary(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.homePhase.summary(actor, id);
  }
}
