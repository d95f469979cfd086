import { Logger } from '@nestjs/common';
import { loadConfig } from '@brygga/common';
import { EmbeddedPostgres } from '@brygga/database';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const started = Date.now();
  const logger = new Logger('Brygga');
  const config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = new EmbeddedPostgres({ dataDir: config.dataDir });
    await embedded.start();
    databaseUrl = await embedded.ensureDatabase('brygga');
  }
  const app = await createApp(config, databaseUrl).catch(async (error: unknown) => {
    await embedded?.stop();
    throw error;
  });
  // Close Nest first (its shutdown hooks, the pool), then the embedded server.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app
        .close()
        .then(() => embedded?.stop())
        .then(() => process.exit(0));
    });
  }
  await app.listen(config.port, config.host);
  logger.log(`Brygga is running on http://localhost:${config.port} (started in ${Date.now() - started} ms)`);
  if (embedded) logger.log(`Embedded PostgreSQL data folder: ${embedded.clusterDir}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
