import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import type { PaymentRecord, RefundRecord } from '../../../functions/domain/payments/model.js';
import { throttled, conditionFailed, testTableWithFaults } from '../../support/dynamo-faults.js';
import { scanAll } from '../ingest/support.js';

/**
 * The payment store's money guarantees on a real (dynalite) table, under what dynalite does not do
 * by itself: reads that are not strongly consistent answer as a replica that missed the last writes
 * (legal for DynamoDB right after a write), index queries come back in pages of two (DynamoDB cuts
 * at 1 MB), and DynamoDB errors are injected per call. A throttled write must fail the call; a
 * condition failure must mean what the store says it means; racing callers must not both win.
 */
/** Commands sent, by class name; and which calls (class name, index among them) fail, with what. */
const { sent, faults, table, fakeDb: awsLikeDb } = testTableWithFaults({ awsReads: true });
let store: DynamoPaymentStore;
let n = 0;

const at = (m: number) => new Date(Date.UTC(2026, 2, 1, 10, m)).toISOString();
const record = (paymentId: string, over: Partial<PaymentRecord> = {}): PaymentRecord => ({
  paymentId,
  referenceId: `REF-${paymentId}`,
  waId: `9190000${n}`,
  originationPhoneNumberId: 'phone-number-id-test',
  amountMinor: 1000,
  currency: 'INR',
  description: 'Order',
  upiLink: false,
  acceptPartial: true,
  customer: {},
  expireBy: at(60),
  reminder: false,
  status: 'creating',
  amountPaidMinor: 0,
  refundedMinor: 0,
  createdAt: at(0),
  updatedAt: at(0),
  version: 1,
  ...over,
});
const refund = (refundReference: string, over: Partial<RefundRecord> = {}): RefundRecord => ({
  refundReference,
  razorpayPaymentId: 'pay_1',
  amountMinor: 300,
  status: 'requested',
  inFlightUntil: at(1),
  createdAt: at(0),
  updatedAt: at(0),
  ...over,
});
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'statusRank'];
const keyAttributesOf = (o: object | undefined) => Object.keys(o ?? {}).filter((k) => KEY_ATTRIBUTES.includes(k));
/** A payment with one captured Razorpay payment of `amountMinor`. */
async function captured(paymentId: string, amountMinor = 1000, razorpayPaymentId = 'pay_1') {
  await store.reserve(record(paymentId, { status: 'created' }));
  await store.upsertAttempt(paymentId, { razorpayPaymentId, status: 'captured', amountMinor, at: at(1) });
}

beforeEach(() => {
  store = new DynamoPaymentStore(awsLikeDb(), table.tableName);
  n++;
});

describe('reserving a reference', () => {
  it('the first call creates the record; a repeat gets the stored record (read strongly consistent), without key attributes', async () => {
    const id = `pay-res-${n}`;
    expect(await store.reserve(record(id))).toEqual({ created: true });
    const again = await store.reserve(record(id, { amountMinor: 5 }));
    expect(again).toEqual({ created: false, existing: record(id) });
    expect(keyAttributesOf(await store.get(id))).toEqual([]);
  });

  it('a throttled put fails the call instead of reading as "reserved by someone else"', async () => {
    faults.push({ command: 'PutCommand', nth: 1, error: throttled });
    await expect(store.reserve(record(`pay-res-${n}`))).rejects.toThrow(/provisioned throughput/);
    expect(sent).toEqual(['PutCommand']);
  });

  it('a record that cannot be read back after its condition failed is an error naming the payment', async () => {
    faults.push({ command: 'PutCommand', nth: 1, error: conditionFailed });
    await expect(store.reserve(record(`pay-res-${n}`))).rejects.toThrow(`payment pay-res-${n} reserved but unreadable`);
  });
});

