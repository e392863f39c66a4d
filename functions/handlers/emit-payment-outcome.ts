import * as z from 'zod';
import { paymentDeps } from '../wiring/payments.js';
import { emitOutcome } from '../domain/payments/outcome.js';
import type { PaymentDeps } from '../domain/payments/service.js';
import { getDeps, type Deps } from '../wiring/shared.js';
import { instrumented, measure } from '../observability/index.js';

const Input = z.object({ paymentId: z.string().min(1) });

export type EmitPaymentOutcomeWiring = Pick<PaymentDeps, 'store' | 'now'> & Pick<Deps, 'publisher'>;

/** PaymentLifecycle Task: publishes payment.completed / expired / cancelled exactly once. */
export const emitPaymentOutcomeHandler = (wiring: () => EmitPaymentOutcomeWiring) => async (event: unknown) => {
  const { paymentId } = Input.parse(event);
  return emitOutcome(paymentId, wiring());
};

/** The live wiring: the payment adapters without Razorpay (it never calls it), the shared publisher. */
export const handler = instrumented(
  'emit-payment-outcome',
  emitPaymentOutcomeHandler(() => {
    const payments = paymentDeps();
    return { store: payments.store, now: payments.now, publisher: getDeps().publisher };
  }),
  measure.paymentOutcome,
);
