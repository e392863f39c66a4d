import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeEvent } from '../../../events/index.js';
import { dispatchAction } from '../../../functions/actions/registry.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { DynamoPaymentListing } from '../../../functions/adapters/dynamodb/payment-listing.js';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import { paymentTimeline } from '../../../functions/domain/payments/operator-view.js';
import { createPaymentRequest, recordLinkEvent, recordProviderPaymentEvent, type CreatePaymentInput, type PaymentDeps } from '../../../functions/domain/payments/service.js';
import { sendPaymentMessageHandler } from '../../../functions/handlers/send-payment-message.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { actionContext, succeeded } from '../../support/action-context.js';
import { startTestTable } from '../../support/dynalite.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { FakeGateway } from './fake-gateway.js';
import { linkEvent as linkUpdate } from './support.js';

/** The payments view's data: list_payments across customers, a request's timeline, and the Razorpay comparison. */
let table: Awaited<ReturnType<typeof startTestTable>>;
let base: Deps;
let pdeps: PaymentDeps;
const gateway = new FakeGateway();
let clock = new Date('2026-01-15T10:00:00Z');
const ACTION_NOW = new Date('2026-03-02T10:30:00Z');
let n = 0;
/** The send-payment-message Task function over the payments wiring the actions run with too (built in beforeAll). */
const sendPaymentMessage = sendPaymentMessageHandler(() => pdeps);
const ids: Record<string, { paymentId: string; paymentLinkId: string; linkMessageKey?: string }> = {};

/** The payments concern as handlers/actions-payments.ts wires it, with this test's payment adapters. */
const context = () => actionContext({ deps: base, now: () => ACTION_NOW, payments: () => pdeps, paymentListing: () => new DynamoPaymentListing(table.db, table.tableName) });

const act = (body: Record<string, unknown>) => succeeded(body, context());

async function create(name: string, waId: string, at: string, amountMinor: number) {
  clock = new Date(at);
  const input: CreatePaymentInput = {
    waId,
    originationPhoneNumberId: 'phone-number-id-test',
    amountMinor,
    currency: 'INR',
    description: name,
    referenceId: `OPS-${name}`,
    expireBy: new Date(clock.getTime() + 2 * 3600_000),
    upiLink: false,
    acceptPartial: true,
    customer: {},
    reminder: true,
  };
  const out = await createPaymentRequest(input, pdeps);
  ids[name] = { paymentId: out.payment.paymentId, paymentLinkId: out.payment.paymentLinkId!, linkMessageKey: (out.payment as { linkMessageKey?: string }).linkMessageKey };
  return ids[name]!;
}
const linkEvent = (linkId: string, status: string, amountPaid: number, at: string, paymentId?: string) =>
  recordLinkEvent(linkUpdate(linkId, status, amountPaid, paymentId, at), pdeps);
const captured = (paymentId: string, amount: number, at: string) =>
  recordProviderPaymentEvent(
    { eventId: `rzp:${paymentId}:captured`, occurredAt: at, receivedAt: at, paymentId, status: 'captured', amount, method: 'upi', providerEvent: 'payment.captured' },
    pdeps,
  );

beforeAll(async () => {
  table = await startTestTable();
  const messages = new DynamoMessageStore(table.db, table.tableName);
  base = { db: table.db, tableName: table.tableName, messages, publisher: new CollectingPublisher() } as unknown as Deps;
  pdeps = {
    store: new DynamoPaymentStore(table.db, table.tableName),
    gateway,
    starter: { start: async () => ({ started: true }) },
    notify: async (kind) => ({ sent: true, messageKey: `out_pay_${++n}_${kind}`, via: 'session' }),
    resume: async () => 1,
    now: () => clock,
    graceSeconds: 300,
  };

  const expired = await create('expired', '919100000003', '2026-01-15T10:00:00Z', 30_000);
  await linkEvent(expired.paymentLinkId, 'expired', 0, '2026-01-15T12:00:00Z');

  const paid = await create('paid', '919100000001', '2026-02-10T10:00:00Z', 49_900);
  // The link message's ticks, as the status webhooks record them.
  for (const [status, at] of [
    ['sent', '2026-02-10T10:00:02Z'],
    ['delivered', '2026-02-10T10:00:04Z'],
    ['read', '2026-02-10T10:20:00Z'],
  ] as const) {
    await messages.recordStatus(
      makeEvent('message.status', {
        eventId: `st:${status}`,
        occurredAt: at,
        receivedAt: at,
        phoneNumberId: '106540352242922',
        messageKey: paid.linkMessageKey!,
        status,
        recipient: '919100000001',
        via: 'meta-webhook',
      }).detail as never,
    );
  }
  // The lifecycle's reminder task dates its history entry with the wall clock: set it to the reminder time.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-02-10T11:00:00Z'));
  await sendPaymentMessage({ paymentId: paid.paymentId, kind: 'reminder' });
  vi.useRealTimers();
  const rzpPay = gateway.pay(paid.paymentLinkId, 49_900);
  await linkEvent(paid.paymentLinkId, 'paid', 49_900, '2026-02-10T11:30:01Z', rzpPay);
  await captured(rzpPay, 49_900, '2026-02-10T11:30:00Z');

  const partial = await create('partial', '919100000002', '2026-03-01T10:00:00Z', 100_000);
  const part1 = gateway.pay(partial.paymentLinkId, 40_000);
  await linkEvent(partial.paymentLinkId, 'partially_paid', 40_000, '2026-03-01T10:10:01Z', part1);
  await captured(part1, 40_000, '2026-03-01T10:10:00Z');

  await create('open', '919100000001', '2026-03-02T10:00:00Z', 25_000);
}, 60_000);
afterAll(async () => {
  await table.close();
});

