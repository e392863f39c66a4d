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
    // A hang guard, not a measure: the storm takes about 3 min on 2 idle cores and twice that on a loaded machine.
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The storm keeps one core busy (one runtime process); the other files share the second.
    maxWorkers: 2,
    reporters: ['verbose'],
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
