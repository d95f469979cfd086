import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileTrust } from './client-address';

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
  /** The owner role's URL for migrations and grants (DATABASE_OWNER_URL). Sensitive: never log it. */
  databaseOwnerUrl?: string;
  dataDir: string;
  /** Fixed port for the embedded server (default: any free port), so a second node can share it. */
  embeddedPgPort?: number;
  /** How long a crashed embedded PostgreSQL is started again before liveness fails (EMBEDDED_PG_GIVE_UP_SECONDS). */
  embeddedPgGiveUpSeconds: number;
  /** Load pg_stat_statements into the embedded server (EMBEDDED_PG_STATEMENTS): for profiling, e.g. the bench. */
  embeddedPgStatements: boolean;
  /** Load the demo directory on first start. */
  seedDemo: boolean;
  /** Where browsers reach the api; the OIDC redirect URI is derived from it. */
  publicUrl: string;
  /** Origins whose pages may open a WebSocket (cross-site WebSocket hijacking is refused). */
  webOrigins: string[];
  /** Unset: socket.io nodes share events through PostgreSQL LISTEN/NOTIFY. */
  redisUrl?: string;
  /** Bounds on every wait for the database (docs/operations.md: Timeouts). */
  databaseLimits: DatabaseLimits;
  /**
   * Group commit of posts (libs/threads PostQueue): post transactions at once before posts wait to
   * go together, posts in one transaction at most, and after how long a busy one stops counting.
   */
  postBatch: { lanes: number; size: number; stallMs: number };
  /** Sockets one session and one user may hold open on a node (more: refused with a reason). */
  /** Sockets per session and per user; actions per second one user may send over their sockets on a node. */
  socketLimits: { perSession: number; perUser: number; userActionsPerSecond: number };
  oidc: OidcConfig;
  /**
   * Run the development IdP (anyone logs in as anyone by clicking). Only without OIDC_ISSUER, never
   * in production, and only on a loopback HOST unless BRYGGA_DEV_IDP=on says so explicitly.
   */
  devIdp: boolean;
  session: { idleSeconds: number; absoluteSeconds: number; secret?: string };
  /**
   * How long a node may reuse a session and its user's memberships between requests (0: read
   * them on every request). Changes reach every node's cache at once (libs/database
   * cache-invalidation); the time only bounds how long a node trusts a quiet channel.
   */
  authCacheSeconds: number;
  /**
   * Which proxies may name the client in X-Forwarded-For (proxy-addr syntax: hops, addresses,
   * subnets, `loopback`…). Default false: nobody, so a local process cannot forge the address.
   */
  trustProxy: string | number | boolean;
  maxBodyBytes: number;
  /** On SIGTERM/SIGINT: how long requests in flight may take before their connections are closed. */
  shutdownGraceMs: number;
  audit: AuditConfig;
  /** Requests per minute per client address on the anonymous /auth routes. */
  authRateLimitPerMinute: number;
  /** Requests per minute per logged-in user on the authenticated REST routes (per node). */
  apiRateLimitPerMinute: number;
  /** The discharge law's clock: a built-in region's rules, or a rules file of one's own (libs/deadlines). */
  deadlineRules: { region: string; file?: string };
  /** How often the warnings job (Bevakning) runs; 0: never (tests run it by hand). */
  bevakningIntervalSeconds: number;
  /**
   * The length of a work shift (OFFLINE_SHIFT_HOURS, 12): the oldest time of an act a write made
   * offline may carry (observedAt), and how long a phone keeps its offline copy (docs/offline.md).
   */
  offlineShiftHours: number;
  /** Metrics listener and log level (libs/observability). */
  observability: ObservabilityConfig;
  attachments: AttachmentsConfig;
  /** FHIR messaging with hospital and municipal systems (libs/fhir). */
  fhir: FhirConfig;
  /** Web Push and e-mail nudges (libs/notifications). */
  notifications: NotificationsConfig;
}

