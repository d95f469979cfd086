import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './config';
import { DomainEvents } from './domain-events';
import { Drain } from './drain';
import { HealthRegistry } from './health-registry';
import { Telemetry } from './telemetry';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, DomainEvents, Drain, HealthRegistry, Telemetry],
      exports: [APP_CONFIG, DomainEvents, Drain, HealthRegistry, Telemetry],
    };
  }
}
