import * as z from 'zod';
import { instrumented, measure } from '../observability/index.js';
import type { PaymentDeps } from '../domain/payments/service.js';
import { paymentDeps } from '../wiring/payments.js';

const Input = z.object({
  paymentId: z.string().min(1),
  kind: z.enum(['link', 'reminder', 'partial', 'paid', 'expired', 'cancelled']),
});

/** PaymentLifecycle Task: one customer message (session message in the window, else the template). */
export const sendPaymentMessageHandler = (wiring: () => PaymentDeps) => async (event: unknown) => {
  const input = Input.parse(event);
  const deps = wiring();
  const p = await deps.store.get(input.paymentId);
  if (!p) throw new Error(`no payment ${input.paymentId}`);
  // A reminder for a payment that settled meanwhile would only confuse the customer.
  if ((input.kind === 'reminder' || input.kind === 'partial') && ['paid', 'expired', 'cancelled'].includes(p.status)) {
    return { sent: false, reason: `payment is ${p.status}` };
  }
  const result = await deps.notify(input.kind, p);
  await deps.store.addHistory(p.paymentId, {
    occurredAt: new Date().toISOString(),
    eventId: `message:${input.kind}:${result.messageKey ?? `${p.status}:${p.amountPaidMinor}`}`,
    source: 'workflow',
    kind: `message.${input.kind}`,
    detail: { ...result },
    applied: result.sent,
  });
  return result;
};

/** The live wiring: the payment adapters, without Razorpay (it never calls it). */
export const handler = instrumented('send-payment-message', sendPaymentMessageHandler(paymentDeps), measure.paymentMessage);