/** Web Push (VAPID) and the optional e-mail nudge (docs/notifications.md). */
export interface NotificationsConfig {
  /** Both or neither; unset: a key pair generated once and kept in the database. */
  vapidPublicKey?: string;
  vapidPrivateKey?: string;
  /** Who runs this server, for the push services (an https: URL or a mailto: address). */
  vapidSubject: string;
  /** Hosts a push endpoint may point at (a name matches itself and its subdomains): the browsers' push services. */
  pushHosts: string[];
  /** A PEM file of extra certificate authorities trusted for the push services (an internal relay; tests). */
  pushCaFile?: string;
  /** SMTP server for the e-mail nudge (smtp:// or smtps://, credentials in the URL); unset: no e-mail. Sensitive. */
  smtpUrl?: string;
  smtpFrom: string;
  /** At most one e-mail per user in this many minutes. */
  emailIntervalMinutes: number;
}

/** The push services of the browsers that install Brygga (Chrome/Edge, Firefox, Safari, Windows). */
export const DEFAULT_PUSH_HOSTS = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  'push.services.mozilla.com',
  'web.push.apple.com',
  'notify.windows.com',
];

/**
 * The app's pool and the timeouts set on each of its connections: no wait for a lock, a
 * statement, an idle transaction or a free connection can pile up (issue 30).
 */
export interface DatabaseLimits {
  poolSize: number;
  /** How long a request waits for a free pool connection before it answers 503. */
  poolAcquireTimeoutMs: number;
  /** PostgreSQL statement_timeout: a statement running longer is cancelled. */
  statementTimeoutMs: number;
  /** PostgreSQL lock_timeout: a wait for a row, table or advisory lock longer than this fails. */
  lockTimeoutMs: number;
  /** PostgreSQL idle_in_transaction_session_timeout: a transaction left open this long without a statement is ended. */
  idleInTransactionTimeoutMs: number;
}

/** FHIR R4 messaging (libs/fhir). */
export interface FhirConfig {
  /** Whose identifier systems a deployment accepts: Swedish (se) or Danish (dk, as in MedCom's examples). */
  identifierCountry: 'se' | 'dk';
  /** Issuer of system clients' access tokens (client credentials); default OIDC_ISSUER. */
  tokenIssuer?: string;
  /** The audience (resource indicator) those tokens must name. */
  audience: string;
  /** Largest accepted FHIR message (larger: 413). */
  maxBodyBytes: number;
  /** Export: wait before a retry, and how many retries after the first attempt. */
  retrySeconds: number;
  maxRetries: number;
  /** Export: how long one attempt may wait for the receiver's answer. */
  sendTimeoutSeconds: number;
  /** How often the outbox looks for due messages (0: only when a message is posted). */
  outboxPollSeconds: number;
  /** Whether this node sends the outbox at all (FHIR_OUTBOX_SEND=false: another node does). */
  outboxSend: boolean;
}

export interface ObservabilityConfig {
  /** The metrics listener, apart from the api's port; port 0: any free port (tests). */
  metricsHost: string;
  metricsPort: number;
  /** Addresses and subnets (proxy-addr syntax, e.g. `loopback`, `10.0.0.0/8`) that may scrape; others get 403. */
  metricsAllow: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
}

/** Files attached to messages (libs/attachments). */
export interface AttachmentsConfig {
  maxFileBytes: number;
  maxFilesPerMessage: number;
  /** tcp://host:port of ClamAV's clamd; unset: files are not scanned (docs/attachments.md and the web client say so). */
  clamdUrl?: { host: string; port: number };
  /** How often attachments that wait for a scan (clamd was down) are scanned again; 0: never (tests run it by hand). */
  rescanSeconds: number;
  /** How often a node looks for stored bytes that no attachment names (left by a crash) and for expired uploads; 0: never. */
  sweepSeconds: number;
  /** An upload not sent with a message within this many hours is removed by the sweep (ATTACHMENT_PENDING_HOURS, 24). */
  pendingHours: number;
  /** Bytes one user may hold in uploads not yet sent (ATTACHMENT_PENDING_QUOTA_BYTES; default: one full message's files). */
  pendingQuotaBytes: number;
  /**
   * ATTACHMENT_SCANNING=off: run without a scanner on purpose. Under NODE_ENV=production a start
   * without CLAMD_URL is refused unless this is said (and then warned about on every start).
   */
  scanningOff: boolean;
  /** Unset: files are stored in PostgreSQL. Sensitive: the secret is never logged. */
  s3?: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
}

