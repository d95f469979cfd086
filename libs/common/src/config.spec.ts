import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

/** What a production node needs at least (README / docs/operations.md: Configuration). */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://brygga_app:pw@db:5432/brygga',
  OIDC_ISSUER: 'https://idp.region.se',
  OIDC_CLIENT_SECRET: 's',
  SESSION_SECRET: 'x',
  CLAMD_URL: 'tcp://clamd:3310',
};

describe('configuration', () => {
  it('has defaults that run the product with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', port: 3000, seedDemo: true, publicUrl: 'http://localhost:3000' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.oidc.issuer).toBeUndefined();
    expect(config.session).toMatchObject({ idleSeconds: 1800, absoluteSeconds: 43200 });
  });

  it('refuses production without a real IdP and a session secret: no development IdP there', () => {
    expect(() => loadConfig({ ...PRODUCTION, OIDC_ISSUER: '' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: '' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_CLIENT_SECRET/);
  });

  it('refuses in production what would start a node nobody can log in to, or one on an empty embedded database with demo users', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ nodeEnv: 'production', seedDemo: false, devIdp: false });
    expect(() => loadConfig({ ...PRODUCTION, OIDC_ISSUER: 'http://idp.region.se' })).toThrow(
      'OIDC_ISSUER must be an https:// URL when NODE_ENV=production',
    );
    expect(() => loadConfig({ ...PRODUCTION, FHIR_TOKEN_ISSUER: 'http://as.region.se' })).toThrow(/FHIR_TOKEN_ISSUER must be an https/);
    expect(() => loadConfig({ ...PRODUCTION, DATABASE_URL: '' })).toThrow(/DATABASE_URL is required when NODE_ENV=production/);
    expect(() => loadConfig({ ...PRODUCTION, BRYGGA_SEED_DEMO: 'true' })).toThrow(/BRYGGA_SEED_DEMO must be false/);
  });

  it('names the variable of every malformed URL, and never repeats a secret one', () => {
    expect(() => loadConfig({ WEB_ORIGINS: 'foo' })).toThrow(
      'WEB_ORIGINS "foo" is not a URL: expected http:// or https://, such as https://brygga.region.se',
    );
    expect(() => loadConfig({ WEB_ORIGINS: 'http://a.se, ftp://b.se' })).toThrow(
      'WEB_ORIGINS "ftp://b.se" must start with http:// or https://',
    );
    expect(() => loadConfig({ PUBLIC_URL: 'brygga.region.se' })).toThrow(/^PUBLIC_URL "brygga.region.se" is not a URL/);
    expect(() => loadConfig({ OIDC_ISSUER: 'idp', OIDC_CLIENT_SECRET: 's' })).toThrow(/^OIDC_ISSUER "idp" is not a URL/);
    expect(() => loadConfig({ AUDIT_NOTARY_URL: 'notary' })).toThrow(/^AUDIT_NOTARY_URL/);
    expect(() => loadConfig({ FHIR_AUDIENCE: 'fhir' })).toThrow(/^FHIR_AUDIENCE/);
    expect(() => loadConfig({ ATTACHMENT_S3_ENDPOINT: 's3', ATTACHMENT_S3_BUCKET: 'b' })).toThrow(/^ATTACHMENT_S3_ENDPOINT/);
    const secret = 'brygga_app:hemligt@db/brygga';
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hemligt@db/x' })).toThrow(
      'DATABASE_URL must start with postgres:// or postgresql://',
    );
    expect(() => loadConfig({ REDIS_URL: 'http://:hemligt@redis' })).toThrow('REDIS_URL must start with redis:// or rediss://');
    for (const env of [
      { DATABASE_URL: secret },
      { DATABASE_URL: 'postgres://a@b/c', DATABASE_OWNER_URL: 'x:hemligt' },
      { REDIS_URL: 'hemligt' },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).not.toThrow(/hemligt/);
    }
  });

  it('names both variables when two listeners would share a port', () => {
    expect(() => loadConfig({ PORT: '9464' })).toThrow(
      'METRICS_PORT (9464) is the same port as PORT: give each listener a port of its own',
    );
    expect(() => loadConfig({ DEV_IDP_PORT: '3000' })).toThrow(/DEV_IDP_PORT \(3000\) is the same port as PORT/);
    expect(() => loadConfig({ EMBEDDED_PG_PORT: '3001' })).toThrow(/EMBEDDED_PG_PORT \(3001\) is the same port as DEV_IDP_PORT/);
    // The development IdP does not run with a real issuer: its port is free for others.
    expect(loadConfig({ DEV_IDP_PORT: '3000', OIDC_ISSUER: 'https://idp.region.se', OIDC_CLIENT_SECRET: 's' }).port).toBe(3000);
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).port).toBe(0);
  });

  it('reads secrets from NAME_FILE (container secrets), trimmed, and refuses both or an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brygga-config-'));
    writeFileSync(join(dir, 'db'), 'postgres://brygga_app:pw@db/brygga\n');
    writeFileSync(join(dir, 'session'), 'sessionsecret\n');
    writeFileSync(join(dir, 'empty'), '\n');
    const config = loadConfig({
      ...PRODUCTION,
      DATABASE_URL: '',
      DATABASE_URL_FILE: join(dir, 'db'),
      SESSION_SECRET_FILE: join(dir, 'session'),
      SESSION_SECRET: '',
    });
    expect(config.databaseUrl).toBe('postgres://brygga_app:pw@db/brygga');
    expect(config.session.secret).toBe('sessionsecret');
    expect(() => loadConfig({ SESSION_SECRET: 'a', SESSION_SECRET_FILE: join(dir, 'session') })).toThrow(
      'Set SESSION_SECRET or SESSION_SECRET_FILE, not both',
    );
    expect(() => loadConfig({ SESSION_SECRET_FILE: join(dir, 'missing') })).toThrow(
      /^SESSION_SECRET_FILE: cannot read .*missing \(ENOENT\)/,
    );
    expect(() => loadConfig({ OIDC_CLIENT_SECRET_FILE: join(dir, 'empty') })).toThrow(/OIDC_CLIENT_SECRET_FILE: .* is empty/);
  });

  it('refuses malformed values', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(ConfigError);
  });

  it('listens on loopback by default and runs the development IdP only there, or when asked explicitly', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', devIdp: true, trustProxy: false });
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/OIDC_ISSUER is required when HOST/);
    expect(loadConfig({ HOST: '0.0.0.0', BRYGGA_DEV_IDP: 'on' }).devIdp).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_SECRET: 's' }).devIdp).toBe(false);
    expect(() => loadConfig({ ...PRODUCTION, OIDC_ISSUER: '', BRYGGA_DEV_IDP: 'on' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ BRYGGA_DEV_IDP: 'off' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ BRYGGA_DEV_IDP: 'yes' })).toThrow(ConfigError);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/);
  });

  it('requires a malware scanner in production, unless turned off on purpose (and then says so)', () => {
    const production = { ...PRODUCTION, CLAMD_URL: '' };
    expect(() => loadConfig(production)).toThrow(/CLAMD_URL is required when NODE_ENV=production/);
    expect(loadConfig({ ...production, CLAMD_URL: 'tcp://clamd:3310' }).attachments.clamdUrl).toEqual({ host: 'clamd', port: 3310 });
    expect(loadConfig({ ...production, ATTACHMENT_SCANNING: 'off' }).attachments).toMatchObject({ scanningOff: true, clamdUrl: undefined });
    expect(() => loadConfig({ ATTACHMENT_SCANNING: 'off', CLAMD_URL: 'tcp://clamd:3310' })).toThrow(ConfigError);
    expect(() => loadConfig({ ATTACHMENT_SCANNING: 'nej' })).toThrow(ConfigError);
    // Outside production the product still starts with nothing set (the web client says files are not scanned).
    expect(loadConfig({}).attachments).toMatchObject({ scanningOff: false, clamdUrl: undefined });
  });

  it('expires uploads after 24 hours and holds one full message of them per user by default', () => {
    expect(loadConfig({}).attachments).toMatchObject({ pendingHours: 24, pendingQuotaBytes: 5 * 20 * 1024 * 1024 });
    expect(loadConfig({ ATTACHMENT_PENDING_HOURS: '2', ATTACHMENT_PENDING_QUOTA_BYTES: '1000' }).attachments).toMatchObject({
      pendingHours: 2,
      pendingQuotaBytes: 1000,
    });
    expect(() => loadConfig({ ATTACHMENT_PENDING_HOURS: '0' })).toThrow(ConfigError);
  });
});
