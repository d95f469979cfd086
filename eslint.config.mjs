// @ts-check
import { readFileSync } from 'node:fs';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The libraries' layers, lowest first (libs/layers.json). A library imports only libraries of
 * lower layers; a new library gets its place there (test/layers.spec.ts fails until it has one).
 */
const LAYERS = JSON.parse(readFileSync(new URL('./libs/layers.json', import.meta.url), 'utf8'));

const PRIVATE_SRC = [
  { group: ['@brygga/*/src', '@brygga/*/src/**'], message: "Import the library's public face: @brygga/<name>." },
  {
    group: ['../../*/src', '../../*/src/**', '../../../*/src/**', '**/libs/*/src', '**/libs/*/src/**'],
    message: "Another library's src/ is private: import @brygga/<name>.",
  },
];

function libraryRules() {
  return LAYERS.flatMap((layer, level) =>
    layer.map((lib) => {
      const upward = LAYERS.slice(level)
        .flat()
        .filter((other) => other !== lib);
      const patterns = [...PRIVATE_SRC];
      if (upward.length > 0) {
        patterns.push({
          group: upward.map((other) => `@brygga/${other}`),
          message: `@brygga/${lib} is in layer ${level}: it imports only libraries of lower layers (libs/layers.json).`,
        });
      }
      return { files: [`libs/${lib}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
    }),
  );
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'test-output/**',
      'dist-bench/**',
      '*.js',
      '*.mjs',
      'apps/web/src/api/schema.d.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // One transaction helper (libs/database/src/transaction.ts): it runs a deadlock or serialization failure again.
    files: ['libs/**/*.ts', 'apps/api/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Use inTransaction(dataSource, work) from @brygga/database: it retries on deadlock and serialization failure.',
        },
      ],
    },
  },
  {
    // Libraries are used through their public face (@brygga/<name>, its index.ts), never their src/ files.
    files: ['libs/**/*.ts', 'apps/api/**/*.ts', 'apps/idp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@brygga/*/src', '@brygga/*/src/**'], message: "Import the library's public face: @brygga/<name>." },
            { group: ['**/libs/*/src', '**/libs/*/src/**'], message: "Another library's src/ is private: import @brygga/<name>." },
          ],
        },
      ],
    },
  },
  // Inside a library: a sibling library's files are reached through @brygga/<name> too, and only
  // libraries of a lower layer may be imported (LAYERS, below): the graph points one way.
  ...libraryRules(),
  {
    // The web client reaches the server only through the contract: libs/contracts/openapi.json (its generated
    // types, and the document itself for the development build's answer check) and @brygga/contracts.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@brygga/*', '!@brygga/contracts'],
              message: 'The web client imports only @brygga/contracts and its generated api types (src/api).',
            },
            {
              regex: '(^|/)libs/(?!contracts/openapi\\.json$)',
              message: 'The web client imports only @brygga/contracts and its generated api types (src/api).',
            },
          ],
        },
      ],
    },
  },
  {
    // The web client: React's rules of hooks, and never HTML from data.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text as text: never insert HTML from data.' },
        { selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]', message: 'Never insert HTML from data.' },
      ],
    },
  },
);
