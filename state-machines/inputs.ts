import * as z from 'zod';
import { PhoneQualityChangedDetail, TemplateQualityChangedDetail } from '../events/domain-events.js';
import { ROLLUP_PAGE_SIZE, RollupRequestSchema } from '../functions/domain/analytics/plan.js';

/**
 * The input each state machine expects, as a zod schema: what its starters send (the actions, the
 * payment service, the quality rule, the schedule) and what `<name>.examples.json` shows. The
 * contract in words is `<name>.md`; `test/state-machines/input-contracts.test.ts` holds the examples to both.
 */
const count = z.number().int().nonnegative();

export const StateMachineInputs = {
  'template-approval': z.object({
    /** The EUM WABA id (`waba-…`), for GetWhatsAppMessageTemplate polls. */
    wabaId: z.string().min(1),
    /** Meta's template id; null for a template made in Business Manager (found by name + language). */
    metaTemplateId: z.string().min(1).nullable(),
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits and _'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a WhatsApp language code such as en_US'),
    /** Our version of the template: only a decision about this version resumes the execution. */
    version: z.number().int().positive(),
    /** When to give up (TemplateApproval emits timed_out): 48 h from the actions. */
    maxWaitSeconds: z.number().int().positive(),
    /** Where the polling clock stands: {tick: 0, elapsedSeconds: 0} for a new execution. */
    clock: z.object({ tick: count, elapsedSeconds: count }),
  }),
  'payment-lifecycle': z.object({
    paymentId: z.string().min(1),
    paymentLinkId: z.string().min(1),
    /** From lifecycleTimers(): seconds until the reminder (when reminder) and until expiry + grace. */
    timers: z.object({ reminder: z.boolean(), untilReminderSeconds: z.number().nonnegative(), untilDeadlineSeconds: z.number().nonnegative() }),
    /** What the execution already knows of the link: only news resumes it at once. */
    seen: z.object({ status: z.string().min(1), amountPaidMinor: count }),
  }),
  // The detail of phone.quality_changed or template.quality_changed (a template change has templateId).
  'quality-recording': z.union([TemplateQualityChangedDetail, PhoneQualityChangedDetail]),
  'analytics-rollup': RollupRequestSchema,
  'analytics-rollup-page': z.object({
    /** The AnalyticsRollup run (its execution name): the page's units are rebuilt from the stored run. */
    runId: z.string().min(1),
    offset: count,
    limit: z.number().int().min(1).max(ROLLUP_PAGE_SIZE),
    /** Set by startExecution.sync:2 when the parent starts it (links the child in the console). */
    AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: z.string().optional(),
  }),
} satisfies Record<string, z.ZodType>;

export type StateMachineWithInput = keyof typeof StateMachineInputs;
