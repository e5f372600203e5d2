import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS entry for every import (graphql 16 has no "exports" map); the
  // bundler would pick its ES module entry for the test files, and two copies of graphql cannot
  // read each other's schemas. One entry, as in production.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a test that opens an embedded database compiles its WASM first, which is slow on a
    // busy two-core machine. Speed is measured by the benchmarks, never by these limits.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that start servers or databases are slow to boot on two cores; a few at a time.
    maxWorkers: 2,
    allowOnly: false,
  },
});
