import { resolve } from 'node:path';

export type NodeEnv = 'development' | 'test' | 'production';

/**
 * The one place that reads process.env. Validated once at start-up; a wrong value stops the
 * server with a message instead of surfacing later as odd behaviour.
 */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  /** Unset: start the embedded PostgreSQL under dataDir. Sensitive: never log it. */
  databaseUrl?: string;
  dataDir: string;
  /** Fixed port for the embedded server (default: any free port), so a second node can share it. */
  embeddedPgPort?: number;
  /** Load the demo directory on first start. */
  seedDemo: boolean;
  /** Where browsers reach the api; the OIDC redirect URI is derived from it. */
  publicUrl: string;
  /** Origins whose pages may open a WebSocket (cross-site WebSocket hijacking is refused). */
  webOrigins: string[];
  /** Unset: socket.io nodes share events through PostgreSQL LISTEN/NOTIFY. */
  redisUrl?: string;
  oidc: OidcConfig;
  session: { idleSeconds: number; absoluteSeconds: number; secret?: string };
  /** Value for Express "trust proxy" (hops or subnet list), so the access log gets the real client. */
  trustProxy: string | number | boolean;
  maxBodyBytes: number;
}

export interface OidcConfig {
  /** Unset: start the development IdP (never in production). */
  issuer?: string;
  clientId: string;
  /** Sensitive: never log it. */
  clientSecret?: string;
  /** Levels of assurance accepted in the ID token's acr, compared exactly. */
  acceptedAcr: string[];
  devIdpPort: number;
}

export const DEFAULT_ACCEPTED_ACR = [
  'http://id.elegnamnden.se/loa/1.0/loa3',
  'http://id.elegnamnden.se/loa/1.0/loa4',
  'http://id.sambi.se/loa/loa3',
];

export class ConfigError extends Error {}

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as NodeEnv;
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV must be development, test or production');
  }
  const issuer = env.OIDC_ISSUER || undefined;
  if (!issuer && nodeEnv === 'production') throw new ConfigError('OIDC_ISSUER is required when NODE_ENV=production');
  if (issuer && !env.OIDC_CLIENT_SECRET) throw new ConfigError('OIDC_CLIENT_SECRET is required with OIDC_ISSUER');
  if (nodeEnv === 'production' && !env.SESSION_SECRET) throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production');
  const port = int('PORT', env.PORT, 3000, 0, 65535);
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\//.test(publicUrl)) throw new ConfigError('PUBLIC_URL must be an http(s) URL');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  const trustRaw = env.TRUST_PROXY ?? 'loopback';
  const trustProxy = /^\d+$/.test(trustRaw) ? Number(trustRaw) : trustRaw === 'false' ? false : trustRaw;
  return {
    nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.BRYGGA_DATA_DIR || '.data'),
    embeddedPgPort: env.EMBEDDED_PG_PORT ? int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 0, 1, 65535) : undefined,
    seedDemo: bool('BRYGGA_SEED_DEMO', env.BRYGGA_SEED_DEMO, true),
    publicUrl,
    webOrigins: (env.WEB_ORIGINS ? env.WEB_ORIGINS.split(',') : [publicUrl]).map((o) => new URL(o.trim()).origin),
    redisUrl: env.REDIS_URL || undefined,
    oidc: {
      issuer,
      clientId: env.OIDC_CLIENT_ID || 'brygga-dev',
      clientSecret: env.OIDC_CLIENT_SECRET || undefined,
      acceptedAcr: env.OIDC_ACCEPTED_ACR ? env.OIDC_ACCEPTED_ACR.split(',').map((v) => v.trim()).filter(Boolean) : DEFAULT_ACCEPTED_ACR,
      devIdpPort: int('DEV_IDP_PORT', env.DEV_IDP_PORT, 3001, 0, 65535),
    },
    session: {
      idleSeconds: int('SESSION_IDLE_SECONDS', env.SESSION_IDLE_SECONDS, 30 * 60, 1, 24 * 3600),
      absoluteSeconds: int('SESSION_ABSOLUTE_SECONDS', env.SESSION_ABSOLUTE_SECONDS, 12 * 3600, 1, 7 * 24 * 3600),
      secret: env.SESSION_SECRET || undefined,
    },
    trustProxy,
    maxBodyBytes: int('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 256 * 1024, 1024, 16 * 1024 * 1024),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
