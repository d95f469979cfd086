export * from './home-phase.entities';
export * from './home-phase.mapper';
export * from './home-phase.rules';
export * from './home-phase.service';
export * from './home-phase.module';
export * from './home-phase.outcomes';
export * from './task-sources';
