import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { AlertDto, AlertListDto, MarkAlertDto } from './alerts.dto';
import { AlertsService } from './alerts.service';

@Controller('api/threads/:id/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** The thread's alerts (one per kind), newest first: the banner above the conversation. */
  @Get()
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: AlertListDto })
  async list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return { alerts: await this.alerts.list(actor, id) };
  }

  /** Marks an alert seen or handled, for a unit it concerns; told live to the thread's units. */
  @Patch(':alertId')
  @Authenticated({ thread: 'alert.handle' })
  @ApiOkResponse({ type: AlertDto })
  mark(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('alertId') alertId: string, @Body() dto: MarkAlertDto) {
    return this.alerts.mark(actor, id, alertId, dto.state);
  }
}
