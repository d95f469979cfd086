import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { ChecklistsModule } from '@brygga/checklists';
import { ThreadsModule } from '@brygga/threads';
import { PlanController } from './plan.controller';
import { PlanService } from './plan.service';

@Module({
  imports: [AuditModule, ThreadsModule, ChecklistsModule],
  controllers: [PlanController],
  providers: [PlanService],
  exports: [PlanService],
})
export class PlanModule {}
