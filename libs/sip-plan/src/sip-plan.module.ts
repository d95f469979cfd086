import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { ThreadsModule } from '@brygga/threads';
import { SipPlanController } from './sip-plan.controller';
import { SipPlanService } from './sip-plan.service';

@Module({
  imports: [AuditModule, ThreadsModule],
  controllers: [SipPlanController],
  providers: [SipPlanService],
  exports: [SipPlanService],
})
export class SipPlanModule {}
