import { defineConfig } from 'vitest/config';

// Two tiers. `unit`: pure tests next to the source. `integration`: tests under test/ that share one
// real Temporal dev server and one real Postgres, started once by test/global-setup.ts.
// pool 'forks': the Temporal native bridge breaks in worker threads.
export default defineConfig({
  test: {
    pool: 'forks',
    // Fixture sites and test servers live on loopback: the platform allowlist (a setting of ops, never of an
    // import) lets the tests' workers and compartments reach them, unless the caller set it already.
    env: { FETCH_ALLOW_PRIVATE: process.env.FETCH_ALLOW_PRIVATE ?? '127.0.0.1/8,::1' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{apps,workflows,activities,importers,platform,db,contracts,scripts,demo}/**/*.test.{ts,tsx}', 'test/support/**/*.test.ts'],
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
