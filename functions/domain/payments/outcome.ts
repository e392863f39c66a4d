import { DetailType, makeEvent, type DomainEvent } from '../../../events/index.js';
import type { EventPublisher } from '../../ports/index.js';
import { outcomeOf } from './lifecycle.js';
import type { PaymentRecord } from './model.js';
import type { PaymentStore } from '../../ports/payments.js';

const OUTCOME_EVENT = { paid: DetailType.PaymentCompleted, expired: DetailType.PaymentExpired, cancelled: DetailType.PaymentCancelled } as const;

export function outcomeEvent(p: PaymentRecord, outcome: 'paid' | 'expired' | 'cancelled', at: string): DomainEvent {
  return makeEvent(OUTCOME_EVENT[outcome], {
    // One id per payment, whatever the outcome: consumers can dedupe on it too.
    eventId: `payment-outcome:${p.paymentId}`,
    occurredAt: at,
    receivedAt: at,
    paymentId: p.paymentId,
    referenceId: p.referenceId,
    paymentLinkId: p.paymentLinkId ?? '',
    waId: p.waId,
    status: outcome,
    amountMinor: p.amountMinor,
    amountPaidMinor: p.amountPaidMinor,
    currency: p.currency,
    ...(p.orderMessageId ? { orderMessageId: p.orderMessageId } : {}),
  });
}

/**
 * Publishes the payment's single terminal outcome. The claim is a conditional write on the
 * payment; only its winner (or a retry of a winner whose publish failed) publishes.
 */
export async function emitOutcome(paymentId: string, deps: { store: PaymentStore; publisher: EventPublisher; now: () => Date }) {
  const p = await deps.store.get(paymentId);
  if (!p) throw new Error(`no payment ${paymentId}`);
  const outcome = outcomeOf(p.status);
  if (!outcome) throw new Error(`payment ${paymentId} is ${p.status}: no terminal outcome to emit`);
  const claim = await deps.store.claimOutcome(paymentId, outcome);
  if (claim === 'taken') {
    const stored = await deps.store.get(paymentId);
    return { emitted: false, outcome: stored?.outcome ?? outcome };
  }
  const res = await deps.publisher.publish([outcomeEvent(p, outcome, deps.now().toISOString())]);
  if (res.failed.length) throw new Error(`publishing the ${outcome} outcome of ${paymentId} failed: ${res.failed[0]?.errorCode}`);
  await deps.store.markOutcomePublished(paymentId);
  return { emitted: true, outcome };
}
