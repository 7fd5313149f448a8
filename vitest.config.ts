import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    // PGlite starts in about a second; a whole lesson replays in a few. These are ceilings for a
    // stuck engine on a busy machine, not performance targets (the benchmark measures those).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
