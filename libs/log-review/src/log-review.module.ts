import { Module } from '@nestjs/common';
import { AuditModule } from '@brygga/audit';
import { AuditController } from './audit.controller';
import { AuditReviewService } from './audit-review.service';
import { PatientAccountService } from './patient-account';

/** The access log's readers: the reviewer's search and extract, the patient's own account. */
@Module({
  imports: [AuditModule],
  controllers: [AuditController],
  providers: [AuditReviewService, PatientAccountService],
  exports: [PatientAccountService],
})
export class LogReviewModule {}
