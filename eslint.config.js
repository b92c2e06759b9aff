import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A library imports no app, and neither a library nor its specs import the benchmarks or the top-level tests. */
const NO_APP_BENCH_OR_TEST = {
  regex: '^(\\.\\./)+(apps|bench|test)/',
  caseSensitive: true,
  message: 'A library imports no app, bench/ or test/ code: move what it needs into the library (its testing/ folder), or the spec into test/.',
};

/** The domain is plain rules: storage, HTTP and Nest depend on it, never the reverse. */
const DOMAIN_IMPORTS_NO_OUTER_LAYER = [
  { regex: '^#libs/', caseSensitive: true, message: 'The domain imports no other library: the event store, read store and projections depend on it.' },
  {
    group: ['pg', 'pg-*', 'better-sqlite3', 'mongodb', 'ioredis', '@kurrent/*', '@event-driven-io/*'],
    message: 'The domain imports no storage package: the application reads and appends, the domain decides.',
  },
  {
    group: ['@nestjs/*', 'express', 'class-validator', 'class-transformer', 'helmet', 'supertest', 'pino-http', 'openapi-fetch', 'node:http', 'node:https', 'http', 'https'],
    message: 'The domain imports no HTTP or Nest package: validation of requests and routes live in the app.',
  },
];

/** Reference data comes in from the process (libs/runtime's loadReferenceData), never from a file the domain reads. */
const DOMAIN_READS_NO_FILES = {
  group: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'],
  message: 'The domain reads no files: the process loads the reference data (libs/runtime) and passes it in.',
};

const NO_API = {
  regex: '^(\\.\\./)+(apps/)?api/',
  caseSensitive: true,
  message: 'An app imports no other app: share the code through a library (libs/runtime holds what the api and the projector both run on).',
};

const NO_PROJECTOR = {
  regex: '^(\\.\\./)+(apps/)?projector/',
  caseSensitive: true,
  message: 'An app imports no other app: share the code through a library.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.tools/**', 'test/artifacts/**', 'apps/api/public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  // What may import what (docs/decisions/0014-import-rules-as-lint-rules.md). A later block for the same
  // files replaces an earlier one's rule, so the domain's block repeats the libraries' pattern.
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APP_BENCH_OR_TEST] }] },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APP_BENCH_OR_TEST, ...DOMAIN_IMPORTS_NO_OUTER_LAYER, DOMAIN_READS_NO_FILES] }] },
  },
  {
    // The domain's specs and their helpers read the repository's reference/ folder and fixtures.
    files: ['libs/domain/**/*.spec.ts', 'libs/domain/src/testing/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APP_BENCH_OR_TEST, ...DOMAIN_IMPORTS_NO_OUTER_LAYER] }] },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_PROJECTOR] }] },
  },
  {
    files: ['apps/projector/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_API] }] },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.{js,ts}', '**/cli/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The dashboard's browser modules (apps/api/public): plain ES modules, ECharts as a global script.
    files: ['apps/api/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'history', 'fetch', 'localStorage', 'sessionStorage', 'URLSearchParams', 'Node', 'atob', 'echarts'].map((name) => [name, 'readonly']),
      ),
    },
  },
);
