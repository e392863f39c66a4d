import * as z from 'zod';
import { paymentDeps } from '../wiring/payments.js';
import { razorpayGateway } from '../wiring/razorpay.js';
import { getDeps } from '../wiring/shared.js';
import { reconcilePayment, type PaymentDeps } from '../domain/payments/service.js';
import { instrumented } from '../observability/index.js';

const Input = z.object({ paymentId: z.string().min(1), closeIfOpen: z.boolean().default(true) });

/** PaymentLifecycle Task: no terminal webhook by expiry + grace → ask Razorpay (webhooks get lost). */
export const reconcilePaymentHandler = (wiring: () => PaymentDeps) => async (event: unknown) => {
  const input = Input.parse(event);
  return reconcilePayment(input.paymentId, { closeIfOpen: input.closeIfOpen }, wiring());
};

/** The live wiring: the payment adapters with the Razorpay gateway (it calls Razorpay). */
export const handler = instrumented(
  'reconcile-payment',
  reconcilePaymentHandler(() => paymentDeps(getDeps(), razorpayGateway)),
);
