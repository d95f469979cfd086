import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { DirectoryModule } from '@brygga/directory';
import { PatientsModule } from '@brygga/patients';
import { MessagesService } from './messages.service';
import { ReceiptsService } from './receipts.service';
import { ThreadAccessService } from './thread-access.service';
import { ThreadDerivations } from './thread-derivations';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';

@Module({
  imports: [AuditModule, DirectoryModule, PatientsModule],
  controllers: [ThreadsController],
  providers: [ThreadAccessService, ThreadsService, MessagesService, ReceiptsService, ThreadDerivations],
  exports: [ThreadAccessService, ThreadsService, MessagesService, ReceiptsService, ThreadDerivations],
})
export class ThreadsModule {}
