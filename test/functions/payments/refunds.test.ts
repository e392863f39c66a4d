import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import type { ProviderRefund } from '../../../functions/ports/payments.js';
import { RazorpayError } from '../../../functions/adapters/razorpay/errors.js';
import type { PaymentAttempt } from '../../../functions/domain/payments/model.js';
import { refundableMinor, refundPayment } from '../../../functions/domain/payments/refunds.js';
import { createPaymentRequest, type CreatePaymentInput, type PaymentDeps } from '../../../functions/domain/payments/service.js';
import { testTable } from '../../support/test-table.js';
import { FakeGateway } from './fake-gateway.js';
import { paymentDeps, paymentRequest } from './support.js';

/**
 * refund_payment against a Razorpay that does not always answer `processed`: pending, failed,
 * an answer lost after the refund was made, a non-retryable refusal; and two calls racing.
 */
type Answer = 'processed' | 'pending' | 'failed' | 'lost' | 'refused' | 'unreachable';

/** A fake Razorpay whose next refund answers are scripted; the refund call can be held open. */
class ScriptedGateway extends FakeGateway {
  answers: Answer[] = [];
  /** When set, every refund call waits for it before Razorpay records the refund. */
  gate?: Promise<void>;

  override async refund(razorpayPaymentId: string, req: { amountMinor: number; receipt: string }): Promise<ProviderRefund> {
    this.calls.push('refund');
    if (this.gate) await this.gate;
    const answer = this.answers.shift() ?? 'processed';
    if (answer === 'refused')
      throw new RazorpayError('Razorpay refund: The refund amount provided is greater than amount captured', 'BAD_REQUEST_ERROR', 'refund amount too large', 400, false, 'amount');
    if (answer === 'unreachable') throw new RazorpayError('Razorpay refund: no answer', 'NETWORK_ERROR', 'socket hang up', 502, true);
    const refund: ProviderRefund = {
      id: `rfnd_scripted${this.refunds.length + 1}_${Math.random().toString(36).slice(2, 8)}`,
      razorpayPaymentId,
      amountMinor: req.amountMinor,
      status: answer === 'lost' ? 'processed' : answer,
      receipt: req.receipt,
    };
    this.refunds.push(refund);
    // Made at Razorpay, but the answer never reaches us.
    if (answer === 'lost') throw new RazorpayError('Razorpay refund: no answer', 'NETWORK_ERROR', 'socket hang up', 504, true);
    return refund;
  }
}

const NOW = new Date('2026-03-01T10:00:00Z');
const table = testTable();
let store: DynamoPaymentStore;
let gateway: ScriptedGateway;
let deps: PaymentDeps;
let notified: { kind: string; refundedMinor?: number }[];
let ref = 0;

const request = (over: Partial<CreatePaymentInput> = {}): CreatePaymentInput =>
  paymentRequest(NOW, { waId: '919000090001', description: 'Order 7', referenceId: `REFUND-${++ref}`, ...over });

/** A payment request the customer paid with `amounts` (one captured Razorpay payment each). */
async function paid(amounts: number[], over: Partial<CreatePaymentInput> = {}) {
  const { payment } = await createPaymentRequest(request({ amountMinor: amounts.reduce((a, b) => a + b, 0), ...over }), deps);
  const payIds = amounts.map((a) => gateway.pay(payment.paymentLinkId!, a));
  return { paymentId: payment.paymentId, payIds };
}
const refundCalls = () => gateway.calls.filter((c) => c === 'refund').length;

beforeAll(() => {
  store = new DynamoPaymentStore(table.db, table.tableName);
});
beforeEach(() => {
  gateway = new ScriptedGateway();
  notified = [];
  deps = paymentDeps(store, gateway, () => NOW, {
    notify: async (kind, _p, extra) => (
      notified.push({ kind, refundedMinor: (extra as { refundedMinor?: number } | undefined)?.refundedMinor }), { sent: true, messageKey: 'out_1', via: 'session' }
    ),
  });
});

