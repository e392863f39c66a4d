import * as z from 'zod';
import { getPaymentDeps } from '../adapters/razorpay/live-payment-deps.js';
import { reconcilePayment } from '../domain/payments/service.js';
import { instrumented } from '../observability/index.js';

const Input = z.object({ paymentId: z.string().min(1), closeIfOpen: z.boolean().default(true) });

/** PaymentLifecycle Task: no terminal webhook by expiry + grace → ask Razorpay (webhooks get lost). */
export const handler = instrumented('reconcile-payment', async (event: unknown) => {
  const input = Input.parse(event);
  return reconcilePayment(input.paymentId, { closeIfOpen: input.closeIfOpen }, getPaymentDeps());
});
