import { defineConfig } from 'vitest/config';

// `npm run bench:migrations`: the migrations' benchmark on real servers; not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/bench/**/*.run.ts'],
    // One measurement at a time: the writers' waits are the figure.
    fileParallelism: false,
    testTimeout: 24 * 3600_000,
  },
});
