import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run the product with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', port: 3000, seedDemo: true, publicUrl: 'http://localhost:3000' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.oidc.issuer).toBeUndefined();
    expect(config.session).toMatchObject({ idleSeconds: 1800, absoluteSeconds: 43200 });
  });

  it('refuses production without a real IdP and a session secret: no development IdP there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_SECRET: 's' })).toThrow(
      /SESSION_SECRET/,
    );
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_CLIENT_SECRET/);
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
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x', BRYGGA_DEV_IDP: 'on' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ BRYGGA_DEV_IDP: 'off' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ BRYGGA_DEV_IDP: 'yes' })).toThrow(ConfigError);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/);
  });

  it('requires a malware scanner in production, unless turned off on purpose (and then says so)', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x', OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_SECRET: 's' };
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
