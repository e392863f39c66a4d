import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite's storms, fault runs and crash test take minutes: `npm run test:reliability`.
    // Its fuzzers (on a fixed seed here, so CI always runs the same cases) and security checks take
    // seconds and run with every `npm test`.
    exclude: [
      'node_modules/**',
      // The console's browser tests: `npm run test:browser` (vitest.browser.config.ts), chained into `npm test`.
      'test/browser/**',
      'test/reliability/storm.test.ts',
      'test/reliability/provider-faults.test.ts',
      'test/reliability/hardening/faults.test.ts',
      'test/reliability/hardening/crash-recovery.test.ts',
      'test/reliability/hardening/durable-delivery-crash.test.ts',
      // Only meaningful with LOCAL_BUNDLES=1: `npm run test:e2e:bundles` (vitest.bundles.config.ts).
      'test/**/*.bundles.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    // After the run: the catalogue grants no runtime used (local/iam), printed once.
    globalSetup: ['test/iam-usage.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Structured logs stay available to tests that capture them; the console stays readable.
    // The SDK's "Node 22 from 2027" notice is known (Lambda runs nodejs22.x); once per worker it drowns the report.
    // Metrics (EMF on stdout) likewise: off, except where a test turns them on or starts the local runtime, which reads them.
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FUZZ_SEED: '20261204' },
  },
});
