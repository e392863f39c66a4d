import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import { emitOutcome } from '../../../functions/domain/payments/outcome.js';
import { refundPayment } from '../../../functions/domain/payments/refunds.js';
import {
  cancelPaymentRequest,
  createPaymentRequest,
  PaymentRuleError,
  reconcilePayment,
  recordLinkEvent,
  recordProviderPaymentEvent,
  type CreatePaymentInput,
  type PaymentDeps,
} from '../../../functions/domain/payments/service.js';
import { testTable } from '../../support/test-table.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { FakeGateway } from './fake-gateway.js';
import { linkEvent, paymentDeps, paymentRequest } from './support.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const table = testTable();
let gateway: FakeGateway;
let deps: PaymentDeps;
let store: DynamoPaymentStore;
const sent: string[] = [];
const started: string[] = [];
const resumed: { linkId: string; status: string }[] = [];
let ref = 0;

const request = (over: Partial<CreatePaymentInput> = {}): CreatePaymentInput =>
  paymentRequest(NOW, { waId: '919000090000', description: 'Order 42', referenceId: `REF-${++ref}`, ...over });

beforeAll(() => {
  store = new DynamoPaymentStore(table.db, table.tableName);
});
beforeEach(() => {
  gateway = new FakeGateway();
  sent.length = started.length = resumed.length = 0;
  deps = paymentDeps(store, gateway, () => NOW, {
    starter: { start: async (name) => (started.push(name), { started: true }) },
    notify: async (kind) => (sent.push(kind), { sent: true, messageKey: `out_${sent.length}`, via: 'session' }),
    resume: async (linkId, s) => (resumed.push({ linkId, status: s.status }), 1),
  });
});

describe('create_payment_request', () => {
  it('creates one link per reference_id, however often it is asked', async () => {
    // Prepare
    const req = request();
    // Act
    const first = await createPaymentRequest(req, deps);
    const second = await createPaymentRequest(req, deps);
    // Assess
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.payment.paymentLinkId).toBe(first.payment.paymentLinkId);
    expect(gateway.calls.filter((c) => c === 'createLink')).toHaveLength(1);
    expect(gateway.links.size).toBe(1);
    expect(sent).toEqual(['link']);
    expect(started).toHaveLength(1);
    expect(first.payment).toMatchObject({ status: 'created', amountMinor: 1000, amountPaidMinor: 0, amountDueMinor: 1000 });
  });

  it('refuses to reuse a reference for a different amount', async () => {
    const req = request();
    await createPaymentRequest(req, deps);
    await expect(createPaymentRequest({ ...req, amountMinor: 2000 }, deps)).rejects.toMatchObject({ code: 'ReferenceConflict', statusCode: 409 });
  });

  it('adopts the link a lost answer left at Razorpay instead of creating a second one', async () => {
    // Prepare: the provider has the link, our reservation has none (the create answer was lost).
    const req = request();
    await gateway.createLink({
      amountMinor: 1000,
      currency: 'INR',
      referenceId: req.referenceId,
      description: 'x',
      expireBy: 0,
      upiLink: false,
      acceptPartial: true,
      customer: {},
    });
    const stale = new Date(NOW.getTime() - 60_000);
    await createPaymentRequest(req, {
      ...deps,
      gateway: { ...gateway, createLink: async () => Promise.reject(new Error('timeout')), findLinkByReference: async () => undefined } as never,
      now: () => stale,
    }).catch(() => undefined);
    // Act
    const res = await createPaymentRequest(req, deps);
    // Assess
    expect(res.payment.paymentLinkId).toBe([...gateway.links.keys()][0]);
    expect(gateway.links.size).toBe(1);
  });

  it('rejects a UPI link in another currency and a short expiry before calling Razorpay', async () => {
    await expect(createPaymentRequest(request({ upiLink: true, currency: 'USD' }), deps)).rejects.toBeInstanceOf(PaymentRuleError);
    await expect(createPaymentRequest(request({ expireBy: new Date(NOW.getTime() + 10 * 60_000) }), deps)).rejects.toThrow(/15 minutes/);
    expect(gateway.calls).toEqual([]);
  });
});

