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
    expect(() => loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_SECRET: 's' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_CLIENT_SECRET/);
  });

  it('refuses malformed values', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(ConfigError);
  });
});