function clamdUrl(raw: string | undefined): AttachmentsConfig['clamdUrl'] {
  if (!raw) return undefined;
  const match = /^tcp:\/\/([^:/]+|\[[0-9a-f:]+\]):(\d{1,5})\/?$/i.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) throw new ConfigError('CLAMD_URL must look like tcp://host:port');
  return { host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

function attachmentsConfig(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): AttachmentsConfig {
  const scanning = env.ATTACHMENT_SCANNING || 'on';
  if (scanning !== 'on' && scanning !== 'off') throw new ConfigError('ATTACHMENT_SCANNING must be on or off');
  if (scanning === 'off' && env.CLAMD_URL) throw new ConfigError('ATTACHMENT_SCANNING=off cannot be combined with CLAMD_URL');
  if (nodeEnv === 'production' && !env.CLAMD_URL && scanning !== 'off') {
    throw new ConfigError(
      'CLAMD_URL is required when NODE_ENV=production: uploaded files must be scanned for malware. Set ATTACHMENT_SCANNING=off to run without a scanner on purpose.',
    );
  }
  const maxFileBytes = int('ATTACHMENT_MAX_FILE_BYTES', env.ATTACHMENT_MAX_FILE_BYTES, 20 * 1024 * 1024, 1, 1024 * 1024 * 1024);
  const maxFilesPerMessage = int('ATTACHMENT_MAX_FILES', env.ATTACHMENT_MAX_FILES, 5, 1, 50);
  const endpoint = env.ATTACHMENT_S3_ENDPOINT ? httpUrl('ATTACHMENT_S3_ENDPOINT', env.ATTACHMENT_S3_ENDPOINT) : undefined;
  if (endpoint && !env.ATTACHMENT_S3_BUCKET) throw new ConfigError('ATTACHMENT_S3_ENDPOINT needs ATTACHMENT_S3_BUCKET');
  return {
    maxFileBytes,
    maxFilesPerMessage,
    clamdUrl: clamdUrl(env.CLAMD_URL),
    scanningOff: scanning === 'off',
    pendingHours: int('ATTACHMENT_PENDING_HOURS', env.ATTACHMENT_PENDING_HOURS, 24, 1, 30 * 24),
    pendingQuotaBytes: int(
      'ATTACHMENT_PENDING_QUOTA_BYTES',
      env.ATTACHMENT_PENDING_QUOTA_BYTES,
      maxFileBytes * maxFilesPerMessage,
      1,
      64 * 1024 * 1024 * 1024,
    ),
    rescanSeconds: int('ATTACHMENT_RESCAN_SECONDS', env.ATTACHMENT_RESCAN_SECONDS, 60, 0, 24 * 3600),
    sweepSeconds: int('ATTACHMENT_SWEEP_SECONDS', env.ATTACHMENT_SWEEP_SECONDS, 3600, 0, 7 * 24 * 3600),
    s3: env.ATTACHMENT_S3_BUCKET
      ? {
          bucket: env.ATTACHMENT_S3_BUCKET,
          endpoint,
          region: env.ATTACHMENT_S3_REGION || 'eu-north-1',
          accessKeyId: env.ATTACHMENT_S3_ACCESS_KEY_ID || undefined,
          secretAccessKey: env.ATTACHMENT_S3_SECRET_ACCESS_KEY || undefined,
          forcePathStyle: bool('ATTACHMENT_S3_FORCE_PATH_STYLE', env.ATTACHMENT_S3_FORCE_PATH_STYLE, Boolean(endpoint)),
        }
      : undefined,
  };
}

/** The access log's key and signed checkpoints, kept outside the database. */
export interface AuditConfig {
  /** File with the secret that keys the chain and signs checkpoints (created 0600 if missing). */
  keyFile: string;
  /** Append-only JSONL file of signed checkpoints. */
  checkpointFile: string;
  checkpointSeconds: number;
  /** Readiness fails when a committed row has waited this long for its link (the sealer is stuck or kept from its lock). */
  unsealedStaleSeconds: number;
  /** Optional external notary that receives every checkpoint as a JSON POST. */
  notaryUrl?: string;
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

/** Secrets that may come from a file instead (`NAME_FILE`: Docker and Kubernetes secrets mounted as files). */
export const FILE_SECRETS = [
  'DATABASE_URL',
  'DATABASE_OWNER_URL',
  'OIDC_CLIENT_SECRET',
  'SESSION_SECRET',
  'REDIS_URL',
  'ATTACHMENT_S3_ACCESS_KEY_ID',
  'ATTACHMENT_S3_SECRET_ACCESS_KEY',
  'VAPID_PRIVATE_KEY',
  'SMTP_URL',
] as const;

/** The environment with every `NAME_FILE` read into `NAME` (trailing newline trimmed). */
export function withFileSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result = { ...env };
  for (const name of FILE_SECRETS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new ConfigError(`Set ${name} or ${name}_FILE, not both`);
    try {
      result[name] = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`${name}_FILE: cannot read ${file} (${(error as { code?: string }).code ?? String(error)})`);
    }
    if (!result[name]) throw new ConfigError(`${name}_FILE: ${file} is empty`);
  }
  return result;
}

