import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { ThreadsModule } from '@brygga/threads';
import { ChecklistsController, ChecklistTemplatesController } from './checklists.controller';
import { ChecklistsService } from './checklists.service';
import { DischargeCheckService } from './discharge-check.service';
import { HemgangsklarService } from './hemgangsklar.service';
import { TemplatesService } from './templates.service';

@Module({
  imports: [AuditModule, ThreadsModule],
  controllers: [ChecklistsController, ChecklistTemplatesController],
  providers: [ChecklistsService, HemgangsklarService, TemplatesService, DischargeCheckService],
  exports: [ChecklistsService],
})
export class ChecklistsModule {}
