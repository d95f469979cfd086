import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ADVISORY_LOCKS, type DatabaseLimits, logBackgroundError, Telemetry } from '@brygga/common';
import { CacheInvalidation } from './cache-invalidation';
import { HealthController } from './health.controller';
import { DatabaseMonitor } from './outage';
import { SnakeNamingStrategy } from './naming.strategy';
import { measurePoolWaits } from './pool-waits';
import { installationId } from './installation';
import { checkAppRole, grantAppRole } from './roles';

type EntityList = NonNullable<DataSourceOptions['entities']>;
type MigrationList = NonNullable<DataSourceOptions['migrations']>;

export interface DatabaseOptions {
  url: string;
  /** The owner role's connection: migrations and grants run on it (docs/operations.md: Database roles). */
  ownerUrl?: string;
  entities: EntityList;
  migrations: MigrationList;
  poolSize?: number;
  /**
   * The app's bounds on waits (pool size, acquire, statement, lock and idle-in-transaction
   * timeouts). Unset (migrations, tools): no server-side timeouts, a 5 s acquire timeout.
   */
  limits?: DatabaseLimits;
}

const poolLogger = new Logger('Database');

/** Options shared by the api, the migration tools and the tests; schema changes only by migrations. */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    // A server that does not answer (a network partition) fails a checkout in 5 s instead of hanging it.
    // Connections stay a minute when idle (pg's default is 10 s), and a few always: a new one costs
    // a backend start, a SCRAM exchange, cold catalog caches and re-preparing the hot statements,
    // and a burst after a quiet spell opened up to `max` of them at once (measured: posts answered
    // in up to 580 ms for the first second after 12 s without requests, 4 ms otherwise).
    // connectionTimeoutMillis bounds both a new connection and the wait for a pooled one (pg-pool).
    extra: {
      max: options.poolSize ?? options.limits?.poolSize ?? 20,
      min: 4,
      idleTimeoutMillis: 60_000,
      application_name: 'brygga',
      connectionTimeoutMillis: options.limits?.poolAcquireTimeoutMs ?? 5000,
      // Sent at connection start-up, so every connection of the pool has them (a row lock held by
      // someone else then costs a request lock_timeout, not the pool: issue 30).
      ...(options.limits && {
        statement_timeout: options.limits.statementTimeoutMs,
        lock_timeout: options.limits.lockTimeoutMs,
        idle_in_transaction_session_timeout: options.limits.idleInTransactionTimeoutMs,
      }),
    },
    // An idle pooled connection that PostgreSQL drops (restart, failover) is an outage, logged once.
    poolErrorHandler: (error: unknown) => logBackgroundError(poolLogger, 'Database pool', error),
  };
}

/** An arbitrary constant that every api node agrees on, so only one node migrates at a time. */
const MIGRATION_LOCK = ADVISORY_LOCKS.migrations;

/** Runs pending migrations; with `grantTo` (the app's URL), then grants its role what it needs. */
export async function runMigrations(dataSource: DataSource, grantTo?: string): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    if (grantTo) {
      const app = new URL(grantTo);
      await grantAppRole(dataSource, decodeURIComponent(app.username), decodeURIComponent(app.password) || undefined);
    }
    return done.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/** The pool's waits go to Telemetry (brygga_db_pool_wait_seconds). */
const POOL_WAITS = Symbol('POOL_WAITS');

@Injectable()
class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Migrations');
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    // Migrations need the owner role; the app's own pool never gets its credentials. Two
    // connections: runMigrations holds one for its advisory lock. Never the app's pool: its
    // statement and lock timeouts would cut a long migration (or the wait for another node's) short.
    const { ownerUrl } = this.options;
    const migrator = new DataSource(
      dataSourceOptions({ ...this.options, url: ownerUrl ?? this.options.url, poolSize: 2, limits: undefined }),
    );
    await migrator.initialize();
    try {
      const applied = await runMigrations(migrator, ownerUrl ? this.options.url : undefined);
      if (applied.length) this.logger.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    } finally {
      await migrator.destroy();
    }
    // The installation's id is made at the first start (installation.ts), before anything uses it.
    await installationId((sql, params) => this.dataSource.query(sql, params));
    const risk = await checkAppRole(this.dataSource);
    if (risk)
      this.logger.warn(
        `The application's database role is a ${risk}: it could rewrite the access log. Use a separate owner role (docs/operations.md: Database roles).`,
      );
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(options))],
      providers: [
        MigrationRunner,
        {
          provide: POOL_WAITS,
          useFactory: (dataSource: DataSource, telemetry: Telemetry) =>
            measurePoolWaits((dataSource.driver as unknown as { master: Pool }).master, (seconds) => telemetry.add('db.poolWait', seconds)),
          inject: [DataSource, Telemetry],
        },
        DatabaseMonitor,
        { provide: DATABASE_OPTIONS, useValue: options },
        // Its own connection on the app's URL (the app role may LISTEN; nothing else is needed).
        { provide: CacheInvalidation, useFactory: () => new CacheInvalidation(options.url) },
      ],
      exports: [DatabaseMonitor, CacheInvalidation],
      controllers: [HealthController],
    };
  }
}
