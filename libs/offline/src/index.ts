export * from './offline-read.entity';
export * from './offline.dto';
export * from './offline.service';
export * from './offline.module';
