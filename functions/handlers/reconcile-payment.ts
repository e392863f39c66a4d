import * as z from 'zod';
import { paymentDeps } from '../wiring/payments.js';
import { razorpayGateway } from '../wiring/razorpay.js';
import { getDeps } from '../wiring/shared.js';
import { reconcilePayment } from '../domain/payments/service.js';
import { instrumented } from '../observability/index.js';

const Input = z.object({ paymentId: z.string().min(1), closeIfOpen: z.boolean().default(true) });

/** This function's wiring: the payment adapters with the Razorpay gateway (it calls Razorpay). */
const wiring = () => paymentDeps(getDeps(), razorpayGateway);

/** PaymentLifecycle Task: no terminal webhook by expiry + grace → ask Razorpay (webhooks get lost). */
export const handler = instrumented('reconcile-payment', async (event: unknown) => {
  const input = Input.parse(event);
  return reconcilePayment(input.paymentId, { closeIfOpen: input.closeIfOpen }, wiring());
});
