import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import { DynamoWaiterStore } from '../../../functions/adapters/dynamodb/waiter-store.js';
import { WAITER_KIND, type PaymentDeps } from '../../../functions/domain/payments/service.js';
import { paymentFromOrderHandler } from '../../../functions/handlers/payment-from-order.js';
import { recordPaymentEventHandler } from '../../../functions/handlers/record-payment-event.js';
import { registerPaymentWaiterHandler } from '../../../functions/handlers/register-payment-waiter.js';
import type { WaiterDeps } from '../../../functions/waits/waiters.js';
import { testTable } from '../../support/test-table.js';
import { FakeGateway } from './fake-gateway.js';

/** The handlers wired with this test's payment adapters and waits (built in beforeAll). */
let deps: PaymentDeps;
let waits: WaiterDeps;
const paymentFromOrder = paymentFromOrderHandler(() => ({
  payments: deps,
  phoneDirectory: () => {
    throw new Error('the tests configure PAYMENT_ORIGINATION_PHONE_NUMBER_ID: no EUM lookup');
  },
}));
const recordPaymentEvent = recordPaymentEventHandler(() => deps);
const registerPaymentWaiter = registerPaymentWaiterHandler(() => ({ payments: deps, waits }));

const table = testTable();
let store: DynamoPaymentStore;
let gateway: FakeGateway;
const succeeded: { token: string; output: any }[] = [];

beforeAll(() => {
  store = new DynamoPaymentStore(table.db, table.tableName);
  gateway = new FakeGateway();
  waits = {
    waiters: new DynamoWaiterStore(table.db, table.tableName),
    tokens: { succeed: async (token: string, output: unknown) => (succeeded.push({ token, output }), 'resumed' as const), fail: async () => 'resumed' as const },
  };
  deps = {
    store,
    gateway,
    starter: { start: async () => ({ started: true }) },
    notify: async () => ({ sent: false, reason: 'test' }),
    resume: async () => 0,
    now: () => new Date('2026-03-01T10:00:00Z'),
  };
});
afterEach(() => {
  delete process.env.ORDER_TO_PAYMENT;
  delete process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID;
});

const orderEvent = (messageId: string, totalMinor = 40_550) =>
  ({
    'detail-type': 'order.received',
    detail: {
      eventId: `order:${messageId}`,
      occurredAt: '2026-03-01T09:59:00.000Z',
      receivedAt: '2026-03-01T09:59:01.000Z',
      phoneNumberId: '106540352242922',
      messageId,
      from: '919876543210',
      catalogId: 'cat-1',
      items: [{ productRetailerId: 'sku-1', quantity: 2, itemPrice: 202.75, currency: 'INR' }],
      totalMinor,
      currency: 'INR',
    },
  }) as never;

describe('payment-from-order', () => {
  it('does nothing unless ORDER_TO_PAYMENT is on', async () => {
    expect(await paymentFromOrder(orderEvent('wamid.OFF'))).toEqual({ skipped: 'ORDER_TO_PAYMENT is not on' });
    expect(gateway.links.size).toBe(0);
  });

  it('turns one order into one payment request for the cart total, however often it is delivered', async () => {
    process.env.ORDER_TO_PAYMENT = 'on';
    process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID = 'phone-number-id-1';
    const first = (await paymentFromOrder(orderEvent('wamid.ORDER-1'))) as { paymentId: string; created: boolean };
    const again = (await paymentFromOrder(orderEvent('wamid.ORDER-1'))) as { paymentId: string; created: boolean };
    expect(first.created).toBe(true);
    expect(again).toEqual({ paymentId: first.paymentId, created: false });
    expect([...gateway.links.values()].filter((l) => l.amountMinor === 40_550)).toHaveLength(1);
    expect(await store.get(first.paymentId)).toMatchObject({ orderMessageId: 'wamid.ORDER-1', amountMinor: 40_550, waId: '919876543210' });
    expect(await store.resolveAlias('WAORDER', 'wamid.ORDER-1')).toBe(first.paymentId);
  });

  it('skips (does not retry) a cart Razorpay cannot take', async () => {
    process.env.ORDER_TO_PAYMENT = 'on';
    process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID = 'phone-number-id-1';
    const links = gateway.links.size;
    const out = (await paymentFromOrder(orderEvent('wamid.TINY', 50))) as { skipped?: string };
    expect(out.skipped).toMatch(/amount: .*at least 100/);
    expect(gateway.links.size).toBe(links);
  });
});

describe('record-payment-event', () => {
  it('records Meta payment statuses once', async () => {
    const event = {
      'detail-type': 'payment.meta_status',
      detail: {
        eventId: 'meta-pay:cfg-1:Active',
        occurredAt: '2026-03-01T10:00:00Z',
        receivedAt: '2026-03-01T10:00:01Z',
        kind: 'payment_configuration_update',
        configurationName: 'razorpay-upi',
        providerName: 'razorpay',
        status: 'Active',
      },
    } as never;
    expect(await recordPaymentEvent(event)).toEqual({ outcome: 'meta-status' });
    expect(await recordPaymentEvent(event)).toEqual({ outcome: 'meta-status-duplicate' });
  });
});

describe('register-payment-waiter', () => {
  it('resumes at once when the payment changed since the execution last looked, else waits', async () => {
    process.env.ORDER_TO_PAYMENT = 'on';
    process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID = 'phone-number-id-1';
    const { paymentId } = (await paymentFromOrder(orderEvent('wamid.WAIT-1'))) as { paymentId: string };
    const p = (await store.get(paymentId))!;
    const base = { paymentId, paymentLinkId: p.paymentLinkId!, waitSeconds: 600, executionId: 'arn:exec:1' };
    expect(await registerPaymentWaiter({ ...base, taskToken: 't-1', seen: { status: 'created', amountPaidMinor: 0 } })).toEqual({ state: 'waiting' });
    await store.applyObservation(
      paymentId,
      { status: 'paid', amountPaidMinor: 40_550 },
      { occurredAt: '2026-03-01T10:01:00Z', eventId: 'e1', source: 'webhook', kind: 'payment_link.paid' },
    );
    expect(await registerPaymentWaiter({ ...base, taskToken: 't-2', seen: { status: 'created', amountPaidMinor: 0 } })).toEqual({ state: 'resumed-at-once' });
    expect(succeeded.at(-1)).toEqual({ token: 't-2', output: expect.objectContaining({ status: 'paid', amountPaidMinor: 40_550, amountDueMinor: 0 }) });
    // t-1 (an earlier wait of the same execution) was cleared; t-2 was taken by the resume.
    expect(await new DynamoWaiterStore(table.db, table.tableName).list(WAITER_KIND, p.paymentLinkId!)).toEqual([]);
  });
});
