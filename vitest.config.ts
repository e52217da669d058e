import { defineConfig } from 'vitest/config';

// Two tiers. `unit`: pure tests next to the source. `integration`: tests under test/ that share one
// real Temporal dev server and one real Postgres, started once by test/global-setup.ts.
// pool 'forks': the Temporal native bridge breaks in worker threads.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{apps,workflows,activities,importers,platform,db,contracts,scripts}/**/*.test.ts', 'test/support/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/support/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
