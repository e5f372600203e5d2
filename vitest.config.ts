import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that start servers or databases are slow to boot on two cores; a few at a time.
    maxWorkers: 2,
    allowOnly: false,
  },
});
