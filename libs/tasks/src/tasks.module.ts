import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { ThreadsModule } from '@brygga/threads';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [AuditModule, ThreadsModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
