import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { AuditModule } from '@brygga/audit';
import { DirectoryModule, DirectoryService } from '@brygga/directory';
import { AccessGuard } from './access.guard';
import { ActorResolver, NoActorResolver } from './actor-resolver';
import { TestHeaderActorResolver } from './test-header.resolver';

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [AuditModule, DirectoryModule],
      providers: [
        {
          provide: ActorResolver,
          inject: [DirectoryService, APP_CONFIG],
          useFactory: (directory: DirectoryService, cfg: AppConfig) =>
            config.testAuth ? new TestHeaderActorResolver(directory, cfg) : new NoActorResolver(),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
