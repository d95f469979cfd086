import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, compileTrust, listenNamed, type AppConfig } from '@brygga/common';
import { BryggaMetrics } from './metrics';

/**
 * Serves GET /metrics on a listener of its own (METRICS_HOST:METRICS_PORT), apart from the api:
 * a load balancer never exposes it, and only METRICS_ALLOW's addresses get an answer (others 403).
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: BryggaMetrics,
  ) {}

  /** Where it listens (after start), e.g. http://127.0.0.1:9464. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The metrics listener is not running');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const allowed = compileTrust(this.config.observability.metricsAllow);
    const registry = this.metrics.registry;
    const server = createServer((req, res) => {
      const peer = req.socket.remoteAddress;
      if (!peer || !allowed(peer, 0)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden\n');
        return;
      }
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
        (error: unknown) => {
          this.logger.error(`Metrics collection failed: ${String(error)}`);
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n');
        },
      );
    });
    const { metricsHost, metricsPort } = this.config.observability;
    // Two nodes on one machine both asking for 9464 is the classic: the error names METRICS_PORT.
    await listenNamed(
      { port: 'METRICS_PORT', host: 'METRICS_HOST' },
      metricsHost,
      metricsPort,
      () =>
        new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(metricsPort, metricsHost, () => {
            server.off('error', reject);
            resolve();
          });
        }),
    );
    server.unref();
    this.server = server;
    this.logger.log(`Metrics on ${this.url}/metrics for ${this.config.observability.metricsAllow}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
