import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { DeadlinesModule } from '@brygga/deadlines';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [AuditModule, DeadlinesModule],
  controllers: [StatisticsController],
  providers: [StatisticsService],
})
export class StatisticsModule {}
