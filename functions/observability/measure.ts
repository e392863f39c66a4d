import { MetricName, recordDimensioned, recordWorkflowOutcome } from './metrics.js';

const field = (value: unknown, key: string): string | undefined => {
  const v = (value as Record<string, unknown> | null | undefined)?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/**
 * What a handler's result says happened, as metrics: the third argument of `instrumented(…)`.
 * Each counts only what was done this time (a retried Task that finds its work done adds nothing).
 */
export const measure = {
  /** emit-payment-outcome: the PaymentLifecycle's single outcome (paid / expired / cancelled). */
  paymentOutcome: (result: { emitted: boolean; outcome?: string }): void => {
    if (result.emitted && result.outcome) recordWorkflowOutcome('PaymentLifecycle', result.outcome);
  },
  /** emit-template-outcome: the TemplateApproval's single outcome (approved / rejected / timed_out). */
  templateOutcome: (result: { emitted: boolean }, input: unknown): void => {
    const outcome = field(input, 'outcome');
    if (result.emitted && outcome) recordWorkflowOutcome('TemplateApproval', outcome.toLowerCase());
  },
  /** send-payment-message: a customer message of the lifecycle, by kind. */
  paymentMessage: (result: { sent: boolean }, input: unknown): void => {
    const kind = field(input, 'kind');
    if (result.sent && kind) recordDimensioned(MetricName.PaymentMessagesSent, { kind });
  },
  /** record-template-status: a status change applied to the catalogue, by status. */
  templateStatus: (result: { applied: boolean }, event: unknown): void => {
    const status = field((event as { detail?: unknown } | null)?.detail, 'status');
    if (result.applied && status) recordDimensioned(MetricName.TemplateStatusChanges, { status });
  },
};
