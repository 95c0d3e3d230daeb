import { defineConfig } from 'vitest/config';

/**
 * One configuration for every unit, service and route test. MPW_TEST_DB chooses the
 * database: 'pglite' (default, a migrated snapshot per file) or 'postgres' (a database per
 * file cloned from a migrated template on MPW_TEST_PG_URL). Browser journeys live in e2e/.
 */
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
    globalSetup: ['apps/server/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { NODE_ENV: 'test' },
  },
});
