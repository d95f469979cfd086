import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ThreadAccessService, threadRecord } from '@brygga/threads';
import { ConsentListDto } from './citizens.dto';
import { ConsentsService } from './consents.service';

/** Staff see, in the thread, which närstående the patient has given access to "Min hemgång", with its history. */
@Controller('api/threads')
export class StaffConsentsController {
  constructor(
    private readonly threads: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly consents: ConsentsService,
  ) {}

  @Get(':id/narstaende-atkomst')
  @Authenticated({ thread: 'thread.read' })
  @ApiOkResponse({ type: ConsentListDto })
  list(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ConsentListDto> {
    return this.threads.withThread(actor, id, 'consent.read', {}, async (manager, access) => {
      const samtycken = await this.consents.forPatient(manager, access.thread.patientId);
      await this.audit.record(manager, [threadRecord(actor, access, 'consent.read', { details: { count: samtycken.length } })]);
      return { samtycken };
    });
  }
}
