import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { DeadlinesModule } from '@brygga/deadlines';
import { ThreadsModule } from '@brygga/threads';
import { BevakningController } from './bevakning.controller';
import { BevakningJob } from './bevakning.job';
import { BevakningService } from './bevakning.service';
import { DemoThreads } from './demo-threads';

@Module({
  imports: [AuditModule, ThreadsModule, DeadlinesModule],
  controllers: [BevakningController],
  providers: [BevakningJob, BevakningService, DemoThreads],
  exports: [BevakningJob],
})
export class BevakningModule {}
