export * from './notification.entities';
export * from './notice';
export * from './notifications.dto';
export * from './notifications.module';
export * from './push-endpoint';
