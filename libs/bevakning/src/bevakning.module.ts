import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { DeadlinesModule } from '@brygga/deadlines';
import { PatientsModule } from '@brygga/patients';
import { ThreadsModule } from '@brygga/threads';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { BevakningController } from './bevakning.controller';
import { BevakningJob } from './bevakning.job';
import { BevakningService } from './bevakning.service';
import { DemoThreads } from './demo-threads';

@Module({
  imports: [AuditModule, ThreadsModule, DeadlinesModule, PatientsModule],
  controllers: [BevakningController, AlertsController],
  providers: [BevakningJob, BevakningService, AlertsService, DemoThreads],
  exports: [BevakningJob],
})
export class BevakningModule {}
