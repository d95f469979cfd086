import { Global, Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { LogReviewModule } from '@brygga/log-review';
import { AuthModule, CitizenDirectory } from '@brygga/auth';
import { HomePhaseModule } from '@brygga/home-phase';
import { PlanModule } from '@brygga/plan';
import { ThreadsModule } from '@brygga/threads';
import { CitizenAccessService } from './citizen-access.service';
import { CitizenActionsService } from './citizen-actions.service';
import { CitizenPlansService } from './citizen-plans.service';
import { CitizenSafetyService } from './citizen-safety.service';
import { CitizenDirectoryService } from './citizen-directory.service';
import { CitizenTimeline } from './citizen-timeline';
import { CitizenAuthController, CitizensController } from './citizens.controller';
import { ConsentsService } from './consents.service';
import { StaffConsentsController } from './staff-consents.controller';

/**
 * "Min hemgång" for patients and närstående: their identities, consents, routes and answers.
 * Global only for CitizenDirectory, which the login and the global guard (libs/auth) ask for.
 */
@Global()
@Module({
  imports: [AuditModule, LogReviewModule, AuthModule, ThreadsModule, PlanModule, HomePhaseModule],
  controllers: [CitizensController, CitizenAuthController, StaffConsentsController],
  providers: [
    CitizenDirectoryService,
    { provide: CitizenDirectory, useExisting: CitizenDirectoryService },
    CitizenAccessService,
    CitizenTimeline,
    ConsentsService,
    CitizenActionsService,
    CitizenPlansService,
    CitizenSafetyService,
  ],
  exports: [CitizenDirectory, CitizenAccessService],
})
export class CitizensModule {}
