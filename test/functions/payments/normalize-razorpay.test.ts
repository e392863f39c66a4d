import { describe, expect, it } from 'vitest';
import { DetailType } from '../../../events/index.js';
import { InvalidPayloadError } from '../../../functions/domain/ingest/normalize-eum.js';
import { normalizeRazorpayWebhook } from '../../../functions/domain/ingest/normalize-razorpay.js';

/**
 * Razorpay webhooks in their documented shapes (razorpay.com/docs/webhooks; synthetic ids), in USD
 * as well as INR: the currency of the money must survive normalization, whatever entity carries it.
 */
const RECEIVED = '2026-03-01T10:05:00.000Z';
const CREATED = 1772359200; // 2026-03-01T10:00:00Z

const payment = (over: Record<string, unknown> = {}) => ({
  id: 'pay_TestUsd0001',
  entity: 'payment',
  amount: 2500,
  currency: 'USD',
  status: 'captured',
  order_id: 'order_TestUsd0001',
  method: 'card',
  amount_refunded: 0,
  captured: true,
  error_code: null,
  error_description: null,
  notes: [],
  created_at: CREATED,
  ...over,
});
const link = (over: Record<string, unknown> = {}) => ({
  id: 'plink_TestUsd0001',
  entity: 'payment_link',
  amount: 2500,
  amount_paid: 2500,
  currency: 'USD',
  status: 'paid',
  reference_id: 'REF-USD-1',
  short_url: 'https://rzp.io/i/test',
  upi_link: false,
  notes: null,
  created_at: CREATED,
  ...over,
});
const refund = (over: Record<string, unknown> = {}) => ({
  id: 'rfnd_TestUsd0001',
  entity: 'refund',
  amount: 1000,
  currency: 'USD',
  payment_id: 'pay_TestUsd0001',
  status: 'processed',
  notes: [],
  created_at: CREATED,
  ...over,
});
const webhook = (event: string, payload: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  entity: 'event',
  account_id: 'acc_TestAccount0001',
  event,
  contains: Object.keys(payload),
  payload: Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, { entity: v }])),
  created_at: CREATED,
  ...over,
});
const details = (body: unknown) => normalizeRazorpayWebhook(body, RECEIVED).events.map((e) => ({ detailType: e.detailType, ...e.detail }));

describe('normalizeRazorpayWebhook: currencies', () => {
  it('a USD refund stays a USD refund', () => {
    expect(details(webhook('refund.processed', { refund: refund(), payment: payment() }))).toEqual([
      expect.objectContaining({
        detailType: DetailType.RefundUpdated,
        eventId: 'rzp:refund:rfnd_TestUsd0001:processed',
        refundId: 'rfnd_TestUsd0001',
        paymentId: 'pay_TestUsd0001',
        status: 'processed',
        amount: 1000,
        currency: 'USD',
        providerEvent: 'refund.processed',
        provider: 'razorpay',
      }),
    ]);
  });

  it('a refund with an empty currency (seen in samples) is INR, the account currency', () => {
    expect(details(webhook('refund.processed', { refund: refund({ currency: '' }) }))).toEqual([expect.objectContaining({ currency: 'INR', amount: 1000 })]);
  });

  it('a USD captured payment stays USD, with its order, method and refunded amount', () => {
    expect(details(webhook('payment.captured', { payment: payment({ amount_refunded: 500 }) }))).toEqual([
      {
        detailType: DetailType.PaymentUpdated,
        eventId: 'rzp:pay:pay_TestUsd0001:captured',
        occurredAt: '2026-03-01T10:00:00.000Z',
        receivedAt: RECEIVED,
        provider: 'razorpay',
        providerEvent: 'payment.captured',
        paymentId: 'pay_TestUsd0001',
        orderId: 'order_TestUsd0001',
        status: 'captured',
        amount: 2500,
        amountRefunded: 500,
        currency: 'USD',
        method: 'card',
      },
    ]);
  });

  it('a payment with an empty currency is INR; a failed one carries its error', () => {
    expect(
      details(
        webhook('payment.failed', {
          payment: payment({ currency: '', status: 'failed', order_id: null, method: null, error_code: 'BAD_REQUEST_ERROR', error_description: 'Payment failed' }),
        }),
      ),
    ).toEqual([
      expect.objectContaining({ currency: 'INR', status: 'failed', orderId: undefined, method: undefined, errorCode: 'BAD_REQUEST_ERROR', errorDescription: 'Payment failed' }),
    ]);
  });

  it('a paid USD link: the link and its payment both in USD', () => {
    expect(details(webhook('payment_link.paid', { payment_link: link(), payment: payment() }))).toEqual([
      {
        detailType: DetailType.PaymentLinkUpdated,
        eventId: 'rzp:plink:plink_TestUsd0001:paid:2500',
        occurredAt: '2026-03-01T10:00:00.000Z',
        receivedAt: RECEIVED,
        provider: 'razorpay',
        providerEvent: 'payment_link.paid',
        paymentLinkId: 'plink_TestUsd0001',
        referenceId: 'REF-USD-1',
        status: 'paid',
        amount: 2500,
        amountPaid: 2500,
        currency: 'USD',
        paymentId: 'pay_TestUsd0001',
      },
      expect.objectContaining({ detailType: DetailType.PaymentUpdated, currency: 'USD', paymentId: 'pay_TestUsd0001' }),
    ]);
  });

  it('a link with an empty currency takes its payment’s (USD), else INR', () => {
    expect(details(webhook('payment_link.paid', { payment_link: link({ currency: '' }), payment: payment() }))[0]).toMatchObject({ currency: 'USD' });
    expect(details(webhook('payment_link.paid', { payment_link: link({ currency: '' }), payment: payment({ currency: '' }) }))[0]).toMatchObject({ currency: 'INR' });
    expect(details(webhook('payment_link.expired', { payment_link: link({ currency: '', status: 'expired', amount_paid: undefined, reference_id: null }) }))).toEqual([
      expect.objectContaining({ currency: 'INR', eventId: 'rzp:plink:plink_TestUsd0001:expired:0', referenceId: undefined, paymentId: undefined }),
    ]);
  });
});

