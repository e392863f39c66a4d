import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.js';
import { EumPhoneNumberDirectory } from '../adapters/eum/phone-numbers.js';
import type { PhoneNumberDirectory } from '../ports/eum.js';
import { daysBetween } from '../domain/analytics/days.js';
import { checkRunSize, pagesOf, planDays, RollupRequestSchema, unitsOf, type RollupUnit } from '../domain/analytics/plan.js';
import type { AnalyticsStore } from '../ports/analytics.js';
import { describeZodError } from '../domain/shared/zod-errors.js';
import { instrumented, logger } from '../observability/index.js';
import { getDeps } from '../wiring/shared.js';

export interface PlanInput {
  request: unknown;
  runId: string;
  startedAt: string;
}

/** A page of a planned run (AnalyticsRollupPage's first task). */
export interface PageInput {
  page: { runId: string; offset: number; limit: number };
}

/**
 * First task of AnalyticsRollup: validates the request, stores the run (its phone numbers and range)
 * and answers the pages to run, never the units themselves, so the parent's state stays small
 * whatever the range. Phone numbers: the request's, else every number rolled up before plus those
 * linked in EUM now.
 */
export async function planRollup(input: PlanInput, store: AnalyticsStore, directory: PhoneNumberDirectory) {
  const parsed = RollupRequestSchema.safeParse(input.request ?? {});
  if (!parsed.success) throw named('InvalidRollupRequest', describeZodError(parsed.error));
  let plan: ReturnType<typeof planDays>;
  try {
    plan = planDays(parsed.data, new Date(input.startedAt));
  } catch (err) {
    throw named('InvalidRollupRequest', (err as Error).message);
  }
  let phones = parsed.data.phoneNumberIds ? [...new Set(parsed.data.phoneNumberIds)] : undefined;
  if (!phones) {
    const known = new Set(await store.listPhones());
    try {
      for (const p of await directory.list()) known.add(p.metaPhoneNumberId);
    } catch (err) {
      logger.warn('could not list EUM phone numbers; rolling up the known ones', { error: (err as Error).message });
    }
    phones = [...known].sort();
  }
  try {
    checkRunSize(phones.length, plan.days.length);
  } catch (err) {
    throw named('InvalidRollupRequest', (err as Error).message);
  }
  const total = phones.length * plan.days.length;
  await store.startRun({ runId: input.runId, from: plan.from, to: plan.to, phoneNumberIds: phones, total, startedAt: input.startedAt });
  return { runId: input.runId, from: plan.from, to: plan.to, total, pages: pagesOf(total) };
}

/** First task of AnalyticsRollupPage: the units of one page, rebuilt from the stored run. */
export async function planPage(input: PageInput['page'], store: AnalyticsStore): Promise<{ units: RollupUnit[] }> {
  const run = await store.getRun(input.runId);
  if (!run) throw named('InvalidRollupRequest', `runId: no AnalyticsRollup run "${input.runId}" (its plan stores it first)`);
  return { units: unitsOf({ runId: run.runId, phoneNumberIds: run.phoneNumberIds, days: daysBetween(run.from, run.to) }, input.offset, input.limit) };
}

function named(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

export interface ListRollupDaysWiring {
  analyticsStore: AnalyticsStore;
  phoneDirectory: PhoneNumberDirectory;
}

export const listRollupDaysHandler = (wiring: () => ListRollupDaysWiring) => async (input: PlanInput | PageInput) => {
  const { analyticsStore, phoneDirectory } = wiring();
  if ('page' in input) return planPage(input.page, analyticsStore);
  return planRollup(input, analyticsStore, phoneDirectory);
};

export const handler = instrumented(
  'list-rollup-days',
  listRollupDaysHandler(() => {
    const deps = getDeps();
    return { analyticsStore: new DynamoAnalyticsStore(deps.db, deps.tableName), phoneDirectory: new EumPhoneNumberDirectory() };
  }),
);
