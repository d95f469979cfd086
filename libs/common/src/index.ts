export * from './config';
export * from './errors';
export * from './actor';
export * from './decorators';
export * from './http-exception.filter';
export * from './request-context';
export * from './config.module';
export * from './domain-events';
