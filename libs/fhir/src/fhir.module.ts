import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@brygga/attachments';
import { DirectoryModule } from '@brygga/directory';
import { PatientsModule } from '@brygga/patients';
import { ThreadsModule } from '@brygga/threads';
import { FhirController } from './fhir.controller';
import { FhirImportService } from './import.service';
import { FhirOutboxService } from './outbox.service';

/** FHIR R4 messaging (MedCom HospitalNotification, CareCommunication, Acknowledgement) with other systems. */
@Module({
  imports: [ThreadsModule, PatientsModule, AttachmentsModule, DirectoryModule],
  controllers: [FhirController],
  providers: [FhirImportService, FhirOutboxService],
  exports: [FhirImportService, FhirOutboxService],
})
export class FhirModule {}
