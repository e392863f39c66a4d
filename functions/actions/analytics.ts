import * as z from 'zod';
import { withCanonicalCustomers } from '../domain/customers/identity.js';
import { addDays, DAY_RE, dayOf, daysBetween } from '../domain/analytics/days.js';
import { AnalyticsEngine } from '../domain/analytics/engine.js';
import { checkRunSize, MAX_BACKFILL_DAYS, MAX_PHONES_PER_RUN, planDays, RollupRangeError } from '../domain/analytics/plan.js';
import { loadRateCard } from '../domain/analytics/rate-card.js';
import { analyticsReport, CONVERSATION_RUNBOOK, conversationReport } from '../domain/analytics/report.js';
import { listMessages } from './message-list.js';
import { operatorAnalytics } from '../domain/analytics/operator-view.js';
import { logger } from '../observability/logger.js';
import { resolveMetaPhoneId } from './quality.js';
import { ActionError, defineAction, insightsOf, type ActionContext, type ActionDefinition } from './types.js';
import { keyId } from '../domain/shared/ids.js';

const day = z
  .string()
  .refine((v) => DAY_RE.test(v) || !Number.isNaN(Date.parse(v)), 'must be a UTC day YYYY-MM-DD or an ISO-8601 time')
  .transform((v) => (DAY_RE.test(v) ? v : dayOf(new Date(v))));
const range = {
  phoneNumberId: keyId('phoneNumberId').default('all').describe('Meta phone_number_id, EUM phone-number-id-…, or "all"'),
  from: day,
  to: day,
};
const MAX_QUERY_DAYS = 400;

const storeOf = (ctx: ActionContext) => insightsOf(ctx).analyticsStore;

function checkRange(from: string, to: string) {
  if (from > to) throw new ActionError(`from: must not be after to (${from} > ${to})`, 400, 'ValidationError');
  const n = daysBetween(from, to).length;
  if (n > MAX_QUERY_DAYS) throw new ActionError(`from/to: at most ${MAX_QUERY_DAYS} days per query (asked ${n})`, 400, 'ValidationError');
}

/** "all" = every phone number rolled up before plus those linked in EUM now. */
async function phonesFor(phoneNumberId: string, ctx: ActionContext): Promise<string[]> {
  if (phoneNumberId !== 'all') return [await resolveMetaPhoneId(phoneNumberId, insightsOf(ctx).phoneDirectory)];
  const ids = new Set(await storeOf(ctx).listPhones());
  try {
    for (const p of await insightsOf(ctx).phoneDirectory.list()) ids.add(p.metaPhoneNumberId);
  } catch (err) {
    logger.warn('could not list EUM phone numbers for analytics; using the rolled-up ones', { error: (err as Error).message });
  }
  return [...ids].sort();
}

async function slicesFor(input: { phoneNumberId: string; from: string; to: string }, ctx: ActionContext) {
  checkRange(input.from, input.to);
  const phoneNumberIds = await phonesFor(input.phoneNumberId, ctx);
  const engine = new AnalyticsEngine(withCanonicalCustomers(ctx.deps.messages, ctx.deps.identities), storeOf(ctx));
  const slices = await engine.slices(phoneNumberIds, input.from, input.to, dayOf(ctx.now()));
  return { phoneNumberIds, slices };
}

const getAnalytics = defineAction({
  name: 'get_analytics',
  status: 'supported',
  summary:
    'Sent/delivered/read/failed counts and rates, failure reasons, delivery/read latency p50/p95, inbound volume, breakdowns by template, category and pricing, 24 h reply rate — from daily rollups plus live data for today',
  needs: ['messages and statuses stored by record-message', 'the AnalyticsRollup schedule (or backfill_analytics) for closed days'],
  input: z.object({ action: z.literal('get_analytics'), ...range, granularity: z.enum(['day', 'hour']).default('day') }),
  async run(input, ctx) {
    const { phoneNumberIds, slices } = await slicesFor(input, ctx);
    const report = analyticsReport(slices, { from: input.from, to: input.to, granularity: input.granularity, phoneNumberIds });
    return { ...report, ...operatorAnalytics(slices, loadRateCard(), dayOf(ctx.now())) };
  },
});

