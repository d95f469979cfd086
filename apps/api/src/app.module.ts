import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@brygga/common';
import { AttachmentsModule } from '@brygga/attachments';
import { AuditModule } from '@brygga/audit';
import { LogReviewModule } from '@brygga/log-review';
import { AuthModule } from '@brygga/auth';
import { BevakningModule } from '@brygga/bevakning';
import { ChecklistsModule } from '@brygga/checklists';
import { CitizensModule } from '@brygga/citizens';
import { DatabaseModule } from '@brygga/database';
import { DirectoryModule } from '@brygga/directory';
import { ObservabilityModule } from '@brygga/observability';
import { OfflineModule } from '@brygga/offline';
import { FhirModule } from '@brygga/fhir';
import { HomePhaseModule } from '@brygga/home-phase';
import { NotificationsModule } from '@brygga/notifications';
import { SipPlanModule } from '@brygga/sip-plan';
import { PatientsModule } from '@brygga/patients';
import { PlanModule } from '@brygga/plan';
import { RealtimeModule } from '@brygga/realtime';
import { StatisticsModule } from '@brygga/statistics';
import { TasksModule } from '@brygga/tasks';
import { ThreadsModule } from '@brygga/threads';
import { ENTITIES, MIGRATIONS } from './entities';

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({
          url: databaseUrl,
          ownerUrl: config.databaseOwnerUrl,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          limits: config.databaseLimits,
        }),
        AuthModule,
        DirectoryModule,
        PatientsModule,
        AuditModule,
        LogReviewModule,
        ThreadsModule,
        ChecklistsModule,
        RealtimeModule,
        BevakningModule,
        StatisticsModule,
        ObservabilityModule,
        AttachmentsModule,
        FhirModule,
        CitizensModule,
        PlanModule,
        HomePhaseModule,
        SipPlanModule,
        NotificationsModule,
        OfflineModule,
        TasksModule,
      ],
    };
  }
}
