import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.js';
import { EumPhoneNumberDirectory, type PhoneNumberDirectory } from '../adapters/eum/phone-numbers.js';
import { planDays, RollupRequestSchema } from '../domain/analytics/plan.js';
import type { AnalyticsStore } from '../domain/analytics/ports.js';
import { describeZodError } from '../domain/shared/zod-errors.js';
import { correlated, logger } from '../observability/logger.js';
import { getDeps } from '../wiring.js';

export interface PlanInput {
  request: unknown;
  runId: string;
  startedAt: string;
}

/**
 * First task of AnalyticsRollup: the (phone number, day) units to roll up. Phone numbers: the
 * request's, else every number rolled up before plus those linked in EUM now.
 */
export async function planRollup(input: PlanInput, store: AnalyticsStore, directory: PhoneNumberDirectory) {
  const parsed = RollupRequestSchema.safeParse(input.request ?? {});
  if (!parsed.success) throw named('InvalidRollupRequest', describeZodError(parsed.error));
  let plan;
  try {
    plan = planDays(parsed.data, new Date(input.startedAt));
  } catch (err) {
    throw named('InvalidRollupRequest', (err as Error).message);
  }
  let phones = parsed.data.phoneNumberIds;
  if (!phones) {
    const known = new Set(await store.listPhones());
    try {
      for (const p of await directory.list()) known.add(p.metaPhoneNumberId);
    } catch (err) {
      logger.warn('could not list EUM phone numbers; rolling up the known ones', { error: (err as Error).message });
    }
    phones = [...known].sort();
  }
  const units = phones.flatMap((phoneNumberId) => plan.days.map((day) => ({ runId: input.runId, phoneNumberId, day })));
  await store.startRun({ runId: input.runId, from: plan.from, to: plan.to, phoneNumberIds: phones, total: units.length, startedAt: input.startedAt });
  return { runId: input.runId, from: plan.from, to: plan.to, total: units.length, units };
}

function named(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

export const handler = correlated(async (input: PlanInput) => {
  const deps = getDeps();
  return planRollup(input, new DynamoAnalyticsStore(deps.db, deps.tableName), new EumPhoneNumberDirectory());
});
