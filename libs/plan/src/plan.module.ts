import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { BevakningModule } from '@brygga/bevakning';
import { ChecklistsModule } from '@brygga/checklists';
import { DirectoryModule } from '@brygga/directory';
import { ThreadsModule } from '@brygga/threads';
import { DemoPlan } from './demo-plan';
import { PlanController } from './plan.controller';
import { PlanService } from './plan.service';

@Module({
  // BevakningModule: its demo threads must exist before DemoPlan fills one (imported modules bootstrap first).
  imports: [AuditModule, ThreadsModule, ChecklistsModule, DirectoryModule, BevakningModule],
  controllers: [PlanController],
  providers: [PlanService, DemoPlan],
  exports: [PlanService],
})
export class PlanModule {}
