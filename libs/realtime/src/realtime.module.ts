import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { AuthModule } from '@brygga/auth';
import { DirectoryModule } from '@brygga/directory';
import { ThreadsModule } from '@brygga/threads';
import { RealtimeGateway } from './realtime.gateway';

@Module({
  imports: [AuditModule, AuthModule, DirectoryModule, ThreadsModule],
  providers: [RealtimeGateway],
})
export class RealtimeModule {}
