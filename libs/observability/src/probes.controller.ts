import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  Drain,
  EMBEDDED_DATABASE,
  HealthRegistry,
  Public,
  RETRY_AFTER_SECONDS,
  storageFull,
  type AppConfig,
} from '@brygga/common';
import { AuditChainSealer } from '@brygga/audit';
import { DatabaseMonitor } from '@brygga/database';

/** The sealer runs every 250 ms; a round that has not ended well for this long means it is stuck or failing. */
const SEALER_STALE_MS = 15_000;

/**
 * Liveness for the orchestrator (restart the process when it fails) and readiness for the load
 * balancer (send no work while it fails). Live asks nothing of the database: an outage must not
 * make the orchestrator restart every node. Ready fails with what is down, as 503.
 */
@Controller('api/health')
export class ProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseMonitor,
    private readonly dataSource: DataSource,
    private readonly registry: HealthRegistry,
    private readonly sealer: AuditChainSealer,
    private readonly drain: Drain,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @Public()
  @HealthCheck()
  async live(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    // Nothing of the database, except an embedded one that died and could not be started again:
    // only a restart of the node can help then (issue 30: it said 200 while PostgreSQL stayed down).
    return this.unavailableAs503(res, () => this.health.check([() => this.embeddedDatabase()]));
  }

  private embeddedDatabase() {
    const embedded = this.indicators.check('embeddedDatabase');
    const state = this.registry.all[EMBEDDED_DATABASE];
    return state === 'failed' ? embedded.down({ state }) : embedded.up(state ? { state } : {});
  }

  private async unavailableAs503(res: Response, check: () => Promise<HealthCheckResult>): Promise<HealthCheckResult> {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Answered here, not by the error filter: the body says what is down.
      res.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return error.getResponse() as HealthCheckResult;
    }
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.node(),
        () => this.databaseReachable(),
        () => this.storageWritable(),
        () => this.migrationsCurrent(),
        () => this.listenConnection(),
        () => this.sealerRunning(),
        ...(this.config.nodeEnv === 'production' ? [() => this.oidcDiscovered()] : []),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Answered here, not by the error filter: the body says what is down.
      res.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return error.getResponse() as HealthCheckResult;
    }
  }

  private node() {
    const node = this.indicators.check('node');
    return this.drain.stopping ? node.down({ state: 'stopping' }) : node.up();
  }

  private async databaseReachable() {
    const database = this.indicators.check('database');
    return (await this.database.reachable()) ? database.up() : database.down({ state: 'unreachable' });
  }

  /** A full disk under the database: every write would fail (storage-full.ts); the probe ends it. */
  private storageWritable() {
    const storage = this.indicators.check('storage');
    return storageFull.full ? storage.down({ state: 'full' }) : storage.up();
  }

  private async migrationsCurrent() {
    const migrations = this.indicators.check('migrations');
    try {
      return (await this.dataSource.showMigrations()) ? migrations.down({ state: 'pending' }) : migrations.up();
    } catch {
      return migrations.down({ state: 'unknown' });
    }
  }

  /** The socket adapter's connection to the other nodes: its LISTEN connection, or its two Redis connections. */
  private listenConnection() {
    const listen = this.indicators.check('listen');
    const adapter = this.config.redisUrl ? 'redis' : 'postgres';
    const state = this.registry.all.realtime ?? 'not started';
    return state === 'ok' ? listen.up({ adapter }) : listen.down({ adapter, state });
  }

  /**
   * Production only: a node that never reached its IdP's discovery document can log nobody in. (The
   * development IdP runs in this process or beside it.) Once discovered it stays up (OidcService).
   */
  private oidcDiscovered() {
    const oidc = this.indicators.check('oidc');
    const state = this.registry.all.oidc ?? 'not started';
    return state === 'ok' ? oidc.up() : oidc.down({ state });
  }

  /**
   * The access log's chain: the sealer runs, the chain holds (no forged or backdated row, no
   * unsound head, no row behind it), and no row waits long for its link (a sealer kept from its
   * lock seals nothing while its rounds still end well).
   */
  private sealerRunning() {
    const sealer = this.indicators.check('sealer');
    const status = this.sealer.status();
    const age = Date.now() - status.lastSuccessAt;
    if (age > SEALER_STALE_MS)
      return sealer.down({ state: status.lastSuccessAt ? `no round ended well for ${Math.round(age / 1000)} s` : 'not started' });
    if (status.broken) return sealer.down({ state: `chain broken at row ${status.broken.seq}: ${status.broken.reason}` });
    if (status.oldestUnsealedSeconds > this.config.audit.unsealedStaleSeconds) {
      return sealer.down({ state: `${status.unsealedRows} rows unsealed, the oldest for ${Math.round(status.oldestUnsealedSeconds)} s` });
    }
    return sealer.up();
  }
}
