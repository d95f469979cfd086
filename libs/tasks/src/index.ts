export * from './tasks.dto';
export * from './tasks.service';
export * from './tasks.module';
