import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '@brygga/common';
import { EmbeddedPostgres } from '@brygga/database';
import { DEMO_SEED } from '@brygga/directory';
import { DevIdp, identitiesFromSeed } from '../../idp/src';
import { createApp } from './bootstrap';

/** With no OIDC_ISSUER (never in production), the development IdP runs beside the api. */
async function startDevIdp(config: AppConfig, logger: Logger): Promise<DevIdp> {
  // A fixed OIDC_CLIENT_SECRET lets a second local node use this IdP too (README: two nodes).
  const clientSecret = config.oidc.clientSecret ?? randomBytes(24).toString('base64url');
  const idp = new DevIdp({
    issuer: `http://localhost:${config.oidc.devIdpPort}`,
    clients: [
      {
        clientId: config.oidc.clientId,
        clientSecret,
        redirectUris: [`${config.publicUrl}/auth/callback`],
        postLogoutRedirectUris: [`${config.publicUrl}/`],
      },
    ],
    identities: identitiesFromSeed(DEMO_SEED),
  });
  await idp.listen(config.oidc.devIdpPort, '127.0.0.1');
  config.oidc.issuer = idp.issuer;
  config.oidc.clientSecret = clientSecret;
  logger.log(`Development IdP (test BankID and SITHS identities) on ${idp.issuer}`);
  return idp;
}

async function main(): Promise<void> {
  const started = Date.now();
  const logger = new Logger('Brygga');
  const config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = new EmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    await embedded.start();
    databaseUrl = await embedded.ensureDatabase('brygga');
  }
  const idp = config.oidc.issuer ? undefined : await startDevIdp(config, logger);
  const app = await createApp(config, databaseUrl).catch(async (error: unknown) => {
    await idp?.close();
    await embedded?.stop();
    throw error;
  });
  // Close Nest first (its shutdown hooks, the pool), then the IdP and the embedded server.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app
        .close()
        .then(() => idp?.close())
        .then(() => embedded?.stop())
        .then(() => process.exit(0));
    });
  }
  await app.listen(config.port, config.host);
  logger.log(`Brygga is running on ${config.publicUrl} (started in ${Date.now() - started} ms)`);
  logger.log(`Log in: ${config.publicUrl}/auth/login?idp=bankid or ?idp=siths`);
  if (embedded) logger.log(`Embedded PostgreSQL data folder: ${embedded.clusterDir}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
