import { createHash } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType, DomainEventSchemas } from '../../events/index.js';
import { EumPhoneNumberDirectory, eumPhoneNumberIdLookup } from '../adapters/eum/phone-numbers.js';
import { paymentDeps } from '../wiring/payments.js';
import { razorpayGateway } from '../wiring/razorpay.js';
import { getDeps } from '../wiring/shared.js';
import { createPaymentRequest, PaymentRuleError, type PaymentDeps } from '../domain/payments/service.js';
import type { PhoneNumberDirectory } from '../ports/eum.js';
import { instrumented, logger } from '../observability/index.js';

/** `ORDER_TO_PAYMENT=on` turns inbound WhatsApp carts into payment requests. */
export const ORDER_TO_PAYMENT_ENV = 'ORDER_TO_PAYMENT';
const DEFAULT_EXPIRY_MINUTES = 60;

export interface PaymentFromOrderWiring {
  payments: PaymentDeps;
  /** EUM's phone numbers of a linked WABA: where the order arrived, when no origination is configured. */
  phoneDirectory(wabaId: string): PhoneNumberDirectory;
}

/**
 * Target of the `payment-from-order` rule (order.received). Idempotent per order message: the
 * reference is derived from the message id, so a redelivered order finds its payment.
 */
export const paymentFromOrderHandler = (wiring: () => PaymentFromOrderWiring) => {
  let eumIdOf: ((metaPhoneNumberId: string) => Promise<string | undefined>) | undefined;

  /** The EUM phone number id (origination) for Meta's phone_number_id the order arrived on. */
  async function originationFor(metaPhoneNumberId: string | undefined): Promise<string | undefined> {
    const configured = process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID;
    if (configured) return configured;
    const wabaId = process.env.EUM_WABA_ID;
    if (!wabaId || !metaPhoneNumberId) return undefined;
    eumIdOf ??= eumPhoneNumberIdLookup(wiring().phoneDirectory(wabaId));
    return eumIdOf(metaPhoneNumberId);
  }

  return async (event: EventBridgeEvent<string, unknown>) => {
    if ((process.env[ORDER_TO_PAYMENT_ENV] ?? 'off').toLowerCase() !== 'on') return { skipped: 'ORDER_TO_PAYMENT is not on' };
    const order = DomainEventSchemas[DetailType.OrderReceived].parse(event.detail);
    if (!order.totalMinor || !order.currency) {
      logger.warn('order without a single-currency total: no payment request', { messageId: order.messageId });
      return { skipped: 'order has no single-currency total' };
    }
    const origination = await originationFor(order.phoneNumberId);
    if (!origination) throw new Error('cannot tell which EUM phone number received the order: set PAYMENT_ORIGINATION_PHONE_NUMBER_ID');
    const deps = wiring().payments;
    const minutes = Number(process.env.ORDER_PAYMENT_EXPIRY_MINUTES) || DEFAULT_EXPIRY_MINUTES;
    const itemCount = order.items.reduce((n, i) => n + i.quantity, 0);
    try {
      const res = await createPaymentRequest(
        {
          waId: order.from,
          originationPhoneNumberId: origination,
          amountMinor: order.totalMinor,
          currency: order.currency,
          description: `Your WhatsApp order (${itemCount} item${itemCount === 1 ? '' : 's'})`,
          // Razorpay reference ids are ≤ 40 chars; wamids are longer, so hash via the payment id scheme.
          referenceId: `wao_${shortHash(order.messageId)}`,
          expireBy: new Date(deps.now().getTime() + Math.max(15, minutes) * 60_000),
          upiLink: false,
          acceptPartial: false,
          customer: { contact: `+${order.from}` },
          reminder: true,
          orderMessageId: order.messageId,
        },
        deps,
      );
      await deps.store.putAlias('WAORDER', order.messageId, res.payment.paymentId);
      return { paymentId: res.payment.paymentId, created: res.created };
    } catch (err) {
      // A cart we cannot charge (e.g. above the limit) is a business fact, not a retryable failure.
      if (err instanceof PaymentRuleError) {
        logger.warn('order not turned into a payment request', { messageId: order.messageId, reason: err.message });
        return { skipped: err.message };
      }
      throw err;
    }
  };
};

/** The live wiring: the payment adapters with the Razorpay gateway (it calls Razorpay), EUM's phone numbers. */
export const handler = instrumented(
  'payment-from-order',
  paymentFromOrderHandler(() => ({ payments: paymentDeps(getDeps(), razorpayGateway), phoneDirectory: (wabaId) => new EumPhoneNumberDirectory(wabaId) })),
);

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}
