import * as z from 'zod';
import { getPaymentDeps } from '../adapters/razorpay/payment-deps.js';
import { snapshot, WAITER_KIND } from '../domain/payments/service.js';
import { registerWaiter } from '../workflows/waiters.js';
import { getDeps } from '../wiring.js';
import { correlated } from '../observability/logger.js';

const Input = z.object({
  taskToken: z.string().min(1),
  paymentId: z.string().min(1),
  paymentLinkId: z.string().min(1),
  /** What the execution already knows: only news resumes it at once. */
  seen: z.object({ status: z.string(), amountPaidMinor: z.number().int() }),
  tickSeconds: z.number().int().positive(),
  executionId: z.string().optional(),
});

/** PaymentLifecycle Task (waitForTaskToken): parks the token under the payment link. */
export const handler = correlated(async (event: unknown) => {
  const input = Input.parse(event);
  const deps = getPaymentDeps();
  const shared = getDeps();
  // An execution waits on one token at a time: tokens its earlier ticks parked timed out.
  if (input.executionId) {
    for (const w of await shared.waiters.list(WAITER_KIND, input.paymentLinkId)) {
      if (w.executionId === input.executionId) await shared.waiters.take(w);
    }
  }
  const state = await registerWaiter(
    { kind: WAITER_KIND, subjectId: input.paymentLinkId, taskToken: input.taskToken, executionId: input.executionId, ttlSeconds: input.tickSeconds + 3600 },
    async () => {
      const p = await deps.store.get(input.paymentId);
      if (!p) return undefined;
      const news = p.status !== input.seen.status || p.amountPaidMinor !== input.seen.amountPaidMinor;
      return news ? snapshot(p) : undefined;
    },
    shared,
  );
  return { state };
});