describe('normalizeRazorpayWebhook: which events and when', () => {
  it('an order.paid carries its payment only', () => {
    expect(details(webhook('order.paid', { payment: payment(), order: { id: 'order_TestUsd0001', status: 'paid' } })).map((d) => d.detailType)).toEqual([
      DetailType.PaymentUpdated,
    ]);
  });

  it('a refund webhook does not publish the payment beside it; a payment webhook does not publish a refund', () => {
    expect(details(webhook('refund.created', { refund: refund({ status: 'pending' }), payment: payment() })).map((d) => d.detailType)).toEqual([DetailType.RefundUpdated]);
    expect(details(webhook('payment.captured', { payment: payment(), refund: refund() })).map((d) => d.detailType)).toEqual([DetailType.PaymentUpdated]);
    expect(details(webhook('payment.captured', { payment_link: link(), payment: payment() })).map((d) => d.detailType)).toEqual([DetailType.PaymentUpdated]);
  });

  it('events of other entities, or with more than two parts, are acknowledged and ignored without checking their payload', () => {
    for (const event of ['payment.dispute.created', 'subscription.charged', 'payment.downtime.started']) {
      expect(normalizeRazorpayWebhook({ entity: 'event', event, payload: 'not checked' }, RECEIVED)).toEqual({
        events: [],
        ignored: [{ field: event, reason: 'event kind not handled by this system' }],
        rejected: [],
      });
    }
  });

  it('a handled kind without its entity is ignored, not published empty', () => {
    expect(normalizeRazorpayWebhook(webhook('refund.processed', {}), RECEIVED)).toEqual({
      events: [],
      ignored: [{ field: 'refund.processed', reason: 'event kind not handled by this system' }],
      rejected: [],
    });
  });

  it('the time is the event’s created_at, else the payload’s, else when it was received', () => {
    const at = (body: unknown) => normalizeRazorpayWebhook(body, RECEIVED).events[0]!.detail.occurredAt;
    expect(at(webhook('refund.processed', { refund: refund() }))).toBe('2026-03-01T10:00:00.000Z');
    expect(at({ ...webhook('refund.processed', { refund: refund() }, { created_at: undefined }), payload: { refund: { entity: refund() }, created_at: CREATED + 60 } })).toBe(
      '2026-03-01T10:01:00.000Z',
    );
    expect(at(webhook('refund.processed', { refund: refund() }, { created_at: undefined }))).toBe(RECEIVED);
  });

  it('bad bodies are InvalidPayloadError naming the field', () => {
    expect(() => normalizeRazorpayWebhook({ entity: 'event', event: 'refund' }, RECEIVED)).toThrow(/event/);
    expect(() => normalizeRazorpayWebhook({ event: 'refund.processed' }, RECEIVED)).toThrow(InvalidPayloadError);
    expect(() => normalizeRazorpayWebhook(webhook('refund.processed', { refund: refund({ amount: 10.5 }) }), RECEIVED)).toThrow(/payload\.refund\.entity\.amount/);
    // passes the inbound schema, breaks the domain event (ids are at most 512 characters)
    expect(() => normalizeRazorpayWebhook(webhook('refund.processed', { refund: refund({ id: 'r'.repeat(600) }) }), RECEIVED)).toThrow(InvalidPayloadError);
  });
});
