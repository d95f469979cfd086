import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { AuditChainSealer } from './audit-chain.sealer';
import { AuditCheckpointer } from './audit-checkpointer';
import { AuditDenials } from './audit-denials';
import { AUDIT_KEY, loadAuditKey } from './audit-key';
import { AuditService } from './audit.service';

/** The log itself; its readers (review, extract, the patient's account) are libs/log-review. */
@Module({
  providers: [
    AuditService,
    AuditChainSealer,
    AuditCheckpointer,
    AuditDenials,
    { provide: AUDIT_KEY, useFactory: (config: AppConfig) => loadAuditKey(config.audit.keyFile), inject: [APP_CONFIG] },
  ],
  exports: [AuditService, AuditChainSealer, AuditCheckpointer, AuditDenials, AUDIT_KEY],
})
export class AuditModule {}
