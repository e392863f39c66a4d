import * as z from 'zod';
import { paymentDeps } from '../wiring/payments.js';
import { resumeOutput, snapshot, WAITER_KIND, type PaymentDeps } from '../domain/payments/service.js';
import { registerWaiter, takeEarlierWaiters, type WaiterDeps } from '../waits/waiters.js';
import { getDeps } from '../wiring/shared.js';
import { instrumented } from '../observability/index.js';

const Input = z
  .object({
    taskToken: z.string().min(1),
    paymentId: z.string().min(1),
    paymentLinkId: z.string().min(1),
    /** What the execution already knows: only news resumes it at once. */
    seen: z.object({ status: z.string(), amountPaidMinor: z.number().int() }),
    /** How long this clock still runs: the wait's TimeoutSecondsPath. */
    waitSeconds: z.number().int().positive().optional(),
    /** The same, as sent by executions started before waits were one per clock (in flight during a deploy). */
    tickSeconds: z.number().int().positive().optional(),
    executionId: z.string().optional(),
  })
  .refine((v) => v.waitSeconds !== undefined || v.tickSeconds !== undefined, { path: ['waitSeconds'], message: 'waitSeconds is required (a positive integer)' });

export interface RegisterPaymentWaiterWiring {
  payments: Pick<PaymentDeps, 'store' | 'now'>;
  waits: WaiterDeps;
}

/** PaymentLifecycle Task (waitForTaskToken): parks the token under the payment link until its clock runs out. */
export const registerPaymentWaiterHandler = (wiring: () => RegisterPaymentWaiterWiring) => async (event: unknown) => {
  const input = Input.parse(event);
  const { payments: deps, waits } = wiring();
  await takeEarlierWaiters(WAITER_KIND, input.paymentLinkId, input.executionId, waits);
  const waitSeconds = input.waitSeconds ?? input.tickSeconds!;
  const now = deps.now();
  const state = await registerWaiter(
    {
      kind: WAITER_KIND,
      subjectId: input.paymentLinkId,
      taskToken: input.taskToken,
      executionId: input.executionId,
      ttlSeconds: waitSeconds + 3600,
      waitUntil: Math.ceil(now.getTime() / 1000) + waitSeconds,
    },
    async (_linkId, waiter) => {
      const p = await deps.store.get(input.paymentId);
      if (!p) return undefined;
      const news = p.status !== input.seen.status || p.amountPaidMinor !== input.seen.amountPaidMinor;
      return news ? resumeOutput(snapshot(p), waiter.waitUntil, deps.now()) : undefined;
    },
    waits,
  );
  return { state };
};

/** The live wiring: the payment adapters without Razorpay (it never calls it), the shared waiter store and task tokens. */
export const handler = instrumented(
  'register-payment-waiter',
  registerPaymentWaiterHandler(() => ({ payments: paymentDeps(), waits: getDeps() })),
);
