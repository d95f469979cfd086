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
  /** Load the demo directory on first start. */
  seedDemo: boolean;
  /** Test-only header authentication; refused when nodeEnv is production. */
  testAuth: boolean;
  /** Value for Express "trust proxy" (hops or subnet list), so the access log gets the real client. */
  trustProxy: string | number | boolean;
  maxBodyBytes: number;
}

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
  const testAuth = bool('BRYGGA_TEST_AUTH', env.BRYGGA_TEST_AUTH, false);
  if (testAuth && nodeEnv === 'production') {
    throw new ConfigError('BRYGGA_TEST_AUTH cannot be enabled when NODE_ENV=production');
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  const trustRaw = env.TRUST_PROXY ?? 'loopback';
  const trustProxy = /^\d+$/.test(trustRaw) ? Number(trustRaw) : trustRaw === 'false' ? false : trustRaw;
  return {
    nodeEnv,
    port: int('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.BRYGGA_DATA_DIR || '.data'),
    seedDemo: bool('BRYGGA_SEED_DEMO', env.BRYGGA_SEED_DEMO, true),
    testAuth,
    trustProxy,
    maxBodyBytes: int('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 256 * 1024, 1024, 16 * 1024 * 1024),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
