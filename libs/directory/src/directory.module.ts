import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule, AuditService } from '@brygga/audit';
import { unitOrganisations } from './directory.lookups';
import { DemoSeed } from './demo-seed';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { MembershipRequestsController, MembershipsController } from './memberships.controller';
import { MembershipsService } from './memberships.service';

@Module({
  imports: [AuditModule],
  controllers: [DirectoryController, MembershipsController, MembershipRequestsController],
  providers: [DirectoryService, MembershipsService, DemoSeed],
  exports: [DirectoryService],
})
export class DirectoryModule implements OnModuleInit {
  constructor(private readonly audit: AuditService) {}

  /** The access log (below this library) asks here for the organisation of a unit not the actor's own. */
  onModuleInit(): void {
    this.audit.registerFacts({ unitOrganisations });
  }
}
