import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EMBEDDED_DATABASE, HealthRegistry, listenNamed, listenWithBacklog, loadConfig, type AppConfig } from '@brygga/common';
import { assertDatabaseReachable, EmbeddedPostgres } from '@brygga/database';
import { DataSource } from 'typeorm';
import { registerSystemClient } from '@brygga/auth';
import { DEMO_SEED } from '@brygga/directory';
import { logStartFailure, nestLogger } from '@brygga/observability';
import type { DevIdp } from '../../idp/src';
import { createApp } from './bootstrap';
import { stopOnSignals } from './shutdown';
import { devIdpBanner } from './dev-idp-banner';

/**
 * System clients of the development IdP, for trying FHIR messaging (docs/fhir.md). Their secret
 * is fixed and public: no weaker than the development IdP itself, which lets anyone log in as anyone.
 */
const DEV_SYSTEM_SECRET = 'dev-system-secret';
const DEV_SYSTEMS = [
  { clientId: 'dev-visby-med4', unitKey: 'visby-med4', name: 'Journalsystem Medicinavdelning 4' },
  { clientId: 'dev-sof', unitKey: 'sof-mottagning', name: 'Verksamhetssystem SOF' },
];

async function registerDevSystems(dataSource: DataSource): Promise<void> {
  for (const system of DEV_SYSTEMS) {
    const [unit]: { id: string }[] = await dataSource.query('SELECT id FROM unit WHERE key = $1', [system.unitKey]);
    if (unit) await registerSystemClient(dataSource.manager, { clientId: system.clientId, name: system.name, unitId: unit.id });
  }
}

/** With no OIDC_ISSUER, on a loopback HOST or with BRYGGA_DEV_IDP=on (never in production: config.devIdp). */
async function startDevIdp(config: AppConfig, logger: Logger): Promise<DevIdp> {
  // Loaded only here: the container image has neither the development IdP nor oidc-provider.
  const { DevIdp, identitiesFromSeed } = await import('../../idp/src/index.js');
  // A fixed OIDC_CLIENT_SECRET lets a second local node use this IdP too (docs/operations.md: several api nodes).
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
    systems: {
      audience: config.fhir.audience,
      clients: DEV_SYSTEMS.map((s) => ({ clientId: s.clientId, clientSecret: DEV_SYSTEM_SECRET })),
    },
  });
  await listenNamed({ port: 'DEV_IDP_PORT', host: 'DEV_IDP_PORT' }, '127.0.0.1', config.oidc.devIdpPort, () =>
    idp.listen(config.oidc.devIdpPort, '127.0.0.1'),
  );
  config.oidc.issuer = idp.issuer;
  config.oidc.clientSecret = clientSecret;
  logger.log(`Development IdP (test BankID and SITHS identities) on ${idp.issuer}`);
  devIdpBanner(config).forEach((line) => logger.warn(line));
  return idp;
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  // JSON from the first line when no person watches (libs/observability), not only once the app is built.
  Logger.overrideLogger(nestLogger(config));
  const logger = new Logger('Brygga');
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  // Whatever fails (a port taken by the IdP, the api or metrics, the database) stops what this
  // start began, so the next start finds no embedded PostgreSQL still running.
  let idp: Awaited<ReturnType<typeof startDevIdp>> | undefined;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    if (databaseUrl) await assertDatabaseReachable(databaseUrl);
    else {
      embedded = new EmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPgPort,
        giveUpAfterMs: config.embeddedPgGiveUpSeconds * 1000,
        statementStatistics: config.embeddedPgStatements,
      });
      await embedded.start();
      // The app connects as its own role; migrations run as the owner role (docs/operations.md: Database roles).
      ({ url: databaseUrl, ownerUrl: config.databaseOwnerUrl } = await embedded.prepareApplicationDatabase('brygga'));
    }
    idp = config.devIdp ? await startDevIdp(config, logger) : undefined;
    app = await createApp(config, databaseUrl);
    // The server is restarted when it dies (EmbeddedPostgres.supervise); liveness fails when it cannot come back.
    const supervised = embedded;
    if (supervised) {
      const health = app.get(HealthRegistry);
      supervised.onState((state) => health.set(EMBEDDED_DATABASE, state));
    }
    const server = app;
    await listenNamed({ port: 'PORT', host: 'HOST' }, config.host, config.port, () => listenWithBacklog(server, config.port, config.host));
  } catch (error) {
    await app?.close().catch(() => undefined);
    await idp?.close();
    await embedded?.stop();
    throw error;
  }
  stopOnSignals(app, {
    graceMs: config.shutdownGraceMs,
    logger,
    after: async () => {
      await idp?.close();
      await embedded?.stop();
    },
  });
  if (idp && config.seedDemo) await registerDevSystems(app.get(DataSource));
  logger.log(`Brygga is running on ${config.publicUrl} (started in ${Date.now() - started} ms)`);
  logger.log(`Log in: ${config.publicUrl}/auth/login?idp=bankid or ?idp=siths`);
  if (embedded) logger.log(`Embedded PostgreSQL data folder: ${embedded.clusterDir}`);
}

main().catch((error: unknown) => {
  logStartFailure(error);
  process.exit(1);
});
