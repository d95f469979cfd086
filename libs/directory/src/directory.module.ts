import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
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
export class DirectoryModule {}