describe('refund_payment: what Razorpay answers', () => {
  it('processed: the refund is settled on the payment and the customer is told', async () => {
    const { paymentId, payIds } = await paid([1000]);
    const out = await refundPayment({ paymentId, refundReference: 'RF-OK', amountMinor: 400 }, deps);
    expect(out).toMatchObject({
      duplicate: false,
      refund: { status: 'processed', amountMinor: 400, razorpayPaymentId: payIds[0], refundId: gateway.refunds[0]!.id },
      payment: { refundedMinor: 400 },
    });
    expect(notified.filter((n) => n.kind === 'refunded')).toEqual([{ kind: 'refunded', refundedMinor: 400 }]);
    expect((await store.history(paymentId)).filter((h) => h.kind === 'refund_requested')).toEqual([
      expect.objectContaining({
        eventId: 'refund:RF-OK',
        source: 'action',
        kind: 'refund_requested',
        applied: true,
        status: 'processed',
        detail: { refundId: gateway.refunds[0]!.id, amountMinor: 400, razorpayPaymentId: payIds[0] },
      }),
    ]);
  });

  it('pending: stored as pending, not processed; the amount stays held and is not yet counted as refunded', async () => {
    const { paymentId, payIds } = await paid([1000]);
    gateway.answers = ['pending'];
    const out = await refundPayment({ paymentId, refundReference: 'RF-PENDING', amountMinor: 600 }, deps);
    expect(out.refund).toMatchObject({ status: 'pending', amountMinor: 600 });
    expect(out.payment.refundedMinor).toBe(0);
    const [attempt] = await store.attempts(paymentId);
    expect(attempt).toMatchObject({ razorpayPaymentId: payIds[0], refundReservedMinor: 600 });
    expect(refundableMinor(attempt!)).toBe(400);
    // the held amount cannot be refunded twice
    await expect(refundPayment({ paymentId, refundReference: 'RF-PENDING-2', amountMinor: 401 }, deps)).rejects.toMatchObject({ code: 'RefundExceedsCaptured', field: 'amount' });
  });

  it('failed: stored as failed, the hold is released (the amount can be refunded again) and the customer is not told', async () => {
    const { paymentId } = await paid([1000]);
    gateway.answers = ['failed'];
    const out = await refundPayment({ paymentId, refundReference: 'RF-FAILED' }, deps);
    expect(out.refund).toMatchObject({ status: 'failed', amountMinor: 1000 });
    expect(notified.filter((n) => n.kind === 'refunded')).toEqual([]);
    expect((await store.attempts(paymentId))[0]).toMatchObject({ refundReservedMinor: 0 });
    const again = await refundPayment({ paymentId, refundReference: 'RF-FAILED-RETRY' }, deps);
    expect(again.refund).toMatchObject({ status: 'processed', amountMinor: 1000 });
  });

  it('a non-retryable refusal: the error reaches the caller, the refund is failed and its hold released', async () => {
    const { paymentId } = await paid([1000]);
    gateway.answers = ['refused'];
    await expect(refundPayment({ paymentId, refundReference: 'RF-REFUSED', amountMinor: 700 }, deps)).rejects.toMatchObject({
      providerCode: 'BAD_REQUEST_ERROR',
      retryable: false,
    });
    expect((await store.refunds(paymentId)).find((r) => r.refundReference === 'RF-REFUSED')).toMatchObject({ status: 'failed' });
    expect((await store.attempts(paymentId))[0]).toMatchObject({ refundReservedMinor: 0 });
    // a repeat of a failed reference answers that refund, and does not call Razorpay
    const calls = refundCalls();
    expect(await refundPayment({ paymentId, refundReference: 'RF-REFUSED', amountMinor: 700 }, deps)).toMatchObject({ duplicate: true, refund: { status: 'failed' } });
    expect(refundCalls()).toBe(calls);
  });

  it('a retryable error: the hold stays (the repeat may still be made) and the repeat refunds once', async () => {
    const { paymentId } = await paid([1000]);
    gateway.answers = ['unreachable'];
    await expect(refundPayment({ paymentId, refundReference: 'RF-RETRY', amountMinor: 300 }, deps)).rejects.toMatchObject({ retryable: true });
    expect((await store.refunds(paymentId)).find((r) => r.refundReference === 'RF-RETRY')).toMatchObject({ status: 'requested' });
    expect((await store.attempts(paymentId))[0]).toMatchObject({ refundReservedMinor: 300 });
    const repeat = await refundPayment({ paymentId, refundReference: 'RF-RETRY', amountMinor: 300 }, deps);
    expect(repeat.refund).toMatchObject({ status: 'processed', amountMinor: 300 });
    expect(gateway.refunds.map((r) => r.amountMinor)).toEqual([300]);
    expect((await store.attempts(paymentId))[0]).toMatchObject({ refundReservedMinor: 300, refundedMinor: 0 });
    expect(repeat.payment.refundedMinor).toBe(300);
  });

  it('an answer lost after Razorpay made the refund: the repeat finds it by its receipt instead of refunding again', async () => {
    const { paymentId } = await paid([1000]);
    gateway.answers = ['lost'];
    await expect(refundPayment({ paymentId, refundReference: 'RF-LOST', amountMinor: 250 }, deps)).rejects.toMatchObject({ providerCode: 'NETWORK_ERROR' });
    const calls = refundCalls();
    const repeat = await refundPayment({ paymentId, refundReference: 'RF-LOST', amountMinor: 250 }, deps);
    expect(refundCalls()).toBe(calls);
    expect(repeat).toMatchObject({ duplicate: false, refund: { status: 'processed', refundId: gateway.refunds[0]!.id, amountMinor: 250 }, payment: { refundedMinor: 250 } });
    expect(gateway.refunds).toHaveLength(1);
  });
});

