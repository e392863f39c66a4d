import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/reliability/**', 'node_modules/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Structured logs stay available to tests that capture them; the console stays readable.
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
