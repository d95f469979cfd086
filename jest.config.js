/**
 * Four tiers, one `npm test` (docs/testing.md):
 * - unit:    pure functions beside the code (`*.spec.ts`) and in test/; no database, no network.
 * - service: test/service/: a Nest service with its real collaborators on a cloned template
 *            database (test/service/support/factory.ts); no HTTP, IdP or login.
 * - e2e:     test/**\/*.e2e-spec.ts (except test/web): real api, IdP, OIDC login, sockets, processes.
 * - web:     test/web/*.e2e-spec.ts: the built web client in Debian's chromium.
 * Only the tiers that need PostgreSQL start it (global-setup.ts, shared by the tiers of one run).
 * `npx jest --selectProjects unit` runs one tier.
 */
const esmOnly = [
  '@nestjs',
  'openid-client',
  'oauth4webapi',
  'jose',
  'oidc-provider',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
];

/** @type {import('jest').Config} */
const common = {
  rootDir: __dirname,
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: { '^@brygga/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: '<rootDir>/test/support/environment.ts',
};

/** The tiers that run against the run's PostgreSQL (one for all of them, see global-setup.ts). */
const withDatabase = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  // Two workers: each test file has its own database (a clone of the template) and its own ports
  // (test/support/ports.ts), so files do not share state.
  maxWorkers: 2,
  // A guard against hangs, not a measure: suites share 2 cores with browsers and several api nodes.
  // (Jest reads the timeout from the run's config only, not per project.)
  testTimeout: 180_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/service/', '\\.e2e-spec\\.ts$'],
    },
    {
      ...common,
      ...withDatabase,
      displayName: 'service',
      roots: ['<rootDir>/test/service'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      ...withDatabase,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/web/'],
    },
    {
      ...common,
      ...withDatabase,
      displayName: 'web',
      roots: ['<rootDir>/test/web'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
  ],
};