describe('attaching the link', () => {
  it('moves a creating record to created once; a repeat changes nothing and still answers the record', async () => {
    const id = `pay-link-${n}`;
    await store.reserve(record(id));
    const first = await store.attachLink(id, { paymentLinkId: `plink_${n}`, shortUrl: 'https://rzp.io/a', at: at(1) });
    expect(first).toMatchObject({ status: 'created', paymentLinkId: `plink_${n}`, shortUrl: 'https://rzp.io/a', updatedAt: at(1), version: 2 });
    const second = await store.attachLink(id, { paymentLinkId: `plink_other_${n}`, at: at(2) });
    expect(second).toEqual(first);
    expect(await store.resolveAlias('PLINK', `plink_${n}`)).toBe(id);
  });

  it('a link without a short URL stores an empty one', async () => {
    const id = `pay-link-${n}`;
    await store.reserve(record(id));
    expect(await store.attachLink(id, { paymentLinkId: `plink_${n}`, at: at(1) })).toMatchObject({ shortUrl: '' });
  });

  it('a throttled update fails the call; an unknown payment is an error naming it', async () => {
    const id = `pay-link-${n}`;
    await store.reserve(record(id));
    faults.push({ command: 'UpdateCommand', nth: 1, error: throttled });
    await expect(store.attachLink(id, { paymentLinkId: `plink_${n}`, at: at(1) })).rejects.toThrow(/provisioned throughput/);
    await expect(store.attachLink(`nobody-${n}`, { paymentLinkId: `plink_x_${n}`, at: at(1) })).rejects.toThrow(`payment nobody-${n} vanished`);
  });
});

describe('annotations', () => {
  it('set only the given attributes, send nothing when there are none, and never create a payment', async () => {
    const id = `pay-ann-${n}`;
    await store.reserve(record(id));
    await store.annotate(id, { executionName: 'exec-1', linkMessageKey: undefined });
    expect(await store.get(id)).toMatchObject({ executionName: 'exec-1' });
    expect(await store.get(id)).not.toHaveProperty('linkMessageKey');
    await store.annotate(id, { linkMessageKey: 'out_1', orderMessageId: 'wamid.ORDER' });
    expect(await store.get(id)).toMatchObject({ executionName: 'exec-1', linkMessageKey: 'out_1', orderMessageId: 'wamid.ORDER' });
    sent.length = 0;
    await store.annotate(id, {});
    expect(sent).toEqual([]);
    await expect(store.annotate(`nobody-${n}`, { executionName: 'x' })).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect((await scanAll(table.db, table.tableName)).filter((i) => i.pk === `PAYMENT#nobody-${n}`)).toEqual([]);
  });
});

