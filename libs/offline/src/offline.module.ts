import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { ThreadsModule } from '@brygga/threads';
import { OfflineController } from './offline.controller';
import { OfflineService } from './offline.service';

/** The phone's offline copy and its sync (docs/offline.md): the session's key and the reads made offline. */
@Module({
  imports: [AuditModule, ThreadsModule],
  controllers: [OfflineController],
  providers: [OfflineService],
  exports: [OfflineService],
})
export class OfflineModule {}