describe('refund_payment: which captured payment', () => {
  it('with several captured payments the caller must say which; the one named is refunded', async () => {
    const { paymentId, payIds } = await paid([400, 600]);
    await expect(refundPayment({ paymentId, refundReference: 'RF-WHICH' }, deps)).rejects.toMatchObject({
      statusCode: 400,
      code: 'ValidationError',
      field: 'razorpay_payment_id',
      message: `razorpay_payment_id: this payment has 2 captured payments (${payIds.join(', ')}); say which to refund`,
    });
    const out = await refundPayment({ paymentId, refundReference: 'RF-WHICH', razorpayPaymentId: payIds[1] }, deps);
    expect(out.refund).toMatchObject({ razorpayPaymentId: payIds[1], amountMinor: 600 });
    expect(gateway.refunds).toEqual([expect.objectContaining({ razorpayPaymentId: payIds[1], amountMinor: 600 })]);
  });

  it('a repeat of a reference refunds the payment it was made on, whatever the repeat names', async () => {
    const { paymentId, payIds } = await paid([400, 600]);
    gateway.answers = ['unreachable'];
    await expect(refundPayment({ paymentId, refundReference: 'RF-SAME', razorpayPaymentId: payIds[0], amountMinor: 100 }, deps)).rejects.toMatchObject({ retryable: true });
    await refundPayment({ paymentId, refundReference: 'RF-SAME', razorpayPaymentId: payIds[1], amountMinor: 100 }, deps);
    expect(gateway.refunds).toEqual([expect.objectContaining({ razorpayPaymentId: payIds[0], amountMinor: 100 })]);
  });

  it('no captured payment: 409 NothingToRefund, Razorpay asked only for the link', async () => {
    const { payment } = await createPaymentRequest(request(), deps);
    await expect(refundPayment({ paymentId: payment.paymentId, refundReference: 'RF-NONE' }, deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'NothingToRefund',
      message: `payment ${payment.paymentId} has no captured payment to refund`,
    });
    expect(refundCalls()).toBe(0);
  });

  it('an unknown payment id: 404 naming payment_id', async () => {
    await expect(refundPayment({ paymentId: 'pr_missing', refundReference: 'RF-404' }, deps)).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
      field: 'payment_id',
      message: 'payment_id: no payment pr_missing',
    });
  });

  it('a payment id that is not one of the captured ones is not refunded', async () => {
    const { paymentId } = await paid([1000]);
    await expect(refundPayment({ paymentId, refundReference: 'RF-OTHER', razorpayPaymentId: 'pay_someoneelse' }, deps)).rejects.toMatchObject({ code: 'NothingToRefund' });
    expect(refundCalls()).toBe(0);
  });

  it('a fully refunded payment: nothing left (409), Razorpay not called', async () => {
    const { paymentId } = await paid([1000]);
    await refundPayment({ paymentId, refundReference: 'RF-ALL' }, deps);
    const calls = refundCalls();
    await expect(refundPayment({ paymentId, refundReference: 'RF-MORE' }, deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'NothingToRefund',
      message: `payment ${paymentId}: nothing left to refund`,
    });
    expect(refundCalls()).toBe(calls);
  });

  it('a USD payment is refunded in USD minor units, told to the customer as USD', async () => {
    const { paymentId } = await paid([2500], { currency: 'USD' });
    const out = await refundPayment({ paymentId, refundReference: 'RF-USD', amountMinor: 1250 }, deps);
    expect(out).toMatchObject({ refund: { amountMinor: 1250, status: 'processed' }, payment: { currency: 'USD', refundedMinor: 1250 } });
  });
});

