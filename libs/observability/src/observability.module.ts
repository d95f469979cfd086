import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule } from '@brygga/audit';
import { HttpObserver } from './http-observer';
import { BryggaMetrics } from './metrics';
import { MetricsServer } from './metrics-server';
import { ProbesController } from './probes.controller';
import { ReadinessLogger } from './readiness-logger';

/**
 * What an operator reads: Prometheus metrics on their own listener, JSON logs through pino with
 * the request's correlation id (Nest's logger is nestLogger, set in apps/api; no logger or
 * middleware per request), and the liveness and readiness probes. Libs report counts through
 * Telemetry (libs/common) and never touch prom-client.
 */
@Module({
  imports: [
    AuditModule,
    // One line when what is down changes, not one per probe (ReadinessLogger).
    TerminusModule.forRoot({ errorLogStyle: 'json', logger: ReadinessLogger }),
  ],
  controllers: [ProbesController],
  providers: [BryggaMetrics, MetricsServer, HttpObserver],
  exports: [BryggaMetrics, MetricsServer, HttpObserver],
})
export class ObservabilityModule {}
