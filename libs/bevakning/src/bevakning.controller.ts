import { Controller, Get } from '@nestjs/common';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { BevakningService } from './bevakning.service';
import { ApiOkResponse } from '@nestjs/swagger';
import { WarningListDto } from './bevakning.dto';

@Controller('api/bevakning')
export class BevakningController {
  constructor(private readonly bevakning: BevakningService) {}

  /** Warnings on the threads my units take part in (needs a role that reads threads). */
  @Get()
  @ApiOkResponse({ type: WarningListDto })
  @Authenticated({ capability: 'thread.read' })
  async list(@CurrentActor() actor: Actor) {
    return { warnings: await this.bevakning.list(actor) };
  }
}
