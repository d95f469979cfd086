export * from './statistics.types';
export * from './figures';
export * from './csv';
export * from './statistics.service';
export * from './statistics.module';
export * from './suppress';
export * from './outcomes';