describe('refund_payment: two calls racing', () => {
  it('two concurrent calls with the same refund_reference make one refund at Razorpay', async () => {
    // Prepare: Razorpay is slow: the first call waits for its answer while the second comes in
    const { paymentId } = await paid([1000]);
    let open!: () => void;
    gateway.gate = new Promise<void>((resolve) => (open = resolve));
    // Act
    const first = refundPayment({ paymentId, refundReference: 'RF-RACE', amountMinor: 500 }, deps);
    const second = refundPayment({ paymentId, refundReference: 'RF-RACE', amountMinor: 500 }, deps);
    const settled = Promise.allSettled([first, second]);
    // Razorpay answers once the second call is over, or once it too has called Razorpay
    let secondOver = false;
    void second.then(
      () => (secondOver = true),
      () => (secondOver = true),
    );
    // No time bound: under load the second call may take long to reach its check; a bug that hangs it fails on the test timeout.
    while (!secondOver && refundCalls() < 2) await new Promise((r) => setTimeout(r, 10));
    open();
    const results = await settled;
    // Assess: one refund of 500; the other call is told to retry, and its retry answers the same refund
    expect(gateway.refunds.map((r) => r.amountMinor)).toEqual([500]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { duplicate: false, refund: { status: 'processed', amountMinor: 500 } } });
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: {
        statusCode: 409,
        code: 'RefundInProgress',
        field: 'refund_reference',
        message: 'refund_reference: a refund with "RF-RACE" is being made by another call; retry in a minute',
      },
    });
    expect(await refundPayment({ paymentId, refundReference: 'RF-RACE', amountMinor: 500 }, deps)).toMatchObject({ duplicate: true, refund: { status: 'processed' } });
    const [attempt] = await store.attempts(paymentId);
    expect(attempt!.refundReservedMinor).toBe(500);
    expect((await store.get(paymentId))!.refundedMinor).toBe(500);
  });

  it('a call that died holding a reference: a repeat within a minute is told to retry, after it the refund is made once', async () => {
    // Prepare: the dead call reserved the reference and held the amount, then never reached Razorpay
    const { paymentId, payIds } = await paid([1000]);
    await refundPayment({ paymentId, refundReference: 'RF-WARMUP', amountMinor: 1 }, deps); // reads the captured payment in
    const at = NOW.toISOString();
    await store.reserveRefundReference(paymentId, {
      refundReference: 'RF-DEAD',
      razorpayPaymentId: payIds[0]!,
      amountMinor: 300,
      status: 'requested',
      inFlightUntil: new Date(NOW.getTime() + 60_000).toISOString(),
      createdAt: at,
      updatedAt: at,
    });
    expect(await store.holdRefundable(paymentId, payIds[0]!, 300)).toBe(true);
    const calls = refundCalls();
    // Act + Assess
    await expect(refundPayment({ paymentId, refundReference: 'RF-DEAD', amountMinor: 300 }, deps)).rejects.toMatchObject({ code: 'RefundInProgress' });
    expect(refundCalls()).toBe(calls);
    deps.now = () => new Date(NOW.getTime() + 61_000);
    expect((await refundPayment({ paymentId, refundReference: 'RF-DEAD', amountMinor: 300 }, deps)).refund).toMatchObject({ status: 'processed', amountMinor: 300 });
    expect(gateway.refunds.filter((r) => r.receipt === 'RF-DEAD')).toHaveLength(1);
    expect((await store.attempts(paymentId))[0]).toMatchObject({ refundReservedMinor: 301 });
  });

  it('two concurrent calls with different references that together exceed the captured amount: one is refused before Razorpay', async () => {
    const { paymentId } = await paid([1000]);
    const results = await Promise.allSettled([
      refundPayment({ paymentId, refundReference: 'RF-A', amountMinor: 700 }, deps),
      refundPayment({ paymentId, refundReference: 'RF-B', amountMinor: 700 }, deps),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'RefundExceedsCaptured' } });
    expect(gateway.refunds.map((r) => r.amountMinor)).toEqual([700]);
  });
});