describe('list_payments across customers', () => {
  it('lists every customer newest first, across months, page by page', async () => {
    const all = await act({ action: 'list_payments', limit: 10 });
    expect(all.payments.map((p: any) => p.reference)).toEqual(['OPS-open', 'OPS-partial', 'OPS-paid', 'OPS-expired']);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await act({ action: 'list_payments', limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.payments.map((p: any) => p.reference));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['OPS-open', 'OPS-partial', 'OPS-paid', 'OPS-expired']);
  });

  it('filters by status (open = created or partly paid), date range and customer', async () => {
    const open = await act({ action: 'list_payments', status: 'open' });
    expect(open.payments.map((p: any) => [p.reference, p.status])).toEqual([
      ['OPS-open', 'created'],
      ['OPS-partial', 'partially_paid'],
    ]);
    const feb = await act({ action: 'list_payments', from: '2026-02-01T00:00:00Z', to: '2026-02-28T23:59:59Z' });
    expect(feb.payments.map((p: any) => p.reference)).toEqual(['OPS-paid']);
    const one = await act({ action: 'list_payments', wa_id: '919100000001' });
    expect(one.payments.map((p: any) => p.reference)).toEqual(['OPS-open', 'OPS-paid']);
  });

  it('rows carry amounts in paise and, for open ones, the next timer', async () => {
    const { payments } = await act({ action: 'list_payments' });
    const by = (ref: string) => payments.find((p: any) => p.reference === ref);

    expect(by('OPS-partial')).toMatchObject({
      waId: '919100000002',
      amountMinor: 100_000,
      paidMinor: 40_000,
      amountDueMinor: 60_000,
      currency: 'INR',
      nextTimer: { kind: 'expiry', at: '2026-03-01T12:00:00.000Z', overdue: true },
    });
    // 2 h link, reminder an hour before expiry: 11:00, still ahead at 10:30
    expect(by('OPS-open').nextTimer).toEqual({ kind: 'reminder', at: '2026-03-02T11:00:00.000Z', overdue: false });
    expect(by('OPS-paid').nextTimer).toBeNull();
    expect(by('OPS-expired')).toMatchObject({ status: 'expired', nextTimer: null });
  });

  it('refuses a cursor it did not give', async () => {
    const res = await dispatchAction({ action: 'list_payments', cursor: 'bogus' }, context());
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/cursor/);
  });
});

describe('get_payment for the payments view', () => {
  it("draws the paid request's timeline: created, link sent with its ticks, reminder, payment, paid", async () => {
    const out = await act({ action: 'get_payment', reference_id: 'OPS-paid' });

    expect(out.timeline.map((i: any) => [i.kind, i.status ?? null])).toEqual([
      ['created', null],
      ['message_sent', null],
      ['message_status', 'sent'],
      ['message_status', 'delivered'],
      ['message_status', 'read'],
      ['reminder', null],
      ['payment_captured', 'captured'],
      ['paid', 'paid'],
    ]);
    expect(out.timeline.find((i: any) => i.kind === 'paid').amountMinor).toBe(out.payment.amountPaidMinor);
    expect(out.timeline.find((i: any) => i.kind === 'payment_captured').amountMinor).toBe(49_900);
    expect(out.payment.nextTimer).toBeNull();
    expect(out.gateway).toBeUndefined();
  });

  it('with compare, shows what Razorpay reports beside what is stored, and the differences, without writing', async () => {
    const same = await act({ action: 'get_payment', reference_id: 'OPS-paid', compare: true });
    expect(same.gateway).toMatchObject({ matches: true, differences: [], reported: { status: 'paid', amountPaidMinor: 49_900 } });

    // A second part paid at Razorpay whose webhook never came:
    const lost = gateway.pay(ids.partial!.paymentLinkId, 60_000);
    const out = await act({ action: 'get_payment', reference_id: 'OPS-partial', compare: true });

    expect(out.gateway.matches).toBe(false);
    expect(out.gateway.differences).toEqual([
      { field: 'status', stored: 'partially_paid', reported: 'paid' },
      { field: 'amountPaidMinor', stored: 40_000, reported: 100_000 },
      { field: `payments.${lost}`, stored: null, reported: { razorpayPaymentId: lost, amountMinor: 60_000, status: 'captured' } },
    ]);
    expect((await act({ action: 'get_payment', reference_id: 'OPS-partial' })).payment.amountPaidMinor).toBe(40_000);
  });
});

