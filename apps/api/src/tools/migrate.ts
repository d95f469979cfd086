/**
 * Runs the pending migrations as the owner role and grants the app role what it needs, then exits:
 *   node dist/apps/api/src/tools/migrate.js
 * with DATABASE_OWNER_URL and DATABASE_URL (or their *_FILE forms). The Helm chart runs it as a Job
 * before every install and upgrade, so the api's own pods never hold the owner's credentials (they
 * find no migration pending and are ready once it has run). Exit 0 when done, 1 on error.
 */
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AppConfig, ConfigError, urlSetting, withFileSecrets } from '@brygga/common';
import { dataSourceOptions, installationId, runMigrations } from '@brygga/database';
import { logStartFailure, nestLogger } from '@brygga/observability';
import { ENTITIES, MIGRATIONS } from '../entities';

async function main(): Promise<void> {
  // Only the two database settings: the Job needs no IdP or session secret.
  const env = withFileSecrets(process.env);
  const [url, ownerUrl] = (['DATABASE_URL', 'DATABASE_OWNER_URL'] as const).map((name) => {
    const value = env[name];
    if (!value) throw new ConfigError(`${name} is required`);
    urlSetting(name, value, ['postgres:', 'postgresql:'], { secret: true });
    return value;
  });
  // JSON lines, as the api writes them (a Job's log goes to the same collector).
  Logger.overrideLogger(nestLogger({ nodeEnv: 'production', observability: { logLevel: 'info' } as AppConfig['observability'] }));
  const logger = new Logger('Migrate');
  const owner = new DataSource(dataSourceOptions({ url: ownerUrl, entities: ENTITIES, migrations: MIGRATIONS, poolSize: 2 }));
  await owner.initialize();
  try {
    const applied = await runMigrations(owner, url);
    logger.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'No migration pending');
    logger.log(`Installation ${await installationId((sql, params) => owner.query(sql, params))}`);
  } finally {
    await owner.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    logStartFailure(error);
    process.exit(1);
  },
);
