import { DEMO_SEED } from '@brygga/directory';
import { DevIdp, identitiesFromSeed } from './dev-idp';

/** Standalone development IdP: `node dist/apps/idp/src/main.js`. Refuses to run in production. */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    console.error('dev-idp: this is a development IdP with test identities; it does not start when NODE_ENV=production.');
    process.exit(1);
  }
  const issuer = process.env.IDP_ISSUER ?? 'http://localhost:3001';
  const port = Number(process.env.IDP_PORT ?? new URL(issuer).port ?? 3001) || 3001;
  const host = process.env.IDP_HOST ?? '127.0.0.1';
  const clientId = process.env.OIDC_CLIENT_ID ?? 'brygga-dev';
  const clientSecret = process.env.OIDC_CLIENT_SECRET || 'brygga-dev-secret';
  const appUrl = (process.env.IDP_CLIENT_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');

  const idp = new DevIdp({
    issuer,
    clients: [{ clientId, clientSecret, redirectUris: [`${appUrl}/auth/callback`], postLogoutRedirectUris: [`${appUrl}/`] }],
    identities: identitiesFromSeed(DEMO_SEED),
  });
  await idp.listen(port, host);
  process.stdout.write(
    `dev-idp: development OpenID Provider ${idp.issuer} (listening on ${host}:${port}), client '${clientId}'\n` +
      `dev-idp: discovery at ${idp.issuer}/.well-known/openid-configuration\n`,
  );

  const stop = (): void => {
    idp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('dev-idp: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
