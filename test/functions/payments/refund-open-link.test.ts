import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import { RazorpayError } from '../../../functions/adapters/razorpay/errors.js';
import { refundPayment } from '../../../functions/domain/payments/refunds.js';
import { createPaymentRequest, reconcilePayment, type PaymentDeps } from '../../../functions/domain/payments/service.js';
import { logger } from '../../../functions/observability/logger.js';
import { testTable } from '../../support/test-table.js';
import { FakeGateway } from './fake-gateway.js';
import { paymentDeps, paymentRequest } from './support.js';

/**
 * Which Razorpay payment a refund is made on, when the webhooks have not told us everything: a
 * refund on a link the customer is still paying reads the captured part from Razorpay — and must
 * leave the link open for the rest (reconciling at the deadline closes an open link; a refund is
 * not the deadline); attempts that are not captured are never refunded; a repeat stays on the
 * payment its reference was made on.
 */
/** Records each refund request; `loseNextAnswer` makes the refund at Razorpay but loses the answer. */
class RecordingGateway extends FakeGateway {
  readonly requests: { razorpayPaymentId: string; amountMinor: number; receipt: string; notes?: Record<string, string> }[] = [];
  loseNextAnswer = false;
  override async refund(razorpayPaymentId: string, req: { amountMinor: number; receipt: string; notes?: Record<string, string> }) {
    this.requests.push({ razorpayPaymentId, ...req });
    const made = await super.refund(razorpayPaymentId, req);
    if (!this.loseNextAnswer) return made;
    this.loseNextAnswer = false;
    throw new RazorpayError('Razorpay refund: no answer', 'NETWORK_ERROR', 'socket hang up', 504, true);
  }
}
const NOW = new Date('2026-03-01T10:00:00Z');
const table = testTable();
let gateway: RecordingGateway;
let deps: PaymentDeps;
let notified: { kind: string; status: string; refundedMinor: number; extra: unknown }[];
let ref = 0;

beforeEach(() => {
  gateway = new RecordingGateway();
  notified = [];
  deps = paymentDeps(new DynamoPaymentStore(table.db, table.tableName), gateway, () => NOW, {
    notify: async (kind, p, extra) => (notified.push({ kind, status: p.status, refundedMinor: p.refundedMinor, extra }), { sent: true, messageKey: 'out_1', via: 'session' }),
  });
});
afterEach(() => vi.restoreAllMocks());

async function partlyPaid(paidMinor: number, amountMinor = 1000) {
  const { payment } = await createPaymentRequest(paymentRequest(NOW, { waId: '919000090002', description: 'Order 8', referenceId: `OPEN-${++ref}`, amountMinor }), deps);
  const payId = gateway.pay(payment.paymentLinkId!, paidMinor);
  return { paymentId: payment.paymentId, linkId: payment.paymentLinkId!, payId };
}

describe('refund_payment on a link still open for the rest', () => {
  it('reads the captured part from Razorpay, refunds it, and leaves the link open', async () => {
    const { paymentId, linkId, payId } = await partlyPaid(400);
    const out = await refundPayment({ paymentId, refundReference: `RF-OPEN-${ref}`, amountMinor: 150 }, deps);
    expect(out.refund).toMatchObject({ status: 'processed', amountMinor: 150, razorpayPaymentId: payId });
    expect(gateway.calls).not.toContain('cancelLink');
    expect(gateway.links.get(linkId)!.status).toBe('partially_paid');
    expect(out.payment).toMatchObject({ status: 'partially_paid' });
  });

  it('tells the customer with the payment as it is after the refund, and the amount refunded', async () => {
    const { paymentId } = await partlyPaid(400);
    await refundPayment({ paymentId, refundReference: `RF-OPEN-${ref}`, amountMinor: 150 }, deps);
    expect(notified.filter((x) => x.kind === 'refunded')).toEqual([{ kind: 'refunded', status: 'partially_paid', refundedMinor: 150, extra: { refundedMinor: 150 } }]);
  });

  it('a customer message that cannot be sent is logged as a warning with its reason', async () => {
    const { paymentId } = await partlyPaid(400);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const out = await refundPayment(
      { paymentId, refundReference: `RF-OPEN-${ref}`, amountMinor: 100 },
      { ...deps, notify: async () => Promise.reject(new Error('window closed')) },
    );
    expect(out.refund).toMatchObject({ status: 'processed' });
    expect(warn.mock.calls).toEqual([['refund message not sent', { error: 'window closed' }]]);
  });
});

describe('refund_payment: which Razorpay payment', () => {
  it('an attempt known only as failed does not stop the refund from reading the capture from Razorpay', async () => {
    const { paymentId, payId } = await partlyPaid(1000);
    await deps.store.upsertAttempt(paymentId, { razorpayPaymentId: `pay_declined_${ref}`, status: 'failed', amountMinor: 1000, at: NOW.toISOString() });
    const out = await refundPayment({ paymentId, refundReference: `RF-DECLINED-${ref}`, amountMinor: 300 }, deps);
    expect(out.refund).toMatchObject({ status: 'processed', razorpayPaymentId: payId, amountMinor: 300 });
    expect(gateway.requests.map((r) => r.razorpayPaymentId)).toEqual([payId]);
  });

  it('a payment Razorpay marked refunded keeps its remainder refundable', async () => {
    const { paymentId, payId } = await partlyPaid(1000);
    await reconcilePayment(paymentId, { closeIfOpen: false }, deps);
    await deps.store.upsertAttempt(paymentId, { razorpayPaymentId: payId, status: 'refunded', refundedMinor: 400, at: NOW.toISOString() });
    const out = await refundPayment({ paymentId, refundReference: `RF-REST-${ref}` }, deps);
    expect(out.refund).toMatchObject({ status: 'processed', razorpayPaymentId: payId, amountMinor: 600 });
  });

  it('the refund tells Razorpay our payment id and the reference as its receipt', async () => {
    const { paymentId, payId } = await partlyPaid(500);
    await refundPayment({ paymentId, refundReference: `RF-NOTES-${ref}`, amountMinor: 100 }, deps);
    expect(gateway.requests).toEqual([{ razorpayPaymentId: payId, amountMinor: 100, receipt: `RF-NOTES-${ref}`, notes: { payment_id: paymentId } }]);
  });

  it('a repeat of a reference whose answer was lost finds its refund on the second of two captured payments', async () => {
    // Prepare: two captured payments; the refund is made on the one listed second, and its answer lost
    const { paymentId } = await partlyPaid(300);
    const link = [...gateway.links.values()].find((l) => l.referenceId === `OPEN-${ref}`)!;
    gateway.pay(link.id, 200);
    await reconcilePayment(paymentId, { closeIfOpen: false }, deps);
    const second = (await deps.store.attempts(paymentId))[1]!.razorpayPaymentId;
    gateway.loseNextAnswer = true;
    await expect(refundPayment({ paymentId, refundReference: `RF-LOST-${ref}`, razorpayPaymentId: second, amountMinor: 100 }, deps)).rejects.toMatchObject({ retryable: true });
    // Act: the caller repeats without naming the payment
    const out = await refundPayment({ paymentId, refundReference: `RF-LOST-${ref}` }, deps);
    // Assess: found by its receipt on the payment it was made on; Razorpay refunded once
    expect(out.refund).toMatchObject({ status: 'processed', razorpayPaymentId: second, refundId: gateway.refunds[0]!.id });
    expect(gateway.requests.map((r) => r.razorpayPaymentId)).toEqual([second]);
  });
});
