import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType, DomainEventSchemas } from '../../events/index.js';
import { paymentDeps } from '../wiring/payments.js';
import { recordLinkEvent, recordProviderPaymentEvent, recordRefundEvent, type PaymentDeps } from '../domain/payments/service.js';
import { instrumented, logger } from '../observability/index.js';

/**
 * Target of the `record-payment-event` rule: Razorpay link / payment / refund updates and Meta
 * payment statuses. Every write is idempotent and monotonic; the lifecycle is resumed after it.
 */
export const recordPaymentEventHandler =
  (wiring: () => PaymentDeps) =>
  async (event: EventBridgeEvent<string, unknown>): Promise<{ outcome: string }> => {
    const deps = wiring();
    const type = event['detail-type'];
    let outcome: string;
    switch (type) {
      case DetailType.PaymentLinkUpdated:
        outcome = await recordLinkEvent(DomainEventSchemas[DetailType.PaymentLinkUpdated].parse(event.detail), deps);
        break;
      case DetailType.PaymentUpdated:
        outcome = await recordProviderPaymentEvent(DomainEventSchemas[DetailType.PaymentUpdated].parse(event.detail), deps);
        break;
      case DetailType.RefundUpdated:
        outcome = await recordRefundEvent(DomainEventSchemas[DetailType.RefundUpdated].parse(event.detail), deps);
        break;
      case DetailType.PaymentMetaStatus: {
        const d = DomainEventSchemas[DetailType.PaymentMetaStatus].parse(event.detail);
        outcome = (await deps.store.recordMetaStatus(d)) ? 'meta-status' : 'meta-status-duplicate';
        break;
      }
      default:
        throw new Error(`record-payment-event does not handle detail-type "${type}"`);
    }
    logger.info('payment event recorded', { detailType: type, outcome, eventId: (event.detail as { eventId?: string }).eventId });
    return { outcome };
  };

/** The live wiring: the payment adapters, without Razorpay (it never calls it). */
export const handler = instrumented('record-payment-event', recordPaymentEventHandler(paymentDeps));
