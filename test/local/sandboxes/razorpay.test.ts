import Razorpay from 'razorpay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RazorpayWebhookSchema } from '../../../events/inbound/razorpay-webhook.js';
import { verifyRazorpaySignature } from '../../../functions/domain/ingest/razorpay-signature.js';
import { startRazorpaySandbox, type RazorpaySandbox } from '../../../local/sandboxes/razorpay/index.js';
import { pointRazorpaySdkAt } from '../../../local/sandboxes/razorpay/sdk-redirect.js';
import { WebhookInbox } from './support.js';

const SECRET = 'whsec-sandbox-test';
const KEY = { keyId: 'rzp_test_sandbox', keySecret: 'sandbox-key-secret' };

interface Delivered {
  rawBody: string;
  headers: Record<string, string>;
}

let sandbox: RazorpaySandbox;
let inbox: WebhookInbox<Delivered>;
let sdk: any;

beforeEach(async () => {
  inbox = new WebhookInbox<Delivered>();
  sandbox = await startRazorpaySandbox({ ...KEY, webhookSecret: SECRET, timeScale: 0.01, deliverWebhook: async (rawBody, headers) => inbox.push({ rawBody, headers }) });
  sdk = new Razorpay({ key_id: KEY.keyId, key_secret: KEY.keySecret });
  pointRazorpaySdkAt(sdk, sandbox.baseUrl);
});
afterEach(async () => {
  await sandbox.close();
});

const inFuture = (minutes: number) => Math.floor(Date.now() / 1000) + minutes * 60;
const events = () => inbox.items.map((d) => JSON.parse(d.rawBody).event as string);
const createLink = (extra: Record<string, unknown> = {}) =>
  sdk.paymentLink.create({
    amount: 50000,
    currency: 'INR',
    accept_partial: true,
    first_min_partial_amount: 10000,
    expire_by: inFuture(30),
    reference_id: 'order-1001',
    description: 'Order #1001',
    customer: { name: 'Asha', contact: '+919876543210' },
    notify: { sms: false, email: false },
    notes: { payment_id: 'pay-req-1' },
    ...extra,
  });

