import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.js';
import { DAY_RE } from '../domain/analytics/days.js';
import { AnalyticsEngine } from '../domain/analytics/engine.js';
import { withCanonicalCustomers } from '../domain/customers/identity.js';
import { maskPhone } from '../domain/shared/mask.js';
import { instrumented, logger } from '../observability/index.js';
import type { AnalyticsStore } from '../ports/analytics.js';
import { getDeps, type Deps } from '../wiring/shared.js';

export type RollupDayWiring = Pick<Deps, 'messages' | 'identities'> & { analyticsStore: AnalyticsStore };

/** Map iteration of AnalyticsRollup: one phone number's closed UTC day into one rollup item. */
export const rollupDayHandler = (wiring: () => RollupDayWiring) => async (input: { runId?: string; phoneNumberId: string; day: string }) => {
  if (!input?.phoneNumberId || !DAY_RE.test(input?.day ?? '')) {
    const err = new Error('phoneNumberId and day (YYYY-MM-DD) are required');
    err.name = 'InvalidRollupUnit';
    throw err;
  }
  const deps = wiring();
  const store = deps.analyticsStore;
  const { messages } = await new AnalyticsEngine(withCanonicalCustomers(deps.messages, deps.identities), store).rollup(input.phoneNumberId, input.day);
  if (input.runId) await store.markDone(input.runId, `${input.day}#${input.phoneNumberId}`);
  logger.info('rolled up', { phone: maskPhone(input.phoneNumberId), day: input.day, messages });
  return { phoneNumberId: input.phoneNumberId, day: input.day, messages };
};

export const handler = instrumented(
  'rollup-day',
  rollupDayHandler(() => {
    const deps = getDeps();
    return { messages: deps.messages, identities: deps.identities, analyticsStore: new DynamoAnalyticsStore(deps.db, deps.tableName) };
  }),
);
