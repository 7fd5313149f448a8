import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/postgres/**'],
          globalSetup: ['test/support/globalSetup.ts'],
          // PGlite's work is all in the test workers, and Vitest's default leaves one core to the
          // main process, which here would be idle: on two cores, two workers halve the time.
          maxWorkers: 2,
          // PGlite starts in about a second; a whole lesson replays in a few. These are ceilings for
          // a stuck engine on a busy machine, not performance targets (the benchmark measures those).
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          // After the unit suite, not beside it: both would compete for two cores.
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/support/globalSetup.ts'],
          // Two files at a time: one page on its own leaves a fifth of two cores idle (the browser
          // waits on the worker, the test on both). Files share only the two built sites, read-only.
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      // The same server tests on each major: Debian 12's 15, and 18, the major PGlite is built on.
      ...['15', '18'].map((major) => ({
        test: {
          name: `postgres-${major}`,
          include: ['test/postgres/**/*.test.ts'],
          globalSetup: ['test/postgres/support/globalSetup.ts'],
          // Runs last: its export check reads the dist/sql files the browser suite's build wrote.
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      })),
    ],
  },
});
