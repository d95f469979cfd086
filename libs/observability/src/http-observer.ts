import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { APP_CONFIG, CORRELATION_HEADER, correlationContext, type AppConfig } from '@brygga/common';
import { looksLikeIdentityNumber, rootLogger } from './logger';
import { BryggaMetrics } from './metrics';
import { routeTemplate } from './route-template';

/** An id a client or proxy may hand us; anything else is replaced, so no text from outside reaches the log. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The first middleware of the api (apps/api/src/bootstrap.ts): gives the request its correlation
 * id (a well-formed incoming X-Correlation-Id, or a new one), echoes it, and when the answer is
 * done writes one log line and the request metrics. Health probes log at debug: a load balancer
 * asks every few seconds.
 */
@Injectable()
export class HttpObserver {
  private readonly logger: Logger;

  constructor(
    private readonly metrics: BryggaMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.logger = rootLogger(config);
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.headers[CORRELATION_HEADER.toLowerCase()];
    // A client's id that could carry a personnummer is replaced: the log keeps correlation ids as they are.
    const correlationId =
      typeof incoming === 'string' && WELL_FORMED.test(incoming) && !looksLikeIdentityNumber(incoming) ? incoming : randomUUID();
    (req as Request & { id?: string }).id = correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    const started = performance.now();
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeTemplate(req);
      const status = res.writableFinished ? res.statusCode : 499;
      const labels = { method: req.method, route, status: String(status) };
      this.metrics.httpRequests.inc(labels);
      this.metrics.httpDuration.observe(labels, seconds);
      // A 503 is an outage or a stop, logged once where it begins (libs/common unavailable.ts), not per request.
      const level = status >= 500 && status !== 503 ? 'error' : route.startsWith('/api/health') ? 'debug' : 'info';
      // The line is built only when its level is written (the bench and quiet installations log warn and above).
      if (!this.logger.isLevelEnabled(level)) return;
      this.logger[level]({ correlationId, method: req.method, route, status, durationMs: Math.round(seconds * 10_000) / 10 }, 'request');
    });
    correlationContext.run({ correlationId }, next);
  };
}
