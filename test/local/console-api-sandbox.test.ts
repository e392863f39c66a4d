import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../local/faults/switch.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';

/** The sandbox controls of the console API over HTTP, against a runtime with its sandboxes. */
describe('console API: sandbox controls and the simulated customer', () => {
  let rt: Runtime;
  let api: (path: string, body?: unknown) => Promise<{ status: number; body: any }>;
  let customerWaId: string;
  let originPhoneId: string;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001 });
    api = async (path, body) => {
      const res = await fetch(`${rt.url}/console/api/sandbox${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${rt.consoleToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    customerWaId = rt.sandboxes.customer.waId;
    originPhoneId = rt.sandboxes.eum.phoneNumber.id;
  });
  afterAll(async () => {
    faults.disable();
    await rt?.stop();
  });

  it('replies as the customer (text, button) and shows the conversation with the stored message', async () => {
    const sent = await api(`/customers/${customerWaId}/text`, { text: 'Hello from the console' });
    expect(sent.status).toBe(200);
    expect(sent.body.wamid).toMatch(/^wamid\./);
    const received = await rt.waitForEvent((e) => e.detailType === 'message.received' && e.detail.messageId === sent.body.wamid);
    expect(received.detail).toMatchObject({ from: customerWaId, type: 'text', text: 'Hello from the console' });
    const tapped = await api(`/customers/${customerWaId}/button`, { id: 'yes', title: 'Yes' });
    await rt.waitForEvent((e) => e.detailType === 'message.received' && e.detail.messageId === tapped.body.wamid);
    // Another customer gets distinct wamids message after message.
    const other1 = await api('/customers/919800000001/text', { text: 'one', name: 'Ravi' });
    const other2 = await api('/customers/919800000001/text', { text: 'two' });
    expect(other1.body.wamid).not.toBe(other2.body.wamid);

    const list = await api('/conversations');
    expect(list.body.conversations.map((c: { customer: string }) => c.customer)).toEqual(expect.arrayContaining([customerWaId, '919800000001']));
    const convo = await api(`/conversations/${customerWaId}`);
    const texts = convo.body.messages.filter((m: any) => m.direction === 'in').map((m: any) => [m.id, m.text, m.status]);
    expect(texts).toEqual(
      expect.arrayContaining([
        [sent.body.wamid, 'Hello from the console', 'received'],
        [tapped.body.wamid, 'Yes', 'received'],
      ]),
    );
  });

  it('streams the conversation change as a `message` event', async () => {
    const controller = new AbortController();
    const res = await fetch(`${rt.url}/console/api/stream`, { headers: { authorization: `Bearer ${rt.consoleToken}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const frames = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    })().catch(() => undefined);
    try {
      const sent = await api(`/customers/${customerWaId}/text`, { text: 'streamed reply' });
      const expected = `event: message\ndata: ${JSON.stringify({ messageId: sent.body.wamid, customer: customerWaId, status: 'received' })}\n\n`;
      for (let i = 0; i < 300 && !text.includes(expected); i++) await new Promise((r) => setTimeout(r, 10));
      expect(text).toContain(expected);
    } finally {
      controller.abort();
      await frames;
    }
  });

  it('approves and rejects pending templates (with a reason), through the webhook path', async () => {
    for (const name of ['console_pending_a', 'console_pending_b']) {
      const made = await api('/templates', { template: { name, language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi' }] }, status: 'PENDING' });
      expect([made.status, made.body.template.status]).toEqual([200, 'PENDING']);
    }
    const approved = await api('/templates/console_pending_a/approve', {});
    expect([approved.status, approved.body.template.status]).toEqual([200, 'APPROVED']);
    await rt.waitForEvent((e) => e.detailType === 'template.status_changed' && e.detail.templateName === 'console_pending_a' && e.detail.status === 'APPROVED');
    const rejected = await api('/templates/console_pending_b/reject', { reason: 'INCORRECT_CATEGORY' });
    expect(rejected.body.template).toMatchObject({ status: 'REJECTED', rejectedReason: 'INCORRECT_CATEGORY' });
    await rt.waitForEvent((e) => e.detailType === 'template.status_changed' && e.detail.templateName === 'console_pending_b' && e.detail.status === 'REJECTED');
    // Only a pending template can be approved; an unknown one is 404.
    expect((await api('/templates/console_pending_a/approve', {})).status).toBe(409);
    expect((await api('/templates/no_such_template/reject', { reason: 'x' })).status).toBe(404);
  });

  it('posts any Meta webhook entry and lists what the sandboxes delivered', async () => {
    const phone = rt.sandboxes.eum.phoneNumber;
    const entry = {
      id: phone.metaWabaId,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: phone.webhookDisplayPhoneNumber, phone_number_id: phone.metaPhoneNumberId },
            contacts: [{ wa_id: '919811111111', profile: { name: 'Entry' } }],
            messages: [{ from: '919811111111', id: 'wamid.CONSOLE-ENTRY-1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'raw entry' } }],
          },
        },
      ],
    };
    expect((await api('/eum/entries', { entry })).status).toBe(200);
    await rt.waitForEvent((e) => e.detailType === 'message.received' && e.detail.messageId === 'wamid.CONSOLE-ENTRY-1');
    const deliveries = await api('/deliveries');
    expect(deliveries.body.eum.some((d: any) => d.entry.changes[0].value.messages?.[0]?.id === 'wamid.CONSOLE-ENTRY-1' && d.ok)).toBe(true);
    expect((await api('/eum/entries', { entry: { id: 'x', changes: [] } })).body.field).toBe('entry.changes');
  });

  it("changes a phone's quality (phone.quality_changed follows)", async () => {
    const res = await api('/phone/quality', { event: 'DOWNGRADE', currentLimit: 'TIER_250' });
    expect(res.status).toBe(200);
    expect(res.body.phoneNumber.messagingLimit ?? res.body.phoneNumber.qualityRating).toBeDefined();
    await rt.waitForEvent((e) => e.detailType === 'phone.quality_changed' && e.detail.event === 'DOWNGRADE');
  });

  it('pays partly, pays, and refunds a payment link; fails and expires another', async () => {
    const create = async (ref: string) => {
      const out = await rt.action({
        action: 'create_payment_request',
        wa_id: customerWaId,
        origination_phone_number_id: originPhoneId,
        amount: 10_000,
        description: 'Console test',
        reference_id: ref,
        expire_in_minutes: 30,
        accept_partial: true,
      });
      expect(out.statusCode).toBe(200);
      return out.body.payment as { paymentId: string; paymentLinkId: string };
    };
    const paid = await create(`CONSOLE-PAY-${Date.now().toString(36)}`);
    const partly = await api(`/payment-links/${paid.paymentLinkId}/pay`, { amount: 4_000 });
    expect([partly.status, partly.body.payment.amount]).toEqual([200, 4_000]);
    await rt.waitForEvent((e) => e.detailType === 'payment.link_updated' && e.detail.paymentLinkId === paid.paymentLinkId && e.detail.status === 'partially_paid');
    const rest = await api(`/payment-links/${paid.paymentLinkId}/pay`, {});
    expect(rest.body.payment.amount).toBe(6_000);
    await rt.waitForEvent((e) => e.detailType === 'payment.completed' && e.detail.paymentId === paid.paymentId);
    const refund = await api(`/payments/${rest.body.payment.id}/refund`, { amount: 1_000 });
    expect([refund.status, refund.body.refund.amount, refund.body.refund.payment_id]).toEqual([200, 1_000, rest.body.payment.id]);
    const tooMuch = await api(`/payments/${rest.body.payment.id}/refund`, { amount: 100_000 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toBe('RazorpayError');

    const other = await create(`CONSOLE-EXP-${Date.now().toString(36)}`);
    const failed = await api(`/payment-links/${other.paymentLinkId}/fail`, { description: 'card declined' });
    expect(failed.body.payment.status).toBe('failed');
    const expired = await api(`/payment-links/${other.paymentLinkId}/expire`, {});
    expect(expired.body.link.status).toBe('expired');
    await rt.waitForEvent((e) => e.detailType === 'payment.expired' && e.detail.paymentId === other.paymentId, 30_000);
    expect((await api('/payment-links/plink_nope/pay', {})).status).toBe(404);
  });

  it('switches fault injection on and off', async () => {
    expect((await api('/faults', { aws: { targets: { rate: 1, only: ['lambda:nothing-matches'] } } })).body).toEqual({ aws: true });
    expect(faults.enabled).toBe(true);
    expect((await api('/faults')).body.aws).toBe(true);
    expect((await api('/faults', { aws: null })).body).toEqual({ aws: false });
    expect(faults.enabled).toBe(false);
    expect((await api('/faults', { eum: { error: 'ThrottledRequestException', times: 1 } })).status).toBe(200);
    expect((await api('/faults', { eum: null })).status).toBe(200);
  });

  it('names the field and the rule on bad input', async () => {
    const cases: [string, unknown, number, string][] = [
      [`/customers/${customerWaId}/text`, {}, 400, 'text'],
      [`/customers/${customerWaId}/text`, { text: '' }, 400, 'text'],
      ['/customers/+91-98/text', { text: 'hi' }, 400, 'customer'],
      [`/customers/${customerWaId}/order`, { catalogId: 'c', items: [] }, 400, 'items'],
      ['/phone/quality', { event: 'SIDEWAYS' }, 400, 'event'],
      ['/templates/x/quality', { rating: 'PURPLE' }, 400, 'rating'],
      ['/faults', { aws: { putEvents: { rate: 2 } } }, 400, 'aws.putEvents.rate'],
      ['/payment-links/x/pay', { amount: 10.5 }, 400, 'amount'],
    ];
    for (const [path, body, status, field] of cases) {
      const res = await api(path, body);
      expect([path, res.status, res.body.field]).toEqual([path, status, field]);
      expect(res.body.message).toContain(field === 'customer' ? 'customer' : field);
    }
    expect((await api(`/customers/${customerWaId}/media`, { kind: 'image', mimeType: 'image/jpeg', dataBase64: 'not base64!' })).body.field).toBe('dataBase64');
    expect((await api(`/customers/${customerWaId}/media`, { kind: 'hologram', mimeType: 'image/jpeg', dataBase64: 'AAAA' })).body.field).toBe('kind');
  });

  it('sends a photo as the customer: the inbound media message is received and its file stored', async () => {
    // A 1×1 JPEG is not needed: the sandbox keeps whatever bytes the customer hands WhatsApp.
    const bytes = Buffer.from('console photo bytes');
    const sent = await api(`/customers/${customerWaId}/media`, { kind: 'image', mimeType: 'image/jpeg', dataBase64: bytes.toString('base64'), caption: 'from the console' });
    expect(sent.status).toBe(200);
    const received = await rt.waitForEvent((e) => e.detailType === 'message.received' && e.detail.messageId === sent.body.wamid);
    expect(received.detail).toMatchObject({ from: customerWaId, type: 'image' });
    const stored = await rt.waitForEvent((e) => e.detailType === 'media.stored' && e.detail.messageId === sent.body.wamid, 20_000);
    expect(stored.detail).toMatchObject({ mimeType: 'image/jpeg', sizeBytes: bytes.length, sha256Verified: true });
  });
});