/**
 * A URL setting, parsed here so that a typo names its variable ("WEB_ORIGINS: "foo" is not a URL")
 * instead of surfacing as a bare "Invalid URL". The value of a secret setting is never repeated.
 */
export function urlSetting(name: string, raw: string, protocols: string[], options: { secret?: boolean; example?: string } = {}): URL {
  const value = raw.trim();
  const shown = options.secret ? '' : ` "${value}"`;
  const schemes = protocols.map((p) => `${p}//`).join(' or ');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name}${shown} is not a URL: expected ${schemes}${options.example ? `, such as ${options.example}` : ''}`);
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(`${name}${shown} must start with ${schemes}`);
  return url;
}

/** Checked, and returned as written: an issuer is compared as a string, so it is not normalised. */
function httpUrl(name: string, raw: string): string {
  urlSetting(name, raw, ['http:', 'https:'], { example: 'https://brygga.region.se' });
  return raw.trim();
}

/** 127.0.0.0/8, ::1 and localhost: reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** BRYGGA_DEV_IDP: on (explicit), off, or unset (automatic: only on loopback). */
function devIdpWanted(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv, issuer: string | undefined, host: string): boolean {
  const raw = env.BRYGGA_DEV_IDP || 'auto';
  if (!['on', 'off', 'auto'].includes(raw)) throw new ConfigError('BRYGGA_DEV_IDP must be on, off or auto');
  if (issuer) {
    if (raw === 'on') throw new ConfigError('BRYGGA_DEV_IDP=on cannot be combined with OIDC_ISSUER');
    return false;
  }
  if (nodeEnv === 'production') throw new ConfigError('OIDC_ISSUER is required when NODE_ENV=production');
  if (raw === 'off') throw new ConfigError('OIDC_ISSUER is required when BRYGGA_DEV_IDP=off');
  if (raw === 'auto' && !isLoopbackHost(host)) {
    throw new ConfigError(
      `OIDC_ISSUER is required when HOST (${host}) is not a loopback address: the development IdP lets anyone log in as anyone. Set BRYGGA_DEV_IDP=on to run it there anyway.`,
    );
  }
  return true;
}

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

export function loadConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = withFileSecrets(raw);
  const nodeEnv = (env.NODE_ENV ?? 'development') as NodeEnv;
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV must be development, test or production');
  }
  const production = nodeEnv === 'production';
  const issuer = env.OIDC_ISSUER ? httpUrl('OIDC_ISSUER', env.OIDC_ISSUER) : undefined;
  // openid-client talks to an http:// issuer only with allowInsecureRequests, never in production:
  // such a node would start and nobody could log in.
  if (production && issuer?.startsWith('http:')) throw new ConfigError('OIDC_ISSUER must be an https:// URL when NODE_ENV=production');
  if (issuer && !env.OIDC_CLIENT_SECRET) throw new ConfigError('OIDC_CLIENT_SECRET is required with OIDC_ISSUER');
  if (production && !env.SESSION_SECRET) throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production');
  const port = int('PORT', env.PORT, 3000, 0, 65535);
  const publicUrl = (env.PUBLIC_URL ? httpUrl('PUBLIC_URL', env.PUBLIC_URL) : `http://localhost:${port}`).replace(/\/$/, '');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl) urlSetting('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'], { secret: true });
  // The embedded PostgreSQL and its demo data are for a developer's machine: a production node
  // whose DATABASE_URL went missing must not start empty with demo users.
  if (production && !databaseUrl) throw new ConfigError('DATABASE_URL is required when NODE_ENV=production (no embedded database there)');
  const databaseOwnerUrl = env.DATABASE_OWNER_URL || undefined;
  if (databaseOwnerUrl) {
    if (!databaseUrl) throw new ConfigError('DATABASE_OWNER_URL needs DATABASE_URL');
    urlSetting('DATABASE_OWNER_URL', databaseOwnerUrl, ['postgres:', 'postgresql:'], { secret: true });
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl) urlSetting('REDIS_URL', redisUrl, ['redis:', 'rediss:'], { secret: true });
  const notaryUrl = env.AUDIT_NOTARY_URL ? httpUrl('AUDIT_NOTARY_URL', env.AUDIT_NOTARY_URL) : undefined;
  const seedDemo = bool('BRYGGA_SEED_DEMO', env.BRYGGA_SEED_DEMO, !production);
  if (production && seedDemo) throw new ConfigError('BRYGGA_SEED_DEMO must be false when NODE_ENV=production (demo users and patients)');
  const webOrigins = (env.WEB_ORIGINS ? env.WEB_ORIGINS.split(',') : [publicUrl]).map(
    (o) => urlSetting('WEB_ORIGINS', o, ['http:', 'https:'], { example: 'https://brygga.region.se' }).origin,
  );
  const dataDir = resolve(env.BRYGGA_DATA_DIR || '.data');
  const host = env.HOST || '127.0.0.1';
  const trustRaw = env.TRUST_PROXY || 'false';
  const trustProxy = /^\d+$/.test(trustRaw) ? Number(trustRaw) : trustRaw === 'false' ? false : trustRaw === 'true' ? true : trustRaw;
  try {
    compileTrust(trustProxy);
  } catch {
    // Found now, not as a 500 on the first request.
    throw new ConfigError(
      'TRUST_PROXY must be a hop count, true, false, or comma-separated addresses, subnets, loopback, linklocal or uniquelocal',
    );
  }
  const metricsAllow = env.METRICS_ALLOW || 'loopback';
  try {
    compileTrust(metricsAllow);
  } catch {
    throw new ConfigError('METRICS_ALLOW must be comma-separated addresses, subnets, loopback, linklocal or uniquelocal');
  }
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug'].includes(logLevel))
    throw new ConfigError('LOG_LEVEL must be fatal, error, warn, info or debug');
  const devIdp = devIdpWanted(env, nodeEnv, issuer, host);
  const ports = {
    PORT: port,
    METRICS_PORT: int('METRICS_PORT', env.METRICS_PORT, nodeEnv === 'test' ? 0 : 9464, 0, 65535),
    DEV_IDP_PORT: int('DEV_IDP_PORT', env.DEV_IDP_PORT, 3001, 0, 65535),
    EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT ? int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 0, 1, 65535) : undefined,
  };
  distinctPorts({ ...ports, DEV_IDP_PORT: devIdp ? ports.DEV_IDP_PORT : undefined });
  return {
    nodeEnv,
    port,
    host,
    databaseUrl,
    databaseOwnerUrl,
    dataDir,
    embeddedPgPort: ports.EMBEDDED_PG_PORT,
    embeddedPgGiveUpSeconds: int('EMBEDDED_PG_GIVE_UP_SECONDS', env.EMBEDDED_PG_GIVE_UP_SECONDS, 300, 1, 86_400),
    embeddedPgStatements: bool('EMBEDDED_PG_STATEMENTS', env.EMBEDDED_PG_STATEMENTS, false),
    seedDemo,
    publicUrl,
    webOrigins,
    redisUrl,
    databaseLimits: {
      poolSize: int('DB_POOL_SIZE', env.DB_POOL_SIZE, 20, 2, 500),
      poolAcquireTimeoutMs: int('DB_POOL_ACQUIRE_TIMEOUT_MS', env.DB_POOL_ACQUIRE_TIMEOUT_MS, 5000, 100, 120_000),
      statementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', env.DB_STATEMENT_TIMEOUT_MS, 15_000, 100, 3_600_000),
      lockTimeoutMs: int('DB_LOCK_TIMEOUT_MS', env.DB_LOCK_TIMEOUT_MS, 3000, 50, 600_000),
      idleInTransactionTimeoutMs: int('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, 30_000, 1000, 3_600_000),
    },
    postBatch: {
      lanes: int('POST_LANES', env.POST_LANES, 2, 1, 100),
      size: int('POST_BATCH_SIZE', env.POST_BATCH_SIZE, 16, 1, 100),
      stallMs: int('POST_LANE_STALL_MS', env.POST_LANE_STALL_MS, 100, 1, 600_000),
    },
    socketLimits: {
      perSession: int('SOCKETS_PER_SESSION', env.SOCKETS_PER_SESSION, 10, 1, 100_000),
      perUser: int('SOCKETS_PER_USER', env.SOCKETS_PER_USER, 30, 1, 100_000),
      userActionsPerSecond: int('SOCKET_ACTIONS_PER_SECOND', env.SOCKET_ACTIONS_PER_SECOND, 50, 1, 1_000_000),
    },
    oidc: {
      issuer,
      clientId: env.OIDC_CLIENT_ID || 'brygga-dev',
      clientSecret: env.OIDC_CLIENT_SECRET || undefined,
      acceptedAcr: env.OIDC_ACCEPTED_ACR
        ? env.OIDC_ACCEPTED_ACR.split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : DEFAULT_ACCEPTED_ACR,
      devIdpPort: ports.DEV_IDP_PORT,
    },
    devIdp,
    session: {
      idleSeconds: int('SESSION_IDLE_SECONDS', env.SESSION_IDLE_SECONDS, 30 * 60, 1, 24 * 3600),
      absoluteSeconds: int('SESSION_ABSOLUTE_SECONDS', env.SESSION_ABSOLUTE_SECONDS, 12 * 3600, 1, 7 * 24 * 3600),
      secret: env.SESSION_SECRET || undefined,
    },
    authCacheSeconds: int('AUTH_CACHE_SECONDS', env.AUTH_CACHE_SECONDS, 5, 0, 60),
    trustProxy,
    maxBodyBytes: int('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 256 * 1024, 1024, 16 * 1024 * 1024),
    shutdownGraceMs: int('BRYGGA_SHUTDOWN_GRACE_MS', env.BRYGGA_SHUTDOWN_GRACE_MS, 10_000, 0, 600_000),
    audit: {
      keyFile: resolve(env.AUDIT_KEY_FILE || resolve(dataDir, 'audit-key')),
      checkpointFile: resolve(env.AUDIT_CHECKPOINT_FILE || resolve(dataDir, 'audit-checkpoints.jsonl')),
      checkpointSeconds: int('AUDIT_CHECKPOINT_SECONDS', env.AUDIT_CHECKPOINT_SECONDS, 60, 1, 60),
      unsealedStaleSeconds: int('AUDIT_UNSEALED_STALE_SECONDS', env.AUDIT_UNSEALED_STALE_SECONDS, 30, 1, 3600),
      notaryUrl,
    },
    authRateLimitPerMinute: int('AUTH_RATE_LIMIT_PER_MINUTE', env.AUTH_RATE_LIMIT_PER_MINUTE, 60, 1, 100_000),
    apiRateLimitPerMinute: int('API_RATE_LIMIT_PER_MINUTE', env.API_RATE_LIMIT_PER_MINUTE, 600, 1, 1_000_000),
    bevakningIntervalSeconds: int('BRYGGA_BEVAKNING_SECONDS', env.BRYGGA_BEVAKNING_SECONDS, 60, 0, 24 * 3600),
    offlineShiftHours: int('OFFLINE_SHIFT_HOURS', env.OFFLINE_SHIFT_HOURS, 12, 1, 48),
    observability: {
      metricsHost: env.METRICS_HOST || '127.0.0.1',
      metricsPort: ports.METRICS_PORT,
      metricsAllow,
      logLevel: logLevel as ObservabilityConfig['logLevel'],
    },
    attachments: attachmentsConfig(env, nodeEnv),
    fhir: fhirConfig(env, publicUrl, issuer, attachmentsConfig(env, nodeEnv).maxFileBytes),
    notifications: notificationsConfig(env, publicUrl),
    deadlineRules: { region: env.BRYGGA_REGION || 'gotland', file: env.BRYGGA_RULES_FILE ? resolve(env.BRYGGA_RULES_FILE) : undefined },
  };
}

/** Two listeners of this process (or the embedded PostgreSQL) on one port: named before anything starts. */
function distinctPorts(ports: Record<string, number | undefined>): void {
  const seen = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    if (!port) continue; // unset, or 0: any free port
    const other = seen.get(port);
    if (other) throw new ConfigError(`${name} (${port}) is the same port as ${other}: give each listener a port of its own`);
    seen.set(port, name);
  }
}

