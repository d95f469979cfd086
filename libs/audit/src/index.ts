export * from './audit.entity';
export * from './audit-chain';
export * from './audit.service';
export * from './audit.module';
export * from './audit-chain.sealer';
export * from './audit-key';
export * from './audit-checkpoint';
export * from './audit-checkpointer';
export * from './audit-verify';
export * from './audit-denials';
export * from './audit-continuity';
export {
  AUDIT_ROWS,
  auditRows,
  COVERING,
  LINES_AFTER,
  lineId,
  parseLineId,
  ROW_HASH,
  ROWS_OF_PATIENT,
  ROWS_OF_PATIENTS,
  ROWS_WHERE,
} from './audit-readable';
export * from './audit.dto';