describe('paymentTimeline', () => {
  const p = { paymentId: 'p1', referenceId: 'R1', createdAt: '2026-03-01T10:00:00.400Z', amountMinor: 1000, status: 'paid', amountPaidMinor: 1000 } as never;
  it('an outcome found by reconciliation is that outcome; a duplicate webhook after it is left out', () => {
    const items = paymentTimeline(
      p,
      [
        { occurredAt: '2026-03-01T10:30:00.000Z', eventId: 'r', source: 'reconcile', kind: 'reconcile', status: 'paid', amountPaidMinor: 1000, applied: true },
        { occurredAt: '2026-03-01T10:30:05.000Z', eventId: 'w', source: 'webhook', kind: 'payment_link.paid', status: 'paid', amountPaidMinor: 1000, applied: false },
      ],
      [],
      {},
    );
    expect(items.map((i) => [i.kind, i.amountMinor])).toEqual([
      ['created', 1000],
      ['paid', 1000],
    ]);
    expect(items[1]!.title).toMatch(/reconciled/);
  });

  it('keeps cause before effect within a second: the request, its message, the message ticks', () => {
    const items = paymentTimeline(p, [], [], { m1: [{ status: 'sent', occurredAt: '2026-03-01T10:00:00.000Z' }] }, { messageKey: 'm1', createdAt: '2026-03-01T10:00:00.000Z' });
    expect(items.map((i) => i.kind)).toEqual(['created', 'message_sent', 'message_status']);
  });

  it("a provider's whole-second outcome recorded before our millisecond reminder still comes after it, and its notice after it", () => {
    const items = paymentTimeline(
      p,
      [
        { occurredAt: '2026-03-01T10:10:00.000Z', eventId: 'w', source: 'webhook', kind: 'payment_link.paid', status: 'paid', amountPaidMinor: 1000, applied: true },
        { occurredAt: '2026-03-01T10:10:00.900Z', eventId: 'n', source: 'lifecycle', kind: 'message.paid', applied: true, detail: { messageKey: 'm3' } },
        { occurredAt: '2026-03-01T10:10:00.400Z', eventId: 'r', source: 'lifecycle', kind: 'message.reminder', applied: true, detail: { messageKey: 'm2' } },
      ] as never,
      [],
      { m2: [{ status: 'delivered', occurredAt: '2026-03-01T10:10:00.000Z' }] },
    );
    expect(items.map((i) => i.kind)).toEqual(['created', 'reminder', 'message_status', 'paid', 'message_sent']);
  });

  it("a message's ticks in one second read sent, delivered, read, whatever order they were stored in", () => {
    const second = '2026-03-01T10:00:01.000Z';
    const items = paymentTimeline(p, [], [], { m1: ['read', 'delivered', 'sent'].map((status) => ({ status, occurredAt: second })) }, { messageKey: 'm1', createdAt: second });
    expect(items.filter((i) => i.kind === 'message_status').map((i) => i.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('a refund asked for through the action comes before Razorpay settling it in the same second', () => {
    const items = paymentTimeline(
      p,
      [
        { occurredAt: '2026-03-01T11:00:00.000Z', eventId: 'c', source: 'webhook', kind: 'refund.processed', applied: true, detail: { amountMinor: 500 } },
        { occurredAt: '2026-03-01T11:00:00.700Z', eventId: 'q', source: 'action', kind: 'refund_requested', applied: true, detail: { amountMinor: 500 } },
      ] as never,
      [],
      {},
    );
    expect(items.map((i) => i.kind)).toEqual(['created', 'refund_requested', 'refunded']);
  });
});