/**
 * The default largest FHIR message: one file at the attachment limit as base64 (4/3 of its bytes) in
 * its JSON message (1 MB for the rest), between 5 MB and the 64 MB ceiling. At the 5 MB it was
 * before, a 20 MB attachment (about 28 MB of JSON) could not come in over FHIR at all (issue 31).
 */
function defaultFhirBodyBytes(maxFileBytes: number): number {
  return Math.min(64 * 1024 * 1024, Math.max(5 * 1024 * 1024, Math.ceil((maxFileBytes * 4) / 3) + 1024 * 1024));
}

function fhirConfig(env: NodeJS.ProcessEnv, publicUrl: string, issuer: string | undefined, maxFileBytes: number): FhirConfig {
  const country = env.FHIR_IDENTIFIER_COUNTRY || 'se';
  if (country !== 'se' && country !== 'dk') throw new ConfigError('FHIR_IDENTIFIER_COUNTRY must be se or dk');
  const tokenIssuer = env.FHIR_TOKEN_ISSUER ? httpUrl('FHIR_TOKEN_ISSUER', env.FHIR_TOKEN_ISSUER) : issuer;
  if (env.NODE_ENV === 'production' && tokenIssuer?.startsWith('http:')) {
    throw new ConfigError('FHIR_TOKEN_ISSUER must be an https:// URL when NODE_ENV=production');
  }
  return {
    identifierCountry: country,
    tokenIssuer,
    audience: env.FHIR_AUDIENCE ? httpUrl('FHIR_AUDIENCE', env.FHIR_AUDIENCE) : `${publicUrl}/fhir`,
    maxBodyBytes: int('FHIR_MAX_BODY_BYTES', env.FHIR_MAX_BODY_BYTES, defaultFhirBodyBytes(maxFileBytes), 1024, 64 * 1024 * 1024),
    retrySeconds: int('FHIR_RETRY_SECONDS', env.FHIR_RETRY_SECONDS, 30 * 60, 1, 7 * 24 * 3600),
    maxRetries: int('FHIR_MAX_RETRIES', env.FHIR_MAX_RETRIES, 2, 0, 10),
    sendTimeoutSeconds: int('FHIR_SEND_TIMEOUT_SECONDS', env.FHIR_SEND_TIMEOUT_SECONDS, 30, 1, 600),
    outboxPollSeconds: int('FHIR_OUTBOX_POLL_SECONDS', env.FHIR_OUTBOX_POLL_SECONDS, 10, 0, 3600),
    outboxSend: bool('FHIR_OUTBOX_SEND', env.FHIR_OUTBOX_SEND, true),
  };
}

