import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@brygga/common';
import { AuditModule } from '@brygga/audit';
import { AuthModule } from '@brygga/auth';
import { ChecklistsModule } from '@brygga/checklists';
import { DatabaseModule } from '@brygga/database';
import { DirectoryModule } from '@brygga/directory';
import { PatientsModule } from '@brygga/patients';
import { RealtimeModule } from '@brygga/realtime';
import { ThreadsModule } from '@brygga/threads';
import { ENTITIES, MIGRATIONS } from './entities';

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: databaseUrl, entities: ENTITIES, migrations: MIGRATIONS }),
        AuthModule,
        DirectoryModule,
        PatientsModule,
        AuditModule,
        ThreadsModule,
        ChecklistsModule,
        RealtimeModule,
      ],
    };
  }
}
