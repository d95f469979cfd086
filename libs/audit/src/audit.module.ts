import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditChainSealer } from './audit-chain.sealer';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditChainSealer],
  exports: [AuditService],
})
export class AuditModule {}
