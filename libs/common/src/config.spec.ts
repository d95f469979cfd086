import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run the product with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', port: 3000, testAuth: false, seedDemo: true });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('refuses test authentication in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BRYGGA_TEST_AUTH: '1' })).toThrow(ConfigError);
  });

  it('refuses malformed values', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(ConfigError);
  });
});
