export * from './socket-events';
export * from './socket-adapter';
export * from './realtime.module';
