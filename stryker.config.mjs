// @ts-check
/**
 * Mutation testing of the files that carry the guarantees: exactly-once ingress (claims, the
 * stores' conditional writes), money (amounts, refunds), signatures, waiters and the event-pattern
 * matcher. `npm run test:mutation`; report in reports/mutation/ (git-ignored), scores in
 * docs/reliability.md. Not part of `npm test`: the full run takes far longer than CI's budget.
 * While iterating: `npm run test:mutation -- --mutate functions/domain/payments/amounts.ts`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'functions/ingest/publish-deduped.ts',
    'functions/ingest/record-message.ts',
    'functions/adapters/dynamodb/client.ts',
    'functions/adapters/dynamodb/dedupe-store.ts',
    'functions/adapters/dynamodb/message-store.ts',
    'functions/adapters/dynamodb/payment-store.ts',
    'functions/domain/payments/amounts.ts',
    'functions/domain/payments/refunds.ts',
    'functions/domain/ingest/normalize-razorpay.ts',
    'functions/domain/ingest/razorpay-signature.ts',
    'functions/waits/waiters.ts',
    'events/pattern-matcher.ts',
    'events/pattern-matcher-operators.ts',
  ],
  // The machine is shared (2 cores): one test process; raise with --concurrency when it is idle.
  concurrency: 1,
  timeoutMS: 30_000,
  // Static mutants (module-level constants: currency lists, operator names, TTLs) re-run every test
  // for each mutant — 4 % of the mutants, 42 % of the time. Run them (and the "hybrid" ones, see
  // docs/reliability.md) with STRYKER_STATIC=1: the CLI's --ignoreStatic can only turn this on.
  ignoreStatic: process.env.STRYKER_STATIC !== '1',
  // The incremental file is a cache of this machine's results: git-ignored with the report.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: 85 },
};
