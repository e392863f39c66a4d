import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The end-to-end scenarios again, with every function run from its deployed bundle in its own
 * process on the Lambda runtime's Node (LOCAL_BUNDLES=1: local/lambda/). Bundles are built once
 * (globalSetup, with progress) and cached by content hash in .bundles/.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/e2e/**/*.test.ts', 'test/local/bundles/*.bundles.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['test/support/prebuild-bundles.ts', 'test/iam-usage.global.ts'],
    env: { ...base.test?.env, LOCAL_BUNDLES: '1' },
    // Each runtime starts up to one process per function: two test files at a time on 2 cores.
    maxWorkers: 2,
    // The first test of a file pays the cold starts (a Node process and a bundle import per function).
    testTimeout: 90_000,
  },
});
