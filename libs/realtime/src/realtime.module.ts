import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '@brygga/audit';
import { AuthModule } from '@brygga/auth';
import { DirectoryModule } from '@brygga/directory';
import { ThreadsModule } from '@brygga/threads';
import { PublishBarrier, PublishedBeforeAnswer } from './publish-barrier';
import { RealtimeGateway } from './realtime.gateway';
import { HandshakeGate } from './handshake-gate';

@Module({
  imports: [AuditModule, AuthModule, DirectoryModule, ThreadsModule],
  providers: [RealtimeGateway, PublishBarrier, HandshakeGate, { provide: APP_INTERCEPTOR, useClass: PublishedBeforeAnswer }],
})
export class RealtimeModule {}