describe('refund amounts through the action', () => {
  it('zero, negative and fractional amounts are refused by the schema; the smallest refund is one paisa', async () => {
    const { refundAmountSchema } = await import('../../../functions/domain/payments/amounts.js');
    expect(refundAmountSchema.safeParse(0).error?.issues[0]?.message).toBe('amount must be greater than zero');
    expect(refundAmountSchema.safeParse(-1).error?.issues[0]?.message).toBe('amount must be greater than zero');
    expect(refundAmountSchema.safeParse(10.5).error?.issues[0]?.message).toBe('amount must be an integer number of paise');
    expect(refundAmountSchema.safeParse(1).success).toBe(true);
    const { paymentId } = await paid([1000]);
    expect((await refundPayment({ paymentId, refundReference: 'RF-1P', amountMinor: 1 }, deps)).refund).toMatchObject({ amountMinor: 1 });
    expect((await refundPayment({ paymentId, refundReference: 'RF-REST', amountMinor: 999 }, deps)).refund).toMatchObject({ amountMinor: 999 });
  });
});

describe('refund_payment: what is refundable', () => {
  const attempt = (over: Partial<PaymentAttempt>): PaymentAttempt => ({
    razorpayPaymentId: 'pay_x',
    status: 'captured',
    amountMinor: 1000,
    refundedMinor: 0,
    refundReservedMinor: 0,
    updatedAt: NOW.toISOString(),
    ...over,
  });

  it('captured (or partly refunded) minus the larger of held and refunded; nothing for other statuses; never negative', () => {
    expect(refundableMinor(attempt({}))).toBe(1000);
    expect(refundableMinor(attempt({ status: 'refunded', refundedMinor: 300, refundReservedMinor: 300 }))).toBe(700);
    expect(refundableMinor(attempt({ refundedMinor: 200, refundReservedMinor: 500 }))).toBe(500);
    expect(refundableMinor(attempt({ refundedMinor: 600, refundReservedMinor: 100 }))).toBe(400);
    expect(refundableMinor(attempt({ refundReservedMinor: 1200 }))).toBe(0);
    for (const status of ['authorized', 'failed', 'created']) expect(refundableMinor(attempt({ status }))).toBe(0);
  });

  it('more than is refundable is refused with the arithmetic, before Razorpay', async () => {
    const { paymentId, payIds } = await paid([1000]);
    await refundPayment({ paymentId, refundReference: 'RF-FIRST', amountMinor: 300 }, deps);
    const calls = refundCalls();
    await expect(refundPayment({ paymentId, refundReference: 'RF-TOO-MUCH', amountMinor: 701 }, deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'RefundExceedsCaptured',
      field: 'amount',
      message: `amount: 701 exceeds what is refundable on ${payIds[0]} (captured 1000 − refunded 300 = 700)`,
    });
    expect(refundCalls()).toBe(calls);
    expect((await store.refunds(paymentId)).map((r) => r.refundReference).sort()).toEqual(['RF-FIRST']);
  });

  it('a balance taken by a concurrent refund between the check and the hold: 409, the reference failed, Razorpay not called', async () => {
    const { paymentId } = await paid([1000]);
    const racing = Object.assign(Object.create(store) as DynamoPaymentStore, { holdRefundable: async () => false });
    await expect(refundPayment({ paymentId, refundReference: 'RF-TAKEN', amountMinor: 500 }, { ...deps, store: racing })).rejects.toMatchObject({
      statusCode: 409,
      code: 'RefundExceedsCaptured',
      field: 'amount',
      message: expect.stringMatching(/a concurrent refund took it/),
    });
    expect((await store.refunds(paymentId)).find((r) => r.refundReference === 'RF-TAKEN')).toMatchObject({ status: 'failed' });
    expect(refundCalls()).toBe(0);
  });

  it('once the captured payment is known, a second refund does not ask Razorpay for the link again', async () => {
    const { paymentId } = await paid([1000]);
    await refundPayment({ paymentId, refundReference: 'RF-ONE', amountMinor: 100 }, deps);
    const fetches = gateway.calls.filter((c) => c === 'fetchLink').length;
    await refundPayment({ paymentId, refundReference: 'RF-TWO', amountMinor: 100 }, deps);
    expect(gateway.calls.filter((c) => c === 'fetchLink').length).toBe(fetches);
  });

  it('a customer message that cannot be sent does not undo the refund', async () => {
    const { paymentId } = await paid([1000]);
    const out = await refundPayment({ paymentId, refundReference: 'RF-UNTOLD', amountMinor: 100 }, { ...deps, notify: async () => Promise.reject(new Error('window closed')) });
    expect(out.refund).toMatchObject({ status: 'processed', amountMinor: 100 });
  });
});
