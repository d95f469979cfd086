export * from './directory.entities';
export * from './directory.service';
export * from './directory.lookups';
export * from './memberships.service';
export * from './directory.module';
export * from './demo-seed';