function notificationsConfig(env: NodeJS.ProcessEnv, publicUrl: string): NotificationsConfig {
  const publicKey = env.VAPID_PUBLIC_KEY || undefined;
  const privateKey = env.VAPID_PRIVATE_KEY || undefined;
  if (Boolean(publicKey) !== Boolean(privateKey)) throw new ConfigError('Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
  const host = new URL(publicUrl).hostname;
  const subject =
    env.VAPID_SUBJECT || (publicUrl.startsWith('https://') ? publicUrl : `mailto:brygga@${host.includes('.') ? host : 'brygga.invalid'}`);
  urlSetting('VAPID_SUBJECT', subject, ['https:', 'mailto:'], { example: 'mailto:drift@region.se' });
  if (env.SMTP_URL)
    urlSetting('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:'], { secret: true, example: 'smtps://user:pass@smtp.region.se' });
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  return {
    vapidPublicKey: publicKey,
    vapidPrivateKey: privateKey,
    vapidSubject: subject,
    pushHosts: env.PUSH_ENDPOINT_HOSTS
      ? env.PUSH_ENDPOINT_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean)
      : DEFAULT_PUSH_HOSTS,
    pushCaFile: env.PUSH_CA_FILE ? resolve(env.PUSH_CA_FILE) : undefined,
    smtpUrl,
    smtpFrom: env.SMTP_FROM || `Brygga <noreply@${host.includes('.') ? host : 'brygga.invalid'}>`,
    emailIntervalMinutes: int('EMAIL_INTERVAL_MINUTES', env.EMAIL_INTERVAL_MINUTES, 30, 0, 24 * 60),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
