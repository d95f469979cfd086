export * from './observability.module';
export * from './metrics';
export * from './metrics-server';
export * from './http-observer';
export * from './logger';
export * from './route-template';