describe('status observations', () => {
  it('apply forward with the version bumped and one applied history entry', async () => {
    const id = `pay-obs-${n}`;
    await store.reserve(record(id, { status: 'created' }));
    const r = await store.applyObservation(
      id,
      { status: 'partially_paid', amountPaidMinor: 400 },
      { occurredAt: at(3), eventId: 'e1', source: 'webhook', kind: 'payment_link.partially_paid' },
    );
    expect(r).toMatchObject({ changed: true, conflict: false, before: { status: 'created', version: 1 }, after: { status: 'partially_paid', amountPaidMinor: 400, version: 2 } });
    expect(await store.get(id)).toMatchObject({ status: 'partially_paid', amountPaidMinor: 400, updatedAt: at(3), version: 2 });
    expect(await store.history(id)).toEqual([{ occurredAt: at(3), eventId: 'e1', source: 'webhook', kind: 'payment_link.partially_paid', applied: true }]);
  });

  it('one that contradicts a terminal status is kept in the history as a conflict, not applied', async () => {
    const id = `pay-obs-${n}`;
    await store.reserve(record(id, { status: 'paid', amountPaidMinor: 1000 }));
    const r = await store.applyObservation(id, { status: 'expired' }, { occurredAt: at(4), eventId: 'e2', source: 'webhook', kind: 'payment_link.expired' });
    expect(r).toMatchObject({ changed: false, conflict: true });
    expect(await store.history(id)).toEqual([expect.objectContaining({ kind: 'payment_link.expired:conflict', applied: false })]);
  });

  it('a writer that got in first makes the store re-read and re-apply on the newer record', async () => {
    const id = `pay-obs-${n}`;
    await store.reserve(record(id, { status: 'created' }));
    // Between our read and our write, another delivery records 700 paid.
    const other = new DynamoPaymentStore(table.db, table.tableName);
    faults.push({
      command: 'UpdateCommand',
      nth: 1,
      error: conditionFailed,
      before: async () =>
        void (await other.applyObservation(id, { status: 'partially_paid', amountPaidMinor: 700 }, { occurredAt: at(5), eventId: 'other', source: 'webhook', kind: 'k' })),
    });
    const r = await store.applyObservation(id, { status: 'partially_paid', amountPaidMinor: 400 }, { occurredAt: at(6), eventId: 'ours', source: 'webhook', kind: 'k' });
    expect(r).toMatchObject({ changed: false, before: { amountPaidMinor: 700, version: 2 } });
    expect(await store.get(id)).toMatchObject({ status: 'partially_paid', amountPaidMinor: 700, version: 2 });
  });

  it('gives up with an error after 8 lost races, and a throttled write fails at once', async () => {
    const id = `pay-obs-${n}`;
    await store.reserve(record(id, { status: 'created' }));
    for (let nth = 1; nth <= 8; nth++) faults.push({ command: 'UpdateCommand', nth, error: conditionFailed });
    await expect(store.applyObservation(id, { status: 'paid', amountPaidMinor: 1000 }, { occurredAt: at(7), eventId: 'e', source: 'webhook', kind: 'k' })).rejects.toThrow(
      `payment ${id}: too much concurrent contention`,
    );
    expect(sent.filter((s) => s === 'UpdateCommand')).toHaveLength(8);
    faults.push({ command: 'UpdateCommand', nth: 9, error: throttled });
    await expect(store.applyObservation(id, { status: 'paid', amountPaidMinor: 1000 }, { occurredAt: at(7), eventId: 'e', source: 'webhook', kind: 'k' })).rejects.toThrow(
      /provisioned throughput/,
    );
    await expect(store.applyObservation(`nobody-${n}`, { status: 'paid' }, { occurredAt: at(7), eventId: 'e', source: 'webhook', kind: 'k' })).rejects.toThrow(
      `no payment nobody-${n}`,
    );
  });

  it('the same history entry twice is stored once', async () => {
    const id = `pay-obs-${n}`;
    const entry = { occurredAt: at(8), eventId: 'dup', source: 'webhook' as const, kind: 'k', applied: false };
    expect(await store.addHistory(id, entry)).toBe(true);
    expect(await store.addHistory(id, entry)).toBe(false);
    expect(await store.history(id)).toEqual([entry]);
    faults.push({ command: 'PutCommand', nth: 3, error: throttled });
    await expect(store.addHistory(id, { ...entry, eventId: 'other' })).rejects.toThrow(/provisioned throughput/);
  });
});

describe('Razorpay payment attempts', () => {
  it('move forward only: a late failed never undoes a capture, amounts never shrink, the method is set once', async () => {
    const id = `pay-att-${n}`;
    expect(await store.upsertAttempt(id, { razorpayPaymentId: 'pay_1', status: 'authorized', amountMinor: 500, method: 'upi', at: at(1) })).toEqual({
      razorpayPaymentId: 'pay_1',
      status: 'authorized',
      amountMinor: 500,
      refundedMinor: 0,
      refundReservedMinor: 0,
      method: 'upi',
      updatedAt: at(1),
    });
    await store.upsertAttempt(id, { razorpayPaymentId: 'pay_1', status: 'captured', refundedMinor: 100, at: at(2) });
    const late = await store.upsertAttempt(id, { razorpayPaymentId: 'pay_1', status: 'failed', amountMinor: 400, refundedMinor: 50, method: 'card', at: at(3) });
    expect(late).toEqual({ razorpayPaymentId: 'pay_1', status: 'captured', amountMinor: 500, refundedMinor: 100, refundReservedMinor: 0, method: 'upi', updatedAt: at(2) });
    expect(await store.attempts(id)).toEqual([late]);
  });

  it('first seen as created, it is stored as created with zero counters', async () => {
    const id = `pay-att-${n}`;
    expect(await store.upsertAttempt(id, { razorpayPaymentId: 'pay_new', status: 'created', at: at(1) })).toEqual({
      razorpayPaymentId: 'pay_new',
      status: 'created',
      amountMinor: 0,
      refundedMinor: 0,
      refundReservedMinor: 0,
      updatedAt: at(1),
    });
  });

  it('the same status again leaves the attempt as it is', async () => {
    const id = `pay-att-${n}`;
    await store.upsertAttempt(id, { razorpayPaymentId: 'pay_1', status: 'captured', amountMinor: 500, at: at(1) });
    expect(await store.upsertAttempt(id, { razorpayPaymentId: 'pay_1', status: 'captured', amountMinor: 500, at: at(9) })).toMatchObject({ status: 'captured', updatedAt: at(1) });
  });

  it('a throttled forward move fails the call', async () => {
    const id = `pay-att-${n}`;
    faults.push({ command: 'UpdateCommand', nth: 1, error: throttled });
    await expect(store.upsertAttempt(id, { razorpayPaymentId: 'pay_1', status: 'captured', at: at(1) })).rejects.toThrow(/provisioned throughput/);
  });
});

