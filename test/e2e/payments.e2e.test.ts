import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type BusEventRecord, type Runtime } from '../../local/runtime.js';
import { until } from '../support/until.js';

/**
 * Payments end to end on the local runtime with the Razorpay and EUM sandboxes: action → link →
 * WhatsApp → webhooks (or reconciliation) → exactly one terminal outcome per payment.
 */
const WEBHOOK_SECRET = `whsec_e2e_${randomUUID()}`;
const OUTCOMES = ['payment.completed', 'payment.expired', 'payment.cancelled'];

interface RazorpaySandbox {
  links(): { id: string; status: string; reference_id?: string; amount: number; amount_paid: number }[];
  pay(id: string, opts?: { amount?: number; method?: string }): Promise<unknown>;
  expire(id: string): Promise<unknown>;
  setWebhookLoss(on: boolean): void;
  refunds(): { id: string; payment_id: string; amount: number }[];
}
interface Customer {
  waId: string;
  sendText(text: string): Promise<string>;
}

let rt: Runtime;
let rzp: RazorpaySandbox;
let customer: Customer;
let from: string;
let seq = 0;

const outcomesOf = (paymentId: string) => rt.events().filter((e: BusEventRecord) => OUTCOMES.includes(e.detailType) && e.detail.paymentId === paymentId);
const waitOutcome = (paymentId: string, detailType: string) => rt.waitForEvent((e) => e.detailType === detailType && e.detail.paymentId === paymentId, 90_000);

async function create(over: Record<string, unknown> = {}) {
  const res = await rt.action({
    action: 'create_payment_request',
    wa_id: customer.waId,
    origination_phone_number_id: from,
    amount: 1000,
    description: 'E2E order',
    reference_id: `E2E-${Date.now().toString(36)}-${++seq}`,
    expire_in_minutes: 30,
    ...over,
  });
  expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
  return res.body as { created: boolean; payment: { paymentId: string; paymentLinkId: string; status: string; referenceId: string }; message?: { sent: boolean } };
}

async function getPayment(paymentId: string) {
  const res = await rt.action({ action: 'get_payment', payment_id: paymentId });
  expect(res.statusCode).toBe(200);
  return res.body as { payment: { status: string; amountPaidMinor: number; refundedMinor: number }; history: { kind: string }[]; refunds: unknown[] };
}

/** A Razorpay payment_link.* webhook as the provider signs it. */
async function postLinkWebhook(linkId: string, status: string, amountPaid: number, paymentId: string, amount = 1000) {
  const body = JSON.stringify({
    entity: 'event',
    account_id: 'acc_e2e',
    event: `payment_link.${status}`,
    contains: ['payment_link', 'payment'],
    created_at: Math.floor(Date.now() / 1000),
    payload: {
      payment_link: { entity: { id: linkId, amount, amount_paid: amountPaid, currency: 'INR', status, notes: [], upi_link: 'false' } },
      payment: { entity: { id: paymentId, amount: amountPaid, currency: '', status: 'captured', method: 'upi', notes: null, order_id: null } },
    },
  });
  const signature = createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
  return rt.postWebhook('/webhooks/razorpay', body, { 'x-razorpay-signature': signature, 'x-razorpay-event-id': `evt_${randomUUID()}` });
}

