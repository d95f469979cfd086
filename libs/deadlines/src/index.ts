export * from './stockholm-time';
export * from './holidays';
export * from './rules';
export * from './clock';
export * from './thread-clocks';
export * from './deadlines.module';
export * from './inbox';
