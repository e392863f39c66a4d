import { createHash } from 'node:crypto';

/**
 * Our payment id is derived from the caller's reference_id: the same reference always names
 * the same item, which is what makes "one reference → one link" a single conditional put.
 */
export function paymentIdFor(referenceId: string): string {
  return `pr_${createHash('sha256').update(`reference:${referenceId}`).digest('hex').slice(0, 24)}`;
}

/** Razorpay order ids appear with (`order_X`) and without (`X`) their prefix: compare the bare id. */
export function bareOrderId(orderId: string): string {
  return orderId.startsWith('order_') ? orderId.slice('order_'.length) : orderId;
}

/** Step Functions execution names: ≤ 80 chars of [A-Za-z0-9-_]; one per payment, so it cannot start twice. */
export function lifecycleExecutionName(paymentId: string): string {
  return `payment-${paymentId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
}