describe('refund holds', () => {
  it('hold the exact balance left (captured − the larger of held and refunded) and never more', async () => {
    const id = `pay-hold-${n}`;
    await captured(id, 1000);
    await store.upsertAttempt(id, { razorpayPaymentId: 'pay_1', status: 'captured', refundedMinor: 200, at: at(2) }); // refunded on the dashboard
    // captured − max(held, refunded): our own refunds show in both, so they are not added up
    expect(await store.holdRefundable(id, 'pay_1', 801)).toBe(false);
    expect(await store.holdRefundable(id, 'pay_1', 500)).toBe(true);
    expect(await store.holdRefundable(id, 'pay_1', 501)).toBe(false);
    expect(await store.holdRefundable(id, 'pay_1', 500)).toBe(true);
    expect(await store.holdRefundable(id, 'pay_1', 1)).toBe(false);
    expect((await store.attempts(id))[0]).toMatchObject({ refundReservedMinor: 1000 });
    await store.releaseRefundable(id, 'pay_1', 300);
    expect((await store.attempts(id))[0]).toMatchObject({ refundReservedMinor: 700 });
    expect(await store.holdRefundable(id, 'pay_1', 301)).toBe(false);
    expect(await store.holdRefundable(id, 'pay_1', 300)).toBe(true);
  });

  it('two refunds racing for one balance: only one gets it', async () => {
    const id = `pay-hold-${n}`;
    await captured(id, 1000);
    const both = await Promise.all([store.holdRefundable(id, 'pay_1', 600), store.holdRefundable(id, 'pay_1', 600)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect((await store.attempts(id))[0]).toMatchObject({ refundReservedMinor: 600 });
  });

  it('a hold that loses a race re-reads and holds from the new balance', async () => {
    const id = `pay-hold-${n}`;
    await captured(id, 1000);
    const other = new DynamoPaymentStore(table.db, table.tableName);
    const updates = sent.filter((s) => s === 'UpdateCommand').length;
    faults.push({ command: 'UpdateCommand', nth: updates + 1, error: conditionFailed, before: async () => void (await other.holdRefundable(id, 'pay_1', 300)) });
    expect(await store.holdRefundable(id, 'pay_1', 700)).toBe(true);
    expect((await store.attempts(id))[0]).toMatchObject({ refundReservedMinor: 1000 });
  });

  it('nothing is held on an attempt that is not captured, or unknown; a refunded attempt keeps its remainder', async () => {
    const id = `pay-hold-${n}`;
    await store.upsertAttempt(id, { razorpayPaymentId: 'pay_auth', status: 'authorized', amountMinor: 1000, at: at(1) });
    expect(await store.holdRefundable(id, 'pay_auth', 100)).toBe(false);
    expect(await store.holdRefundable(id, 'pay_unknown', 100)).toBe(false);
    await store.upsertAttempt(id, { razorpayPaymentId: 'pay_ref', status: 'refunded', amountMinor: 1000, refundedMinor: 400, at: at(1) });
    expect(await store.holdRefundable(id, 'pay_ref', 600)).toBe(true);
  });

  it('gives up (false) after 8 lost races; a throttled hold fails the call', async () => {
    const id = `pay-hold-${n}`;
    await captured(id, 1000);
    const base = sent.filter((s) => s === 'UpdateCommand').length;
    for (let i = 1; i <= 8; i++) faults.push({ command: 'UpdateCommand', nth: base + i, error: conditionFailed });
    expect(await store.holdRefundable(id, 'pay_1', 100)).toBe(false);
    expect(sent.filter((s) => s === 'UpdateCommand')).toHaveLength(base + 8);
    faults.push({ command: 'UpdateCommand', nth: base + 9, error: throttled });
    await expect(store.holdRefundable(id, 'pay_1', 100)).rejects.toThrow(/provisioned throughput/);
  });
});

describe('refund references', () => {
  it('are reserved once; a repeat gets the stored one', async () => {
    const id = `pay-rr-${n}`;
    expect(await store.reserveRefundReference(id, refund('RF-1'))).toEqual({ created: true, refund: refund('RF-1') });
    expect(await store.reserveRefundReference(id, refund('RF-1', { amountMinor: 999 }))).toEqual({ created: false, refund: refund('RF-1') });
  });

  it('a requested reference is taken by one call at a time, and again once its lease has passed', async () => {
    const id = `pay-rr-${n}`;
    await store.reserveRefundReference(id, refund('RF-2', { inFlightUntil: at(10) }));
    expect(await store.takeRefundReference(id, 'RF-2', at(9), at(20))).toBe(false);
    expect(await store.takeRefundReference(id, 'RF-2', at(10), at(20))).toBe(true);
    expect((await store.refunds(id))[0]).toMatchObject({ inFlightUntil: at(20), updatedAt: at(10) });
    expect(await store.takeRefundReference(id, 'RF-2', at(15), at(25))).toBe(false);
    await store.updateRefund(id, 'RF-2', { status: 'processed', refundId: 'rfnd_1', inFlightUntil: undefined });
    expect(await store.takeRefundReference(id, 'RF-2', at(30), at(40))).toBe(false);
    expect((await store.refunds(id))[0]).toMatchObject({ status: 'processed', refundId: 'rfnd_1', inFlightUntil: at(20) });
  });

  it('a reference without a lease can be taken; a throttled take fails the call', async () => {
    const id = `pay-rr-${n}`;
    await store.reserveRefundReference(id, refund('RF-3', { inFlightUntil: undefined }));
    expect(await store.takeRefundReference(id, 'RF-3', at(1), at(2))).toBe(true);
    faults.push({ command: 'UpdateCommand', nth: 2, error: throttled });
    await expect(store.takeRefundReference(id, 'RF-3', at(5), at(6))).rejects.toThrow(/provisioned throughput/);
  });

  it('a settled refund is counted once per Razorpay refund id', async () => {
    const id = `pay-rr-${n}`;
    await store.reserve(record(id, { status: 'paid', refundedMinor: 100 }));
    expect(await store.recordRefundSettled(id, 'rfnd_a', 'pay_1', 300, at(3))).toBe(true);
    expect(await store.recordRefundSettled(id, 'rfnd_a', 'pay_1', 300, at(4))).toBe(false);
    expect(await store.recordRefundSettled(id, 'rfnd_b', 'pay_1', 50, at(5))).toBe(true);
    expect(await store.get(id)).toMatchObject({ refundedMinor: 450, updatedAt: at(5) });
  });
});

describe('webhooks about unknown payments', () => {
  it('are kept by day and taken by exactly one of two racing callers', async () => {
    const providerId = `plink_un_${n}`;
    for (const e of ['e1', 'e2', 'e3']) {
      await store.keepUnmatched({ kind: 'PLINK', providerId, eventId: e, detailType: 'payment.link.paid', detail: { e }, receivedAt: at(1) });
    }
    const kept = (await scanAll(table.db, table.tableName)).filter((i) => i.providerId === providerId);
    expect(kept.map((i) => [i.gsi1pk, i.gsi1sk])).toEqual(['e1', 'e2', 'e3'].map((e) => ['PAYUNMATCHED#DAY#2026-03-01', `${at(1)}#${e}`]));
    const [a, b] = await Promise.all([store.takeUnmatched('PLINK', providerId), store.takeUnmatched('PLINK', providerId)]);
    expect([...a!, ...b!].map((e) => e.eventId).sort()).toEqual(['e1', 'e2', 'e3']);
    expect(await store.takeUnmatched('PLINK', providerId)).toEqual([]);
  });

  it('a throttled delete fails the take instead of dropping the event', async () => {
    const providerId = `plink_un_${n}`;
    await store.keepUnmatched({ kind: 'RZPPAY', providerId, eventId: 'e1', detailType: 'payment.captured', detail: {}, receivedAt: at(1) });
    faults.push({ command: 'DeleteCommand', nth: 1, error: throttled });
    await expect(store.takeUnmatched('RZPPAY', providerId)).rejects.toThrow(/provisioned throughput/);
    expect((await store.takeUnmatched('RZPPAY', providerId)).map((e) => e.eventId)).toEqual(['e1']);
  });
});

describe('the terminal outcome', () => {
  it('is won once; while unpublished a repeat of the same outcome republishes it; then it is taken', async () => {
    const id = `pay-out-${n}`;
    await store.reserve(record(id, { status: 'paid' }));
    expect(await store.claimOutcome(id, 'paid')).toBe('won');
    expect(await store.claimOutcome(id, 'paid')).toBe('republish');
    expect(await store.claimOutcome(id, 'expired')).toBe('taken');
    await store.markOutcomePublished(id);
    expect(await store.claimOutcome(id, 'paid')).toBe('taken');
    expect(await store.get(id)).toMatchObject({ outcome: 'paid', outcomePublished: true });
  });

  it('an unknown payment has no outcome to win; a throttled claim fails the call', async () => {
    expect(await store.claimOutcome(`nobody-${n}`, 'paid')).toBe('taken');
    const id = `pay-out-${n}`;
    await store.reserve(record(id, { status: 'paid' }));
    faults.push({ command: 'UpdateCommand', nth: 2, error: throttled });
    await expect(store.claimOutcome(id, 'paid')).rejects.toThrow(/provisioned throughput/);
  });
});

describe("listing a customer's payments", () => {
  const seed = async (waId: string) => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = `pay-list-${n}-${i}`;
      ids.push(id);
      await store.reserve(record(id, { waId, createdAt: at(i * 10), status: i % 2 ? 'paid' : 'created' }));
    }
    return ids;
  };

  it('newest first, page after page with the cursor, without key attributes', async () => {
    const waId = `9191${n}`;
    const ids = await seed(waId);
    const first = await store.list({ waId, limit: 3 });
    expect(first.items.map((p) => p.paymentId)).toEqual([ids[4], ids[3], ids[2]]);
    expect(first.items.flatMap(keyAttributesOf)).toEqual([]);
    const second = await store.list({ waId, limit: 3, cursor: first.nextCursor });
    expect(second.items.map((p) => p.paymentId)).toEqual([ids[1], ids[0]]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('between two instants, both included', async () => {
    const waId = `9192${n}`;
    const ids = await seed(waId);
    expect((await store.list({ waId, limit: 10, from: at(10), to: at(30) })).items.map((p) => p.paymentId)).toEqual([ids[3], ids[2], ids[1]]);
    expect((await store.list({ waId, limit: 10, from: at(30) })).items.map((p) => p.paymentId)).toEqual([ids[4], ids[3]]);
    expect((await store.list({ waId, limit: 10, to: at(10) })).items.map((p) => p.paymentId)).toEqual([ids[1], ids[0]]);
  });

  it('filtered by status, reading on until the page is full', async () => {
    const waId = `9193${n}`;
    const ids = await seed(waId);
    const page = await store.list({ waId, limit: 2, status: 'created' });
    expect(page.items.map((p) => [p.paymentId, p.status])).toEqual([
      [ids[4], 'created'],
      [ids[2], 'created'],
    ]);
    const rest = await store.list({ waId, limit: 2, status: 'created', cursor: page.nextCursor });
    expect(rest.items.map((p) => p.paymentId)).toEqual([ids[0]]);
  });
});

describe('Meta payment statuses', () => {
  it('are kept once per event, by day', async () => {
    const detail = { eventId: `meta-${n}`, receivedAt: at(2), status: 'captured' };
    expect(await store.recordMetaStatus(detail)).toBe(true);
    expect(await store.recordMetaStatus(detail)).toBe(false);
    expect((await scanAll(table.db, table.tableName)).filter((i) => i.eventId === `meta-${n}`).map((i) => [i.pk, i.sk])).toEqual([['PAYMETA#2026-03-01', `${at(2)}#meta-${n}`]]);
  });
});
