import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import { refundPayment } from '../../../functions/domain/payments/refunds.js';
import { createPaymentRequest, type PaymentDeps } from '../../../functions/domain/payments/service.js';
import { logger } from '../../../functions/observability/logger.js';
import { startTestTable } from '../../support/dynalite.js';
import { FakeGateway } from './fake-gateway.js';

/**
 * A refund on a link the customer is still paying: when the webhooks have not told us the captured
 * part yet, the refund reads it from Razorpay — and must leave the link open for the rest
 * (reconciling at the deadline closes an open link; a refund is not the deadline).
 */
const NOW = new Date('2026-03-01T10:00:00Z');
let table: Awaited<ReturnType<typeof startTestTable>>;
let gateway: FakeGateway;
let deps: PaymentDeps;
let notified: { kind: string; status: string; refundedMinor: number; extra: unknown }[];
let ref = 0;

beforeAll(async () => {
  table = await startTestTable();
});
afterAll(async () => table.close());
beforeEach(() => {
  gateway = new FakeGateway();
  notified = [];
  deps = {
    store: new DynamoPaymentStore(table.db, table.tableName),
    gateway,
    starter: { start: async () => ({ started: true }) },
    notify: async (kind, p, extra) => (notified.push({ kind, status: p.status, refundedMinor: p.refundedMinor, extra }), { sent: true, messageKey: 'out_1', via: 'session' }),
    resume: async () => 1,
    now: () => NOW,
    graceSeconds: 300,
  };
});
afterEach(() => vi.restoreAllMocks());

async function partlyPaid(paidMinor: number, amountMinor = 1000) {
  const { payment } = await createPaymentRequest(
    { waId: '919000090002', originationPhoneNumberId: 'phone-number-id-test', amountMinor, currency: 'INR', description: 'Order 8', referenceId: `OPEN-${++ref}`, expireBy: new Date(NOW.getTime() + 3600_000), upiLink: false, acceptPartial: true, customer: {}, reminder: true },
    deps,
  );
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
    const out = await refundPayment({ paymentId, refundReference: `RF-OPEN-${ref}`, amountMinor: 100 }, { ...deps, notify: async () => Promise.reject(new Error('window closed')) });
    expect(out.refund).toMatchObject({ status: 'processed' });
    expect(warn.mock.calls).toEqual([['refund message not sent', { error: 'window closed' }]]);
  });
});
