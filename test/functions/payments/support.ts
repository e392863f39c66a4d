import type { CreatePaymentInput, LinkEvent, PaymentDeps } from '../../../functions/domain/payments/service.js';

/**
 * The payments domain's inputs and dependencies as the unit tests build them. Each file names what
 * it varies (its customer, its references, what it records); the rest is a payment request anyone
 * could make and collaborators that just say yes.
 */

/** A ₹10.00 request, partial payments accepted, with a reminder, due an hour after `now`. */
export function paymentRequest(now: Date, over: Pick<CreatePaymentInput, 'waId' | 'description' | 'referenceId'> & Partial<CreatePaymentInput>): CreatePaymentInput {
  return {
    originationPhoneNumberId: 'phone-number-id-test',
    amountMinor: 1000,
    currency: 'INR',
    expireBy: new Date(now.getTime() + 3600_000),
    upiLink: false,
    acceptPartial: true,
    customer: {},
    reminder: true,
    ...over,
  };
}

/**
 * The domain's dependencies at a fixed clock: the lifecycle workflow starts, every message is sent,
 * one waiter is resumed, five minutes' grace; `over` replaces what a test records or breaks.
 */
export function paymentDeps(store: PaymentDeps['store'], gateway: PaymentDeps['gateway'], now: PaymentDeps['now'], over: Partial<PaymentDeps> = {}): PaymentDeps {
  return {
    store,
    gateway,
    starter: { start: async () => ({ started: true }) },
    notify: async () => ({ sent: true, messageKey: 'out_1', via: 'session' }),
    resume: async () => 1,
    now,
    graceSeconds: 300,
    ...over,
  };
}

/** Razorpay's `payment_link.<status>` webhook for `linkId`, as normalized: `amountPaid` so far, the payment that made it. */
export const linkEvent = (linkId: string, status: string, amountPaid: number, paymentId?: string, at = '2026-03-01T10:05:00.000Z'): LinkEvent => ({
  eventId: `rzp:plink:${linkId}:${status}:${amountPaid}`,
  occurredAt: at,
  receivedAt: at,
  paymentLinkId: linkId,
  status,
  amountPaid,
  paymentId,
  providerEvent: `payment_link.${status}`,
});
