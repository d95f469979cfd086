import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { PatientsModule } from '@brygga/patients';
import { ThreadsModule } from '@brygga/threads';
import { HomePhaseController } from './home-phase.controller';
import { HomePhaseDemo } from './home-phase-demo';
import { HomePhaseService } from './home-phase.service';

@Module({
  imports: [AuditModule, ThreadsModule, PatientsModule],
  controllers: [HomePhaseController],
  providers: [HomePhaseService, HomePhaseDemo],
  exports: [HomePhaseService],
})
export class HomePhaseModule {}
