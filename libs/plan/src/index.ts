export * from './plan-content';
export * from './plan-format';
export * from './plan.dto';
export * from './plan.entity';
export * from './plan.service';
export * from './plan.module';
