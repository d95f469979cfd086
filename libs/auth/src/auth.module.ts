import { Module } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { AuditModule } from '@brygga/audit';
import { DirectoryModule } from '@brygga/directory';
import { AccessGuard } from './access.guard';
import { ActorResolver } from './actor-resolver';
import { AuthController } from './auth.controller';
import { OidcService } from './oidc.service';
import { PgThrottlerStorage } from './rate-limit';
import { SessionActorResolver } from './session-actor.resolver';
import { SessionService } from './session.service';
import { SystemActorResolver } from './system-clients';
import { SystemClientAdminController } from './system-client-admin.controller';
import { SystemClientAdminService } from './system-client-admin.service';
import { SystemTokenController } from './system-token.controller';
import { UserRateLimitGuard } from './user-rate-limit.guard';

@Module({
  imports: [
    AuditModule,
    DirectoryModule,
    // Anonymous routes (/auth/login, /auth/callback) per client address (req.ip, after TRUST_PROXY),
    // counted in PostgreSQL so that every node shares the count. 429 answers in Swedish (filter).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => ({
        throttlers: [{ ttl: 60_000, limit: config.authRateLimitPerMinute }],
        // One count per address for all of /auth (the default counts each route apart).
        generateKey: (_context: unknown, tracker: string) => createHash('sha256').update(`auth:${tracker}`).digest('hex'),
        storage: new PgThrottlerStorage(dataSource),
      }),
    }),
  ],
  controllers: [AuthController, SystemClientAdminController, SystemTokenController],
  providers: [
    SessionService,
    OidcService,
    { provide: ActorResolver, useClass: SessionActorResolver },
    SystemActorResolver,
    SystemClientAdminService,
    { provide: APP_GUARD, useClass: AccessGuard },
    // After the access guard, which has resolved the user the limit counts for.
    { provide: APP_GUARD, useClass: UserRateLimitGuard },
  ],
  exports: [SessionService],
})
export class AuthModule {}