describe('Razorpay sandbox through the official razorpay SDK', () => {
  it("creates and fetches a payment link in Razorpay's shape", async () => {
    const link = await createLink();
    expect(link).toMatchObject({
      amount: 50000,
      amount_paid: 0,
      currency: 'INR',
      status: 'created',
      reference_id: 'order-1001',
      accept_partial: true,
      payments: null,
      cancelled_at: 0,
    });
    expect(link.id).toMatch(/^plink_[0-9A-Za-z]{14}$/);
    expect(link.short_url).toMatch(/^https:\/\/rzp\.io\/i\//);
    expect(await sdk.paymentLink.fetch(link.id)).toEqual(link);
    const listed = await sdk.paymentLink.all({ reference_id: 'order-1001' });
    expect(listed.payment_links.map((l: { id: string }) => l.id)).toEqual([link.id]);
  });

  it('rejects what Razorpay rejects, in its error shape', async () => {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e) => e,
      );
    expect(await err(createLink({ amount: 99 }))).toMatchObject({ statusCode: 400, error: { code: 'BAD_REQUEST_ERROR', field: 'amount' } });
    expect(await err(createLink({ amount: 100.5 }))).toMatchObject({ statusCode: 400, error: { field: 'amount', description: 'The amount must be an integer.' } });
    expect(await err(createLink({ expire_by: inFuture(10) }))).toMatchObject({ statusCode: 400, error: { field: 'expire_by' } });
    expect(await err(createLink({ upi_link: true }))).toMatchObject({ statusCode: 400, error: { field: 'accept_partial' } });
    await createLink();
    expect(await err(createLink())).toMatchObject({
      statusCode: 400,
      error: { code: 'BAD_REQUEST_ERROR', field: 'reference_id', description: expect.stringMatching(/reference_id already exists$/) },
    });
    expect(await err(sdk.paymentLink.fetch('plink_doesnotexist00'))).toMatchObject({ statusCode: 400, error: { description: 'The id provided does not exist' } });

    const stranger = new Razorpay({ key_id: KEY.keyId, key_secret: 'wrong' });
    pointRazorpaySdkAt(stranger, sandbox.baseUrl);
    expect(await err((stranger as any).paymentLink.fetch('plink_x'))).toMatchObject({ statusCode: 401, error: { code: 'BAD_REQUEST_ERROR' } });
    expect(sandbox.links()).toHaveLength(1);
  });

  it('partial then full payment: signed webhooks in order, each with its own event id', async () => {
    const link = await createLink();
    await sandbox.pay(link.id, { amount: 20000, method: 'upi' });
    await inbox.until((d) => d.length === 2);
    expect(events()).toEqual(['payment.captured', 'payment_link.partially_paid']);
    expect(await sdk.paymentLink.fetch(link.id)).toMatchObject({ status: 'partially_paid', amount_paid: 20000 });

    await sandbox.pay(link.id, { method: 'netbanking' });
    await inbox.until((d) => d.length === 5);
    expect(events()).toEqual(['payment.captured', 'payment_link.partially_paid', 'payment.captured', 'order.paid', 'payment_link.paid']);

    for (const d of inbox.items) {
      expect(verifyRazorpaySignature(d.rawBody, d.headers['X-Razorpay-Signature'], SECRET)).toBe(true);
      RazorpayWebhookSchema.parse(JSON.parse(d.rawBody));
    }
    expect(new Set(inbox.items.map((d) => d.headers['X-Razorpay-Event-Id'])).size).toBe(5);
    const paid = JSON.parse(inbox.items[4]!.rawBody);
    expect(paid).toMatchObject({
      entity: 'event',
      contains: ['payment_link', 'order', 'payment'],
      payload: {
        payment_link: { entity: { status: 'paid', amount_paid: 50000 } },
        order: { entity: { status: 'paid', amount_due: 0 } },
        payment: { entity: { amount: 30000, status: 'captured', method: 'netbanking' } },
      },
    });
    expect(paid.account_id).toMatch(/^acc_/);
    const fetched = await sdk.paymentLink.fetch(link.id);
    expect(fetched.payments.map((p: { amount: number }) => p.amount)).toEqual([20000, 30000]);
    expect(fetched.order_id).toMatch(/^order_/);
    await expect(sandbox.pay(link.id)).rejects.toThrow(/paid/);
  });

  it('refunds up to what was captured: refund.created then refund.processed', async () => {
    const link = await createLink({ accept_partial: false, first_min_partial_amount: undefined });
    const payment = await sandbox.pay(link.id);
    await inbox.until((d) => d.length === 3);
    expect(await sdk.payments.fetch(payment.id)).toMatchObject({ id: payment.id, amount: 50000, status: 'captured', captured: true });

    const refund = await sdk.payments.refund(payment.id, { amount: 20000, receipt: 'refund-1', speed: 'normal' });
    expect(refund).toMatchObject({ entity: 'refund', amount: 20000, payment_id: payment.id, receipt: 'refund-1', status: 'pending' });
    await expect(sdk.payments.refund(payment.id, { amount: 30001 })).rejects.toMatchObject({
      statusCode: 400,
      error: { field: 'amount', description: 'The refund amount provided is greater than amount captured' },
    });
    await inbox.until((d) => d.length === 5);
    expect(events().slice(3)).toEqual(['refund.created', 'refund.processed']);
    expect(JSON.parse(inbox.items[4]!.rawBody).payload.refund.entity).toMatchObject({ id: refund.id, status: 'processed' });
    expect(await sdk.refunds.fetch(refund.id)).toMatchObject({ status: 'processed' });
    expect((await sdk.payments.fetchMultipleRefund(payment.id)).items.map((r: { id: string }) => r.id)).toEqual([refund.id]);
    expect(await sdk.payments.fetch(payment.id)).toMatchObject({ amount_refunded: 20000, refund_status: 'partial' });
  });

  it('cancel, expire, webhook loss and byte-identical redelivery', async () => {
    const a = await createLink({ reference_id: 'a' });
    const b = await createLink({ reference_id: 'b' });
    expect(await sdk.paymentLink.cancel(a.id)).toMatchObject({ status: 'cancelled' });
    await expect(sdk.paymentLink.cancel(a.id)).rejects.toMatchObject({ statusCode: 400 });
    sandbox.setWebhookLoss(true);
    await sandbox.expire(b.id);
    await sandbox.expire(b.id);
    await inbox.until(() => sandbox.pending() === 0);
    expect(events()).toEqual(['payment_link.cancelled']);
    const lost = sandbox.deliveries().filter((d) => d.status === 'lost');
    expect(lost.map((d) => d.event)).toEqual(['payment_link.expired']);

    sandbox.setWebhookLoss(false);
    await sandbox.redeliver();
    expect(events()).toEqual(['payment_link.cancelled', 'payment_link.expired']);
    expect(inbox.items[1]).toEqual({ rawBody: lost[0]!.rawBody, headers: lost[0]!.headers });
    await sandbox.redeliver(lost[0]!.eventId);
    expect(inbox.items[2]).toEqual(inbox.items[1]);
    expect(await sdk.paymentLink.fetch(b.id)).toMatchObject({ status: 'expired' });
  });

  it('a failed attempt sends payment.failed and leaves the link payable', async () => {
    const link = await createLink({ accept_partial: false, first_min_partial_amount: undefined });
    const failed = await sandbox.failPayment(link.id);
    expect(failed).toMatchObject({ status: 'failed', captured: false, error_reason: 'payment_timed_out' });
    await sandbox.pay(link.id);
    await inbox.until((d) => d.length === 4);
    expect(events()).toEqual(['payment.failed', 'payment.captured', 'order.paid', 'payment_link.paid']);
    expect(await sdk.payments.fetch(failed.id)).toMatchObject({ status: 'failed' });
  });

  it('autoExpire: a link expires by itself at expire_by (scaled), without holding pending()', async () => {
    const fast = await startRazorpaySandbox({
      ...KEY,
      webhookSecret: SECRET,
      timeScale: 0.0001,
      autoExpire: true,
      deliverWebhook: async (rawBody, headers) => inbox.push({ rawBody, headers }),
    });
    try {
      const client: any = new Razorpay({ key_id: KEY.keyId, key_secret: KEY.keySecret });
      pointRazorpaySdkAt(client, fast.baseUrl);
      const link = await client.paymentLink.create({ amount: 1000, expire_by: inFuture(16), reference_id: 'auto' });
      expect(fast.pending()).toBe(0);
      await inbox.until(() => events().includes('payment_link.expired'));
      expect(await client.paymentLink.fetch(link.id)).toMatchObject({ status: 'expired' });
      expect((await client.paymentLink.fetch(link.id)).expired_at).toBeGreaterThan(0);
    } finally {
      await fast.close();
    }
  });
});
