import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { AuditController } from './audit.controller';
import { AuditChainSealer } from './audit-chain.sealer';
import { AuditReviewService } from './audit-review.service';
import { AuditCheckpointer } from './audit-checkpointer';
import { AuditDenials } from './audit-denials';
import { AUDIT_KEY, loadAuditKey } from './audit-key';
import { AuditService } from './audit.service';
import { PatientAccountService } from './patient-account';

@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditReviewService,
    AuditChainSealer,
    AuditCheckpointer,
    AuditDenials,
    PatientAccountService,
    { provide: AUDIT_KEY, useFactory: (config: AppConfig) => loadAuditKey(config.audit.keyFile), inject: [APP_CONFIG] },
  ],
  exports: [AuditService, AuditChainSealer, AuditCheckpointer, AuditDenials, PatientAccountService],
})
export class AuditModule {}