beforeAll(async () => {
  process.env.LOCAL_RAZORPAY_WEBHOOK_SECRET = WEBHOOK_SECRET;
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.005, quiet: true });
  rzp = rt.sandboxes.razorpay as RazorpaySandbox;
  const eum = rt.sandboxes.eum as { phoneNumber: { id: string; wabaId: string; metaPhoneNumberId: string }; deliverEntry(entry: object): Promise<unknown> };
  from = eum.phoneNumber.id;
  // The customer writes first: the 24-hour window is open for session messages.
  try {
    customer = rt.sandboxes.customer as Customer;
    await customer.sendText('I would like to pay for my order');
  } catch {
    // Without the customer simulator: the same inbound text as a Meta entry through EUM.
    customer = { waId: '919812345678', sendText: async () => '' };
    const value = {
      messaging_product: 'whatsapp',
      metadata: { phone_number_id: eum.phoneNumber.metaPhoneNumberId, display_phone_number: '15550000000' },
      contacts: [{ wa_id: customer.waId, profile: { name: 'E2E' } }],
      messages: [{ from: customer.waId, id: `wamid.e2e-pay-${randomUUID()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi' } }],
    };
    await eum.deliverEntry({ id: eum.phoneNumber.wabaId, changes: [{ field: 'messages', value }] });
  }
  await rt.idle();
}, 120_000);
afterAll(async () => rt?.stop());

describe('payments end to end', () => {
  it('paid: link on WhatsApp → customer pays → confirmation and one payment.completed', async () => {
    const { payment, message } = await create();
    expect(message?.sent).toBe(true);
    await rzp.pay(payment.paymentLinkId);
    const done = await waitOutcome(payment.paymentId, 'payment.completed');
    await rt.idle();
    expect(done.detail).toMatchObject({ amountPaidMinor: 1000, currency: 'INR', status: 'paid' });
    expect(outcomesOf(payment.paymentId)).toHaveLength(1);
    const stored = await getPayment(payment.paymentId);
    expect(stored.payment.status).toBe('paid');
    expect(stored.history.some((h) => h.kind === 'message.paid')).toBe(true);
    // The webhook resumed the waiting execution (task token): no reconciliation was needed.
    expect(stored.history.some((h) => h.kind === 'reconcile')).toBe(false);
  });

  it('partially paid, then paid: keeps waiting with the remaining amount', async () => {
    const { payment } = await create({ accept_partial: true, amount: 1000 });
    await rzp.pay(payment.paymentLinkId, { amount: 400 });
    await until('partially_paid', async () => ((await getPayment(payment.paymentId)).payment.status === 'partially_paid' ? true : undefined));
    expect((await getPayment(payment.paymentId)).payment.amountPaidMinor).toBe(400);
    await rzp.pay(payment.paymentLinkId, { amount: 600 });
    const done = await waitOutcome(payment.paymentId, 'payment.completed');
    await rt.idle();
    expect(done.detail.amountPaidMinor).toBe(1000);
    expect(outcomesOf(payment.paymentId)).toHaveLength(1);
  });

  it('expired, with a reminder sent first', async () => {
    const { payment } = await create({ expire_in_minutes: 15, reminders: { enabled: true, before_expiry_minutes: 5 } });
    await until('the reminder', async () => ((await getPayment(payment.paymentId)).history.some((h) => h.kind === 'message.reminder') ? true : undefined));
    await rzp.expire(payment.paymentLinkId);
    await waitOutcome(payment.paymentId, 'payment.expired');
    await rt.idle();
    expect(outcomesOf(payment.paymentId).map((e) => e.detailType)).toEqual(['payment.expired']);
    // Provider times have whole seconds: order by what reached the bus, not by occurredAt.
    const reminder = (await getPayment(payment.paymentId)).history.find((h) => h.kind === 'message.reminder') as { detail?: { messageKey?: string } };
    const all = rt.events();
    const reminderAt = all.findIndex((e) => e.detailType === 'message.sent' && e.detail.messageKey === reminder.detail?.messageKey);
    const expiredAt = all.findIndex((e) => e.detailType === 'payment.link_updated' && e.detail.paymentLinkId === payment.paymentLinkId && e.detail.status === 'expired');
    expect(reminderAt).toBeGreaterThanOrEqual(0);
    expect(reminderAt).toBeLessThan(expiredAt);
  });

  it('cancelled through the action', async () => {
    const { payment } = await create();
    const res = await rt.action({ action: 'cancel_payment_request', payment_id: payment.paymentId });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    await waitOutcome(payment.paymentId, 'payment.cancelled');
    await rt.idle();
    expect(outcomesOf(payment.paymentId)).toHaveLength(1);
  });

  it('webhook lost: reconciliation after expiry + grace finds the payment', async () => {
    const { payment } = await create({ expire_in_minutes: 15, reminders: { enabled: false } });
    rzp.setWebhookLoss(true);
    let done: BusEventRecord;
    try {
      await rzp.pay(payment.paymentLinkId);
      done = await waitOutcome(payment.paymentId, 'payment.completed');
      await rt.idle();
    } finally {
      rzp.setWebhookLoss(false);
    }
    expect(rt.events({ detailType: 'payment.link_updated' }).filter((e) => e.detail.paymentLinkId === payment.paymentLinkId)).toHaveLength(0);
    expect(done.detail.amountPaidMinor).toBe(1000);
    expect(outcomesOf(payment.paymentId)).toHaveLength(1);
    expect((await getPayment(payment.paymentId)).history.some((h) => h.kind === 'reconcile')).toBe(true);
  });

  it('webhooks duplicated and reversed: paid arrives before partially_paid, each twice', async () => {
    const { payment } = await create({ accept_partial: true });
    const answers = [];
    for (let i = 0; i < 2; i++) {
      answers.push(await postLinkWebhook(payment.paymentLinkId, 'paid', 1000, 'pay_e2e_second'));
      answers.push(await postLinkWebhook(payment.paymentLinkId, 'partially_paid', 400, 'pay_e2e_first'));
    }
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    await waitOutcome(payment.paymentId, 'payment.completed');
    await rt.idle();
    expect(outcomesOf(payment.paymentId)).toHaveLength(1);
    expect((await getPayment(payment.paymentId)).payment).toMatchObject({ status: 'paid', amountPaidMinor: 1000 });
  });

  it('refund partial then full; more than captured is refused before Razorpay', async () => {
    const { payment } = await create();
    await rzp.pay(payment.paymentLinkId);
    await waitOutcome(payment.paymentId, 'payment.completed');
    await rt.idle();
    const partial = await rt.action({ action: 'refund_payment', payment_id: payment.paymentId, refund_reference: 'RF-A', amount: 300 });
    expect(partial.statusCode, JSON.stringify(partial.body)).toBe(200);
    const tooMuch = await rt.action({ action: 'refund_payment', payment_id: payment.paymentId, refund_reference: 'RF-B', amount: 701 });
    expect(tooMuch.statusCode).toBe(409);
    const rest = await rt.action({ action: 'refund_payment', payment_id: payment.paymentId, refund_reference: 'RF-C' });
    expect(rest.statusCode, JSON.stringify(rest.body)).toBe(200);
    const repeat = await rt.action({ action: 'refund_payment', payment_id: payment.paymentId, refund_reference: 'RF-C' });
    expect((repeat.body as { duplicate: boolean }).duplicate).toBe(true);
    await rt.idle();
    const paymentIds = new Set((await getPayment(payment.paymentId)).refunds.map((r) => (r as { razorpayPaymentId: string }).razorpayPaymentId));
    const atProvider = rzp.refunds().filter((r) => paymentIds.has(r.payment_id));
    expect(atProvider.map((r) => r.amount).sort((a, b) => a - b)).toEqual([300, 700]);
    expect(outcomesOf(payment.paymentId)).toHaveLength(1);
  });

  it('the same reference_id twice yields one link', async () => {
    const reference = `E2E-ONE-${Date.now().toString(36)}`;
    const a = await create({ reference_id: reference });
    const b = await create({ reference_id: reference });
    expect(b.created).toBe(false);
    expect(b.payment.paymentLinkId).toBe(a.payment.paymentLinkId);
    expect(rzp.links().filter((l) => l.reference_id === reference)).toHaveLength(1);
    await rt.action({ action: 'cancel_payment_request', payment_id: a.payment.paymentId });
    await waitOutcome(a.payment.paymentId, 'payment.cancelled');
    await rt.idle();
    expect(outcomesOf(a.payment.paymentId)).toHaveLength(1);
  });
});
