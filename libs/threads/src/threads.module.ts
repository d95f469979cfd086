import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule, AuditService } from '@brygga/audit';
import { DeadlinesModule } from '@brygga/deadlines';
import { DirectoryModule } from '@brygga/directory';
import { PatientsModule } from '@brygga/patients';
import { MessagesService } from './messages.service';
import { ReceiptsService } from './receipts.service';
import { ThreadAccessService } from './thread-access.service';
import { ThreadDerivations } from './thread-derivations';
import { PatientIdentityService } from './patient-identity.service';
import { ThreadsController } from './threads.controller';
import { ThreadFactsService } from './thread-facts.service';
import { ThreadLifeService } from './thread-life.service';
import { ThreadsService } from './threads.service';
import { ThreadInboxClocks } from './thread-inbox-clocks';
import { threadAuditFacts } from './thread-reads';

@Module({
  imports: [AuditModule, DirectoryModule, PatientsModule, DeadlinesModule],
  controllers: [ThreadsController],
  providers: [
    ThreadAccessService,
    ThreadsService,
    MessagesService,
    ReceiptsService,
    ThreadDerivations,
    ThreadLifeService,
    ThreadFactsService,
    PatientIdentityService,
    ThreadInboxClocks,
  ],
  exports: [
    ThreadAccessService,
    ThreadsService,
    MessagesService,
    ReceiptsService,
    ThreadDerivations,
    ThreadLifeService,
    ThreadFactsService,
  ],
})
export class ThreadsModule implements OnModuleInit {
  constructor(private readonly audit: AuditService) {}

  /** The access log (below this library) asks here for the patient and units of a thread a row names. */
  onModuleInit(): void {
    this.audit.registerFacts({ threadFacts: threadAuditFacts });
  }
}