describe('webhooks on a payment', () => {
  it('end in paid whatever the order and duplicates, with one outcome event', async () => {
    // Prepare
    const { payment } = await createPaymentRequest(request(), deps);
    const linkId = payment.paymentLinkId!;
    const events = [linkEvent(linkId, 'paid', 1000, 'pay_2'), linkEvent(linkId, 'partially_paid', 400, 'pay_1'), linkEvent(linkId, 'paid', 1000, 'pay_2')];
    // Act: reversed and duplicated
    const outcomes = [];
    for (const e of [...events, ...events]) outcomes.push(await recordLinkEvent(e, deps));
    const publisher = new CollectingPublisher();
    const emits = [await emitOutcome(payment.paymentId, { store, publisher, now: () => NOW }), await emitOutcome(payment.paymentId, { store, publisher, now: () => NOW })];
    // Assess
    const stored = await store.get(payment.paymentId);
    expect(stored).toMatchObject({ status: 'paid', amountPaidMinor: 1000, outcome: 'paid', outcomePublished: true });
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(resumed).toEqual([{ linkId, status: 'paid' }]);
    expect(emits.map((e) => e.emitted)).toEqual([true, false]);
    expect(publisher.events.map((e) => e.detailType)).toEqual(['payment.completed']);
    expect(publisher.events[0]!.detail).toMatchObject({ paymentId: payment.paymentId, amountPaidMinor: 1000, status: 'paid' });
    expect((await store.history(payment.paymentId)).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a webhook for an unknown link for investigation', async () => {
    expect(await recordLinkEvent(linkEvent('plink_unknown', 'paid', 500), deps)).toBe('unmatched');
    const kept = await store.takeUnmatched('PLINK', 'plink_unknown');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.detail).toMatchObject({ status: 'paid' });
  });

  it('adopts a payment.captured that arrived before the link event named its payment', async () => {
    const { payment } = await createPaymentRequest(request(), deps);
    const captured = {
      eventId: 'rzp:pay:pay_early:captured',
      occurredAt: '2026-03-01T10:04:00.000Z',
      receivedAt: '2026-03-01T10:04:00.000Z',
      paymentId: 'pay_early',
      status: 'captured',
      amount: 1000,
      providerEvent: 'payment.captured',
    };
    expect(await recordProviderPaymentEvent(captured, deps)).toBe('unmatched');
    await recordLinkEvent(linkEvent(payment.paymentLinkId!, 'paid', 1000, 'pay_early'), deps);
    const attempts = await store.attempts(payment.paymentId);
    expect(attempts).toEqual([expect.objectContaining({ razorpayPaymentId: 'pay_early', status: 'captured', amountMinor: 1000 })]);
  });

  it('reconciles a lost webhook by reading the link and its payments', async () => {
    const { payment } = await createPaymentRequest(request(), deps);
    gateway.pay(payment.paymentLinkId!, 1000);
    const snap = await reconcilePayment(payment.paymentId, { closeIfOpen: true }, deps);
    expect(snap).toMatchObject({ status: 'paid', amountPaidMinor: 1000, amountDueMinor: 0 });
    expect(gateway.calls).not.toContain('cancelLink');
  });

  it('closes a link still open at the deadline so nobody pays it afterwards', async () => {
    const { payment } = await createPaymentRequest(request(), deps);
    const snap = await reconcilePayment(payment.paymentId, { closeIfOpen: true }, deps);
    expect(snap.status).toBe('cancelled');
    expect(gateway.links.get(payment.paymentLinkId!)!.status).toBe('cancelled');
  });

  it('does not cancel a paid payment', async () => {
    const { payment } = await createPaymentRequest(request(), deps);
    await recordLinkEvent(linkEvent(payment.paymentLinkId!, 'paid', 1000, 'pay_x'), deps);
    await expect(cancelPaymentRequest(payment.paymentId, deps)).rejects.toMatchObject({ code: 'NotCancellable' });
  });
});

describe('refund_payment', () => {
  it('refunds partially then fully, refuses more than captured before Razorpay, and is idempotent on the reference', async () => {
    // Prepare: a paid link, the webhook lost (refund reads the captured amount from Razorpay)
    const { payment } = await createPaymentRequest(request(), deps);
    const payId = gateway.pay(payment.paymentLinkId!, 1000);
    // Act + Assess
    const partial = await refundPayment({ paymentId: payment.paymentId, refundReference: 'RF-1', amountMinor: 300 }, deps);
    expect(partial.refund).toMatchObject({ status: 'processed', amountMinor: 300, razorpayPaymentId: payId });
    const again = await refundPayment({ paymentId: payment.paymentId, refundReference: 'RF-1', amountMinor: 300 }, deps);
    expect(again.duplicate).toBe(true);
    const callsBefore = gateway.calls.filter((c) => c === 'refund').length;
    await expect(refundPayment({ paymentId: payment.paymentId, refundReference: 'RF-2', amountMinor: 701 }, deps)).rejects.toMatchObject({ code: 'RefundExceedsCaptured' });
    expect(gateway.calls.filter((c) => c === 'refund').length).toBe(callsBefore);
    const rest = await refundPayment({ paymentId: payment.paymentId, refundReference: 'RF-3' }, deps);
    expect(rest.refund).toMatchObject({ amountMinor: 700 });
    expect(rest.payment.refundedMinor).toBe(1000);
    expect(gateway.refunds.map((r) => r.amountMinor)).toEqual([300, 700]);
    await expect(refundPayment({ paymentId: payment.paymentId, refundReference: 'RF-4', amountMinor: 1 }, deps)).rejects.toMatchObject({ statusCode: 409 });
  });
});

describe('list_payments', () => {
  it('pages through a customer’s payments filtered by status', async () => {
    const waId = '919111111111';
    for (let i = 0; i < 3; i++) await createPaymentRequest(request({ waId }), deps);
    const page1 = await store.list({ waId, limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await store.list({ waId, limit: 2, cursor: page1.nextCursor });
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeUndefined();
    expect((await store.list({ waId, limit: 10, status: 'paid' })).items).toHaveLength(0);
    expect((await store.list({ waId, limit: 10, status: 'created', from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' })).items).toHaveLength(3);
  });
});
