export * from './audit.entity';
export * from './audit-chain';
export * from './audit.service';
export * from './audit.module';
export * from './audit-chain.sealer';
