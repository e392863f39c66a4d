import * as z from 'zod';
import { getPaymentDeps } from '../adapters/razorpay/payment-deps.js';
import { emitOutcome } from '../domain/payments/outcome.js';
import { getDeps } from '../wiring/shared.js';
import { correlated } from '../observability/logger.js';

const Input = z.object({ paymentId: z.string().min(1) });

/** PaymentLifecycle Task: publishes payment.completed / expired / cancelled exactly once. */
export const handler = correlated(async (event: unknown) => {
  const { paymentId } = Input.parse(event);
  const deps = getPaymentDeps();
  return emitOutcome(paymentId, { store: deps.store, publisher: getDeps().publisher, now: deps.now });
});
