export * from './embedded-postgres';
export * from './database.module';
export * from './naming.strategy';
export * from './transaction';
export * from './migrations';
export * from './outage';
export * from './roles';
export * from './server-account';
