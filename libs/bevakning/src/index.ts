export * from './warning.entity';
export * from './warnings';
export * from './bevakning.job';
export * from './bevakning.service';
export * from './bevakning.module';
export * from './demo-threads';
