import { defineConfig } from 'vitest/config';

/** The console's browser tests: Debian's chromium driven by playwright-core against an in-memory runtime. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // One runtime and one browser per file; files one at a time (2 cores shared).
    fileParallelism: false,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
