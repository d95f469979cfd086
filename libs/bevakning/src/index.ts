export * from './warning.entity';
export * from './alert.entity';
export * from './alerts.dto';
export { AlertsService } from './alerts.service';
export * from './warnings';
export * from './bevakning.job';
export * from './bevakning.service';
export * from './bevakning.module';
export * from './demo-threads';
