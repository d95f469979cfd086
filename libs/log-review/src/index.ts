export * from './log-review.module';
export * from './audit-review.service';
export * from './audit-extract';
export * from './patient-account';
