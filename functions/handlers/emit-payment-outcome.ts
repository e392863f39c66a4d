import * as z from 'zod';
import { paymentDeps } from '../wiring/payments.js';
import { emitOutcome } from '../domain/payments/outcome.js';
import { getDeps } from '../wiring/shared.js';
import { instrumented, measure } from '../observability/index.js';

const Input = z.object({ paymentId: z.string().min(1) });

/** This function's wiring: the payment adapters, without Razorpay (it never calls it). */
const wiring = () => paymentDeps();

/** PaymentLifecycle Task: publishes payment.completed / expired / cancelled exactly once. */
export const handler = instrumented(
  'emit-payment-outcome',
  async (event: unknown) => {
    const { paymentId } = Input.parse(event);
    const deps = wiring();
    return emitOutcome(paymentId, { store: deps.store, publisher: getDeps().publisher, now: deps.now });
  },
  measure.paymentOutcome,
);
