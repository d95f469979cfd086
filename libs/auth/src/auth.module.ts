import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '@brygga/audit';
import { DirectoryModule } from '@brygga/directory';
import { AccessGuard } from './access.guard';
import { ActorResolver } from './actor-resolver';
import { AuthController } from './auth.controller';
import { OidcService } from './oidc.service';
import { SessionActorResolver } from './session-actor.resolver';
import { SessionService } from './session.service';

@Module({
  imports: [AuditModule, DirectoryModule],
  controllers: [AuthController],
  providers: [
    SessionService,
    OidcService,
    { provide: ActorResolver, useClass: SessionActorResolver },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionService],
})
export class AuthModule {}
