import { isLoopbackHost, type AppConfig } from '@brygga/common';

/** Printed whenever the development IdP runs: with it, anyone can log in as anyone, admin included. */
export function devIdpBanner(config: AppConfig): string[] {
  const line = '*'.repeat(78);
  return [
    line,
    '* DEVELOPMENT IdP: anyone who reaches it can log in as any test user, admin and log reviewer included.',
    isLoopbackHost(config.host)
      ? `* The api listens on ${config.host} only. Set OIDC_ISSUER for a real IdP.`
      : `* BRYGGA_DEV_IDP=on and HOST=${config.host}: reachable from other machines. Never with real patient data.`,
    line,
  ];
}
