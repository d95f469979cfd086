export * from './actor-resolver';
export * from './access.guard';
export * from './auth.module';
export { TEST_USER_HEADER } from './test-header.resolver';
