import { logger } from '../../observability/logger.js';
import type { PaymentAttempt } from './model.js';
import { PaymentRuleError, publicView, reconcilePayment, type PaymentDeps } from './service.js';

/** Longer than one Razorpay refund call can take (the SDK's timeout), retries included. */
export const REFUND_IN_FLIGHT_SECONDS = 60;

export interface RefundInput {
  paymentId: string;
  refundReference: string;
  /** Absent: everything still refundable on the chosen attempt. */
  amountMinor?: number;
  razorpayPaymentId?: string;
}

/** What may still be refunded from one captured attempt: captured − max(held, refunded). */
export function refundableMinor(a: PaymentAttempt): number {
  if (a.status !== 'captured' && a.status !== 'refunded') return 0;
  return Math.max(0, a.amountMinor - Math.max(a.refundReservedMinor, a.refundedMinor));
}

const inFlightUntil = (deps: PaymentDeps) => new Date(deps.now().getTime() + REFUND_IN_FLIGHT_SECONDS * 1000).toISOString();

/**
 * refund_payment: idempotent on `refundReference`. The amount is held against the attempt's
 * refundable balance with a conditional write BEFORE Razorpay is called, so a refund larger
 * than captured − refunded (or two racing refunds that together are) never reaches it.
 */
export async function refundPayment(input: RefundInput, deps: PaymentDeps) {
  const record = await deps.store.get(input.paymentId);
  if (!record) throw new PaymentRuleError(`payment_id: no payment ${input.paymentId}`, 404, 'NotFound', 'payment_id');
  const existing = (await deps.store.refunds(input.paymentId)).find((r) => r.refundReference === input.refundReference);
  if (existing && existing.status !== 'requested') return { refund: existing, duplicate: true, payment: publicView(record) };
  if (existing && !(await deps.store.takeRefundReference(input.paymentId, input.refundReference, deps.now().toISOString(), inFlightUntil(deps)))) {
    // Another call holds this reference and may be making the refund right now: calling Razorpay
    // too could refund twice (Razorpay does not dedupe on the receipt).
    throw new PaymentRuleError(
      `refund_reference: a refund with "${input.refundReference}" is being made by another call; retry in a minute`,
      409,
      'RefundInProgress',
      'refund_reference',
    );
  }

  let attempts = await deps.store.attempts(input.paymentId);
  if (!attempts.some((a) => refundableMinor(a) > 0) && record.paymentLinkId) {
    // Webhooks may not have told us the captured amounts yet: read them from Razorpay.
    // Stryker disable next-line ObjectLiteral: `{}` leaves closeIfOpen undefined, as falsy as false (the open-link test checks the link stays open)
    await reconcilePayment(input.paymentId, { closeIfOpen: false }, deps);
    attempts = await deps.store.attempts(input.paymentId);
  }
  const captured = attempts.filter((a) => a.status === 'captured' || a.status === 'refunded');
  let attempt: PaymentAttempt | undefined;
  if (existing) attempt = captured.find((a) => a.razorpayPaymentId === existing.razorpayPaymentId);
  else if (input.razorpayPaymentId) attempt = captured.find((a) => a.razorpayPaymentId === input.razorpayPaymentId);
  else if (captured.length === 1) attempt = captured[0];
  else if (
    // Stryker disable next-line EqualityOperator: one captured payment is taken by the branch above, so `>= 1` and `> 1` agree here
    captured.length > 1
  ) {
    throw new PaymentRuleError(
      `razorpay_payment_id: this payment has ${captured.length} captured payments (${captured.map((a) => a.razorpayPaymentId).join(', ')}); say which to refund`,
      400,
      'ValidationError',
      'razorpay_payment_id',
    );
  }
  if (!attempt) throw new PaymentRuleError(`payment ${input.paymentId} has no captured payment to refund`, 409, 'NothingToRefund');

  const available = refundableMinor(attempt);
  const amount = existing?.amountMinor ?? input.amountMinor ?? available;
  const at = deps.now().toISOString();
  if (!existing) {
    if (amount <= 0) throw new PaymentRuleError(`payment ${input.paymentId}: nothing left to refund`, 409, 'NothingToRefund');
    if (amount > available) {
      throw new PaymentRuleError(
        `amount: ${amount} exceeds what is refundable on ${attempt.razorpayPaymentId} (captured ${attempt.amountMinor} − refunded ${Math.max(attempt.refundedMinor, attempt.refundReservedMinor)} = ${available})`,
        409,
        'RefundExceedsCaptured',
        'amount',
      );
    }
    const reserved = await deps.store.reserveRefundReference(input.paymentId, {
      refundReference: input.refundReference,
      razorpayPaymentId: attempt.razorpayPaymentId,
      amountMinor: amount,
      status: 'requested',
      inFlightUntil: inFlightUntil(deps),
      createdAt: at,
      updatedAt: at,
    });
    if (!reserved.created) return refundPayment(input, deps); // a concurrent call took the reference
    if (!(await deps.store.holdRefundable(input.paymentId, attempt.razorpayPaymentId, amount))) {
      await deps.store.updateRefund(input.paymentId, input.refundReference, { status: 'failed', updatedAt: at });
      throw new PaymentRuleError(
        `amount: ${amount} exceeds what is still refundable on ${attempt.razorpayPaymentId} (a concurrent refund took it)`,
        409,
        'RefundExceedsCaptured',
        'amount',
      );
    }
  }

  // A repeat of a request whose answer was lost: Razorpay knows the refund by its receipt.
  const earlier = existing ? (await deps.gateway.listRefunds(attempt.razorpayPaymentId)).find((r) => r.receipt === input.refundReference) : undefined;
  let refund = earlier;
  if (!refund) {
    try {
      refund = await deps.gateway.refund(attempt.razorpayPaymentId, { amountMinor: amount, receipt: input.refundReference, notes: { payment_id: input.paymentId } });
    } catch (err) {
      if (!(err as { retryable?: boolean }).retryable) {
        await deps.store.releaseRefundable(input.paymentId, attempt.razorpayPaymentId, amount);
        await deps.store.updateRefund(input.paymentId, input.refundReference, { status: 'failed', updatedAt: deps.now().toISOString() });
      } else {
        // This call is over: a repeat may look the refund up (it may have been made) at once.
        await deps.store.updateRefund(input.paymentId, input.refundReference, { inFlightUntil: deps.now().toISOString(), updatedAt: deps.now().toISOString() });
      }
      throw err;
    }
  }
  const status = refund.status === 'processed' ? 'processed' : refund.status === 'failed' ? 'failed' : 'pending';
  await deps.store.updateRefund(input.paymentId, input.refundReference, {
    refundId: refund.id,
    status,
    inFlightUntil: deps.now().toISOString(),
    updatedAt: deps.now().toISOString(),
  });
  if (status === 'processed') await deps.store.recordRefundSettled(input.paymentId, refund.id, attempt.razorpayPaymentId, refund.amountMinor, deps.now().toISOString());
  if (status === 'failed') await deps.store.releaseRefundable(input.paymentId, attempt.razorpayPaymentId, amount);
  await deps.store.addHistory(input.paymentId, {
    occurredAt: deps.now().toISOString(),
    eventId: `refund:${input.refundReference}`,
    source: 'action',
    kind: 'refund_requested',
    status,
    detail: { refundId: refund.id, amountMinor: amount, razorpayPaymentId: attempt.razorpayPaymentId },
    applied: true,
  });
  const after = (await deps.store.get(input.paymentId)) ?? record;
  if (status !== 'failed')
    await deps.notify('refunded', after, { refundedMinor: amount }).catch((err) => logger.warn('refund message not sent', { error: (err as Error).message }));
  const stored = (await deps.store.refunds(input.paymentId)).find((r) => r.refundReference === input.refundReference);
  return { refund: stored, duplicate: false, payment: publicView(after) };
}
