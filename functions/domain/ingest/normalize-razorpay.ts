import { ZodError } from 'zod';
import { DetailType, makeEvent, type DomainEvent } from '../../../events/index.js';
import { RazorpayEventEnvelopeSchema, RazorpayWebhookSchema } from '../../../events/inbound/razorpay-webhook.js';
import { toIsoTime } from '../shared/time.js';
import { describeZodError } from '../shared/zod-errors.js';
import { InvalidPayloadError } from './normalize-eum.js';
import type { NormalizeResult } from './normalize-meta.js';

/**
 * Razorpay webhook body → domain events. Event ids are derived from the entity and its state
 * (not the delivery), so the same state reported by two different webhooks collapses too.
 */
/** `<entity>.<action>` events whose entity we turn into domain events; all others are acknowledged and ignored. */
const HANDLED_ENTITIES = new Set(['payment_link', 'payment', 'order', 'refund']);

export function normalizeRazorpayWebhook(body: unknown, receivedAt: string): NormalizeResult {
  try {
    return normalizeParsed(body, receivedAt);
  } catch (err) {
    // A body that passes the inbound schema can still make an invalid event (an id past 512 chars…).
    if (err instanceof ZodError) throw new InvalidPayloadError(`Razorpay webhook: ${describeZodError(err)}`);
    throw err;
  }
}

function normalizeParsed(body: unknown, receivedAt: string): NormalizeResult {
  const envelope = RazorpayEventEnvelopeSchema.safeParse(body);
  if (!envelope.success) throw new InvalidPayloadError(`Razorpay webhook: ${describeZodError(envelope.error)}`);
  const parts = envelope.data.event.split('.');
  if (parts.length !== 2 || !HANDLED_ENTITIES.has(parts[0]!)) {
    // e.g. payment.dispute.created, payment.downtime.started, subscription.*: not ours, never a 4xx
    return { events: [], ignored: [{ field: envelope.data.event, reason: 'event kind not handled by this system' }], rejected: [] };
  }
  const parsed = RazorpayWebhookSchema.safeParse(body);
  if (!parsed.success) throw new InvalidPayloadError(`Razorpay webhook: ${describeZodError(parsed.error)}`);
  const w = parsed.data;
  const occurredAt = toIsoTime(w.created_at ?? w.payload.created_at, receivedAt);
  const base = { occurredAt, receivedAt, provider: 'razorpay' as const, providerEvent: w.event };
  const events: DomainEvent[] = [];
  const [entityKind] = w.event.split('.');
  const link = w.payload.payment_link?.entity;
  const payment = w.payload.payment?.entity;
  const refund = w.payload.refund?.entity;

  if (entityKind === 'payment_link' && link) {
    events.push(
      makeEvent(DetailType.PaymentLinkUpdated, {
        ...base,
        eventId: `rzp:plink:${link.id}:${link.status}:${link.amount_paid ?? 0}`,
        paymentLinkId: link.id,
        referenceId: link.reference_id ?? undefined,
        status: link.status,
        amount: link.amount,
        amountPaid: link.amount_paid,
        currency: link.currency || payment?.currency || 'INR',
        paymentId: payment?.id,
      }),
    );
  }
  if (payment && (entityKind === 'payment' || entityKind === 'payment_link' || entityKind === 'order')) {
    events.push(
      makeEvent(DetailType.PaymentUpdated, {
        ...base,
        eventId: `rzp:pay:${payment.id}:${payment.status}`,
        paymentId: payment.id,
        orderId: payment.order_id ?? undefined,
        status: payment.status,
        amount: payment.amount,
        amountRefunded: payment.amount_refunded,
        currency: payment.currency || 'INR',
        method: payment.method ?? undefined,
        errorCode: payment.error_code ?? undefined,
        errorDescription: payment.error_description ?? undefined,
      }),
    );
  }
  if (entityKind === 'refund' && refund) {
    events.push(
      makeEvent(DetailType.RefundUpdated, {
        ...base,
        eventId: `rzp:refund:${refund.id}:${refund.status}`,
        refundId: refund.id,
        paymentId: refund.payment_id,
        status: refund.status,
        amount: refund.amount,
        currency: refund.currency || 'INR',
      }),
    );
  }
  const ignored = events.length ? [] : [{ field: w.event, reason: 'event kind not handled by this system' }];
  return { events, ignored, rejected: [] };
}
