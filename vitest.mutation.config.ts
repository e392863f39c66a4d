import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests that guard the mutated files (stryker.config.mjs): unit and handler tests over dynalite
 * and the fuzzers. No end-to-end suite: each starts the whole runtime in its beforeAll, which every
 * mutant would pay again (≈ 15 s a mutant instead of ≈ 2 s); the waiters have unit tests instead.
 */
export const MUTATION_TESTS = [
  'test/functions/ingest/**/*.test.ts',
  'test/functions/adapters/dynamodb-*.test.ts',
  'test/functions/handlers/record-message.test.ts',
  'test/functions/handlers/ingest-razorpay.test.ts',
  'test/functions/messaging/inbound-flow-order.test.ts',
  'test/functions/payments/*.test.ts',
  'test/events/*.test.ts',
  'test/functions/waits/*.test.ts',
  'test/mutation/**/*.test.ts',
  'test/local/dynamo-transactions.test.ts',
  'test/reliability/hardening/fuzz-parsers.test.ts',
  'test/reliability/hardening/signature-constant-time.test.ts',
];

// Replaces (not merges: mergeConfig would concatenate the include lists) the base suite's files.
export default defineConfig({ ...base, test: { ...base.test, include: MUTATION_TESTS } });
