import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.js';
import { DAY_RE } from '../domain/analytics/days.js';
import { AnalyticsEngine } from '../domain/analytics/engine.js';
import { withCanonicalCustomers } from '../domain/customers/identity.js';
import { maskPhone } from '../domain/shared/mask.js';
import { instrumented, logger } from '../observability/index.js';
import { getDeps } from '../wiring/shared.js';

/** Map iteration of AnalyticsRollup: one phone number's closed UTC day into one rollup item. */
export const handler = instrumented('rollup-day', async (input: { runId?: string; phoneNumberId: string; day: string }) => {
  if (!input?.phoneNumberId || !DAY_RE.test(input?.day ?? '')) {
    const err = new Error('phoneNumberId and day (YYYY-MM-DD) are required');
    err.name = 'InvalidRollupUnit';
    throw err;
  }
  const deps = getDeps();
  const store = new DynamoAnalyticsStore(deps.db, deps.tableName);
  const { messages } = await new AnalyticsEngine(withCanonicalCustomers(deps.messages, deps.identities), store).rollup(input.phoneNumberId, input.day);
  if (input.runId) await store.markDone(input.runId, `${input.day}#${input.phoneNumberId}`);
  logger.info('rolled up', { phone: maskPhone(input.phoneNumberId), day: input.day, messages });
  return { phoneNumberId: input.phoneNumberId, day: input.day, messages };
});