const getConversationAnalytics = defineAction({
  name: 'get_conversation_analytics',
  status: 'partial',
  summary:
    'Customer-service windows and conversations reconstructed from stored messages, counts by initiator and category, estimated cost from the dated rate card (config/rate-card.json)',
  needs: ['messages stored by record-message; pricing from status webhooks', 'config/rate-card.json kept current'],
  runbook: CONVERSATION_RUNBOOK,
  input: z.object({ action: z.literal('get_conversation_analytics'), ...range }),
  async run(input, ctx) {
    const { phoneNumberIds, slices } = await slicesFor(input, ctx);
    return conversationReport(slices, loadRateCard(), { from: input.from, to: input.to, phoneNumberIds });
  },
});

const backfillAnalytics = defineAction({
  name: 'backfill_analytics',
  status: 'supported',
  summary: 'Starts the AnalyticsRollup state machine for a range of closed UTC days; follow it with get_backfill_status',
  needs: ['states:StartExecution on the AnalyticsRollup state machine'],
  input: z.object({
    action: z.literal('backfill_analytics'),
    from: day,
    to: day.optional(),
    phoneNumberIds: z.array(keyId('phoneNumberId')).min(1).max(MAX_PHONES_PER_RUN).optional(),
  }),
  async run(input, ctx) {
    const now = ctx.now();
    let plan: ReturnType<typeof planDays>;
    try {
      plan = planDays({ mode: 'range', from: input.from, to: input.to ?? addDays(dayOf(now), -1) }, now);
      if (input.phoneNumberIds) checkRunSize(new Set(input.phoneNumberIds).size, plan.days.length);
    } catch (err) {
      if (err instanceof RollupRangeError) throw new ActionError(err.message, 400, 'ValidationError');
      throw err;
    }
    const phoneNumberIds = input.phoneNumberIds ? await Promise.all(input.phoneNumberIds.map((id) => resolveMetaPhoneId(id, insightsOf(ctx).phoneDirectory))) : undefined;
    const runId = `backfill-${plan.from}-${plan.to}-${now.getTime()}`;
    const started = await insightsOf(ctx).rollupStarter.start({ from: plan.from, to: plan.to, phoneNumberIds }, runId);
    return { ...started, from: plan.from, to: plan.to, days: plan.days.length, maxDays: MAX_BACKFILL_DAYS, next: { action: 'get_backfill_status', runId } };
  },
});

const getBackfillStatus = defineAction({
  name: 'get_backfill_status',
  status: 'supported',
  summary: 'Progress of an AnalyticsRollup run: units (phone number × day) done of total, and the execution status',
  needs: ['states:DescribeExecution on the AnalyticsRollup state machine'],
  input: z.object({ action: z.literal('get_backfill_status'), runId: keyId('runId'), executionArn: z.string().optional() }),
  async run(input, ctx) {
    const run = await storeOf(ctx).getRun(input.runId);
    let status: string | undefined;
    const arn = input.executionArn ?? executionArnOf(input.runId);
    if (arn)
      status = await insightsOf(ctx)
        .rollupStarter.status(arn)
        .catch(() => undefined);
    if (!run) return { runId: input.runId, status: status ?? 'UNKNOWN', done: 0, total: null, percent: null };
    return {
      runId: run.runId,
      status: status ?? (run.done >= run.total ? 'SUCCEEDED' : 'RUNNING'),
      from: run.from,
      to: run.to,
      phoneNumberIds: run.phoneNumberIds,
      done: run.done,
      total: run.total,
      percent: run.total === 0 ? 100 : Math.floor((run.done / run.total) * 100),
      startedAt: run.startedAt,
    };
  },
});

function executionArnOf(runId: string): string | undefined {
  const sm = process.env.STATE_MACHINE_ARN_ANALYTICS_ROLLUP;
  return sm ? `${sm.replace(':stateMachine:', ':execution:')}:${runId}` : undefined;
}

/** Actions of this concern (docs/architecture.md, "Actions"). */
export const analyticsActions: ActionDefinition[] = [
  getAnalytics as ActionDefinition,
  getConversationAnalytics as ActionDefinition,
  backfillAnalytics as ActionDefinition,
  getBackfillStatus as ActionDefinition,
  listMessages as ActionDefinition,
];
