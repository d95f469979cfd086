export * from './sip-plan.entities';
export * from './sip-plan.dto';
export * from './sip-plan.mapper';
export * from './sip-plan.service';
export * from './sip-plan.module';
export * from './sip-plan.outcomes';
export * from './sip-plan.published';
