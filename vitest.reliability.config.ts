import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the duplicate/disorder storm, fault injection, crash recovery, fuzzing and
 * security checks of test/reliability (kept out of the main suite for their runtime). Each file prints
 * its figures line; the verbose reporter keeps them visible.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: the storm and the crash test each drive a whole runtime; running them side by side only slows both.
    fileParallelism: false,
    reporters: ['verbose'],
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
