import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { AuditModule } from '@brygga/audit';
import { HttpObserver } from './http-observer';
import { rootLogger } from './logger';
import { BryggaMetrics } from './metrics';
import { MetricsServer } from './metrics-server';
import { ProbesController } from './probes.controller';
import { ReadinessLogger } from './readiness-logger';

/**
 * What an operator reads: Prometheus metrics on their own listener, JSON logs through pino with
 * the request's correlation id, and the liveness and readiness probes. Libs report counts through
 * Telemetry (libs/common) and never touch prom-client.
 */
@Module({
  imports: [
    AuditModule,
    // One line when what is down changes, not one per probe (ReadinessLogger).
    TerminusModule.forRoot({ errorLogStyle: 'json', logger: ReadinessLogger }),
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Nest's own logger calls go through pino; inside a request they carry its correlation id.
        // HttpObserver writes the one line per request, so pino-http's own is off.
        pinoHttp: {
          logger: rootLogger(config),
          autoLogging: false,
          quietReqLogger: true,
          genReqId: (req) => (req as { id?: string }).id ?? '',
          customAttributeKeys: { reqId: 'correlationId' },
        },
      }),
    }),
  ],
  controllers: [ProbesController],
  providers: [BryggaMetrics, MetricsServer, HttpObserver],
  exports: [BryggaMetrics, MetricsServer, HttpObserver],
})
export class ObservabilityModule {}
