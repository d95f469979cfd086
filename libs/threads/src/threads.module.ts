import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { DirectoryModule } from '@brygga/directory';
import { PatientsModule } from '@brygga/patients';
import { MessagesService } from './messages.service';
import { ReceiptsService } from './receipts.service';
import { ThreadAccessService } from './thread-access.service';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';

@Module({
  imports: [AuditModule, DirectoryModule, PatientsModule],
  controllers: [ThreadsController],
  providers: [ThreadAccessService, ThreadsService, MessagesService, ReceiptsService],
  exports: [ThreadAccessService, ThreadsService, MessagesService, ReceiptsService],
})
export class ThreadsModule {}
