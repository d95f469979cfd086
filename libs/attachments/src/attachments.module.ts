import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { ThreadsModule } from '@brygga/threads';
import { attachmentStoreProvider } from './attachment-store.provider';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

@Module({
  imports: [AuditModule, ThreadsModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, attachmentStoreProvider],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
