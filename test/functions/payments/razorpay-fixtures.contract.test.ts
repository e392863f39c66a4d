import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DetailType, type DomainEvent } from '../../../events/index.js';
import { parseLink } from '../../../functions/adapters/razorpay/gateway.js';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import { normalizeRazorpayWebhook } from '../../../functions/domain/ingest/normalize-razorpay.js';
import { paymentIdFor } from '../../../functions/domain/payments/ids.js';
import type { PaymentRecord } from '../../../functions/domain/payments/model.js';
import { recordLinkEvent, recordProviderPaymentEvent, recordRefundEvent, type PaymentDeps } from '../../../functions/domain/payments/service.js';
import { testTable } from '../../support/test-table.js';
import { FakeGateway } from './fake-gateway.js';

const SHARED = join(process.cwd(), '..', 'shared', 'fixtures', 'razorpay');
const OWN = join(process.cwd(), 'test', 'fixtures', 'payments');
const hasShared = existsSync(SHARED);
const read = (dir: string, f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;

const table = testTable();
let store: DynamoPaymentStore;
let deps: PaymentDeps;
beforeAll(() => {
  store = new DynamoPaymentStore(table.db, table.tableName);
  deps = {
    store,
    gateway: new FakeGateway(),
    starter: { start: async () => ({ started: true }) },
    notify: async () => ({ sent: true }),
    resume: async () => 0,
    now: () => new Date('2026-03-01T10:00:00Z'),
  };
});

/** A stored payment that owns `linkId`, as create_payment_request would have left it. */
async function paymentWithLink(linkId: string, amountMinor: number): Promise<string> {
  const paymentId = paymentIdFor(`contract-${linkId}`);
  const at = '2026-03-01T09:00:00.000Z';
  const record: PaymentRecord = {
    paymentId,
    referenceId: `contract-${linkId}`,
    waId: '919000090000',
    originationPhoneNumberId: 'p',
    amountMinor,
    currency: 'INR',
    description: 'd',
    upiLink: false,
    acceptPartial: true,
    customer: {},
    expireBy: '2026-03-01T12:00:00.000Z',
    reminder: false,
    status: 'creating',
    amountPaidMinor: 0,
    refundedMinor: 0,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  await store.reserve(record);
  await store.attachLink(paymentId, { paymentLinkId: linkId, at });
  return paymentId;
}

async function apply(events: DomainEvent[]) {
  const out: string[] = [];
  for (const e of events) {
    if (e.detailType === DetailType.PaymentLinkUpdated) out.push(await recordLinkEvent(e.detail, deps));
    else if (e.detailType === DetailType.PaymentUpdated) out.push(await recordProviderPaymentEvent(e.detail, deps));
    else if (e.detailType === DetailType.RefundUpdated) out.push(await recordRefundEvent(e.detail, deps));
  }
  return out;
}

describe('our payment fixtures (documented shapes)', () => {
  it('a partially_paid webhook with drifted types records the amount and the attempt', async () => {
    const paymentId = await paymentWithLink('plink_TestPartial0001', 150000);
    const { events } = normalizeRazorpayWebhook(read(OWN, 'webhook.payment_link.partially_paid.json'), '2026-03-01T10:05:00.000Z');
    expect(await apply(events)).toEqual(['applied', 'applied']);
    expect(await store.get(paymentId)).toMatchObject({ status: 'partially_paid', amountPaidMinor: 50000 });
    expect(await store.attempts(paymentId)).toEqual([expect.objectContaining({ razorpayPaymentId: 'pay_TestPartial0001', status: 'captured', amountMinor: 50000 })]);
    expect(await store.resolveAlias('RZPPAY', 'pay_TestPartial0001')).toBe(paymentId);
    // The order id arrives with (payment) and without (order entity) its prefix: keyed bare.
    expect(await store.resolveAlias('ORDER', 'TestOrder00001')).toBe(paymentId);
  });
});

describe.skipIf(!hasShared)('Razorpay published payloads (../shared/fixtures/razorpay)', () => {
  it('payment_link.paid moves the payment to paid and records the captured payment', async () => {
    const paymentId = await paymentWithLink('plink_QflcnnZqCekuvL', 1000);
    const { events } = normalizeRazorpayWebhook(read(SHARED, 'webhook.payment_link.paid.standard.json'), '2026-03-01T10:05:00.000Z');
    await apply(events);
    await apply(events); // redelivered
    expect(await store.get(paymentId)).toMatchObject({ status: 'paid', amountPaidMinor: 1000 });
    expect(await store.attempts(paymentId)).toEqual([expect.objectContaining({ razorpayPaymentId: 'pay_Qfldmt5StKZFCB', status: 'captured', amountMinor: 1000, method: 'upi' })]);
  });

  it.each([
    ['webhook.payment_link.expired.standard.json', 'plink_QaIlOGFf8KZNF8', 'expired'],
    ['webhook.payment_link.cancelled.standard.json', 'plink_QaIrRSjWiIuxAO', 'cancelled'],
  ])('%s ends the payment as %s (notes {} / null)', async (file, linkId, status) => {
    const paymentId = await paymentWithLink(linkId, 1000);
    await apply(normalizeRazorpayWebhook(read(SHARED, file), '2026-03-01T10:05:00.000Z').events);
    expect((await store.get(paymentId))?.status).toBe(status);
  });

  it.each(['webhook.payment.captured.upi.json', 'webhook.payment.failed.upi.json', 'webhook.refund.processed.json', 'webhook.order.paid.upi.json'])(
    '%s for a payment we do not know is kept for investigation, not dropped',
    async (file) => {
      const { events } = normalizeRazorpayWebhook(read(SHARED, file), '2026-03-01T10:05:00.000Z');
      const outcomes = await apply(events);
      expect(outcomes.length).toBeGreaterThan(0);
      expect(new Set(outcomes)).toEqual(new Set(['unmatched']));
    },
  );

  it.each(['api.payment-link.create.standard.response.json', 'api.payment-link.create.upi.response.json'])('%s parses (upi_link "true", payments null)', (file) => {
    const link = parseLink(read(SHARED, file));
    expect(link.id).toMatch(/^plink_/);
    expect(link.payments).toEqual([]);
    expect(Number.isInteger(link.amountMinor)).toBe(true);
    if (file.includes('upi')) expect(link.upiLink).toBe(true);
  });
});
