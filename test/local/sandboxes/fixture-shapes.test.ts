import { SendWhatsAppMessageCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import Razorpay from 'razorpay';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../local/server/paths.js';
import { startEumSandbox } from '../../../local/sandboxes/eum/index.js';
import { startRazorpaySandbox } from '../../../local/sandboxes/razorpay/index.js';
import { pointRazorpaySdkAt } from '../../../local/sandboxes/razorpay/sdk-redirect.js';
import { sdkConfig, WebhookInbox } from './support.js';

/**
 * What the sandboxes emit, compared key by key with the providers' published payloads in
 * ../shared/fixtures (read in place; skipped when the folder is absent).
 */
const FIXTURES = join(PROJECT_ROOT, '..', 'shared', 'fixtures');
const fixture = (path: string) => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
const keys = (o: object) => Object.keys(o).sort();
const missing = (reference: object, ours: object) => Object.keys(reference).filter((k) => !(k in ours));

describe.skipIf(!existsSync(FIXTURES))('sandbox payloads have the published shapes (../shared/fixtures)', () => {
  it('EUM: SNS message body, status and template-status entries', async () => {
    const inbox = new WebhookInbox<string>();
    const eum = await startEumSandbox({ deliverWebhook: async (b) => inbox.push(b), timeScale: 0.01 });
    const client = new SocialMessagingClient(sdkConfig(eum.endpoint));
    try {
      eum.createExternalTemplate({ name: 'promo', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi' }] });
      eum.setDeliveryPlan({ outcome: 'delivered' });
      await client.send(
        new SendWhatsAppMessageCommand({
          originationPhoneNumberId: eum.phoneNumber.id,
          metaApiVersion: 'v20.0',
          message: new TextEncoder().encode(
            JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', type: 'template', template: { name: 'promo', language: { code: 'en_US' } } }),
          ),
        }),
      );
      eum.setTemplateStatus('promo', 'APPROVED');
      await inbox.until(() => eum.pending() === 0 && inbox.items.length === 3);
      const bodies = inbox.items.map((b) => JSON.parse(b));
      const header = fixture('aws-eum/sns-message-header.awsdoc.json');
      for (const b of bodies) {
        expect(keys(b)).toEqual(keys(header));
        expect(keys(b.context.MetaWabaIds[0])).toEqual(keys(header.context.MetaWabaIds[0]));
        expect(keys(b.context.MetaPhoneNumberIds[0])).toEqual(keys(header.context.MetaPhoneNumberIds[0]));
        expect(b.message_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      }
      const entries = bodies.map((b) => JSON.parse(b.whatsAppWebhookEntry));
      const sentRef = fixture('meta/status-sent-pmp-marketing.metadoc.json').entry[0];
      const sent = entries.find((e) => e.changes[0].field === 'messages');
      expect(keys(sent)).toEqual(keys(sentRef));
      expect(keys(sent.changes[0].value)).toEqual(keys(sentRef.changes[0].value));
      // PMP without the legacy `conversation` object (Meta drops it from API v24).
      expect(missing(sentRef.changes[0].value.statuses[0], sent.changes[0].value.statuses[0])).toEqual(['conversation']);
      expect(keys(sent.changes[0].value.statuses[0].pricing)).toEqual(keys(sentRef.changes[0].value.statuses[0].pricing));
      const templateRef = fixture('meta/template-status-approved.metadoc.json').entry[0];
      const template = entries.find((e) => e.changes[0].field === 'message_template_status_update');
      expect(keys(template)).toEqual(keys(templateRef));
      expect(keys(template.changes[0].value)).toEqual(keys(templateRef.changes[0].value));
      expect(typeof template.changes[0].value.message_template_id).toBe(typeof templateRef.changes[0].value.message_template_id);
    } finally {
      client.destroy();
      await eum.close();
    }
  });

  it('EUM: a failed status carries errors[] as Meta documents them', async () => {
    const inbox = new WebhookInbox<string>();
    const eum = await startEumSandbox({ deliverWebhook: async (b) => inbox.push(b), timeScale: 0.01 });
    const client = new SocialMessagingClient(sdkConfig(eum.endpoint));
    try {
      eum.setDeliveryPlan({ outcome: 'failed', errorCode: 131049 });
      await client.send(
        new SendWhatsAppMessageCommand({
          originationPhoneNumberId: eum.phoneNumber.id,
          metaApiVersion: 'v20.0',
          message: new TextEncoder().encode(JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', text: { body: 'x' } })),
        }),
      );
      await inbox.until((d) => d.length === 1);
      const status = JSON.parse(JSON.parse(inbox.items[0]!).whatsAppWebhookEntry).changes[0].value.statuses[0];
      const ref = fixture('meta/status-failed-131049-ecosystem.metadoc.json').entry[0].changes[0].value.statuses[0];
      expect(keys(status)).toEqual(keys(ref));
      expect(keys(status.errors[0])).toEqual(keys(ref.errors[0]));
      expect(status.errors[0].title).toBe(ref.errors[0].title);
    } finally {
      client.destroy();
      await eum.close();
    }
  });

  it('Razorpay: payment link create response and webhook entities', async () => {
    const inbox = new WebhookInbox<string>();
    const rzp = await startRazorpaySandbox({ keyId: 'k', keySecret: 's', webhookSecret: 'w', timeScale: 0.01, deliverWebhook: async (b) => inbox.push(b) });
    try {
      const sdk: any = new Razorpay({ key_id: 'k', key_secret: 's' });
      pointRazorpaySdkAt(sdk, rzp.baseUrl);
      const request = fixture('razorpay/api.payment-link.create.standard.request.json');
      const link = await sdk.paymentLink.create({ ...request, expire_by: Math.floor(Date.now() / 1000) + 3600 });
      expect(missing(fixture('razorpay/api.payment-link.create.standard.response.json'), link)).toEqual([]);
      const payment = await rzp.pay(link.id);
      await sdk.payments.refund(payment.id, {});
      // callback_url/callback_method appear only on links created with them (as in the fixtures).
      const other = await sdk.paymentLink.create({ ...request, reference_id: 'other', expire_by: Math.floor(Date.now() / 1000) + 3600 });
      await sdk.paymentLink.cancel(other.id);
      const third = await sdk.paymentLink.create({ ...request, reference_id: 'third', expire_by: Math.floor(Date.now() / 1000) + 3600 });
      await rzp.expire(third.id);
      await inbox.until(() => rzp.pending() === 0 && inbox.items.length === 7);
      const byEvent = new Map(inbox.items.map((b) => JSON.parse(b)).map((e) => [e.event as string, e]));
      const refs: Record<string, string> = {
        'payment.captured': 'webhook.payment.captured.upi.json',
        'order.paid': 'webhook.order.paid.upi.json',
        'payment_link.paid': 'webhook.payment_link.paid.standard.json',
        'payment_link.cancelled': 'webhook.payment_link.cancelled.standard.json',
        'payment_link.expired': 'webhook.payment_link.expired.standard.json',
        'refund.processed': 'webhook.refund.processed.json',
      };
      for (const [event, file] of Object.entries(refs)) {
        const ours = byEvent.get(event);
        const ref = fixture(`razorpay/${file}`);
        expect({ event, top: keys(ours) }).toEqual({ event, top: keys(ref) });
        expect(ours.contains).toEqual(Object.keys(ours.payload));
        for (const [name, { entity }] of Object.entries(ref.payload as Record<string, { entity: object }>)) {
          // The order view inside payment_link.* carries many internal fields; we keep the documented ones.
          if (event === 'payment_link.paid' && name === 'order') continue;
          expect({ event, name, missing: missing(entity, ours.payload[name].entity) }).toEqual({ event, name, missing: [] });
        }
      }
      expect(byEvent.get('payment_link.paid').payload.order.entity.id).not.toMatch(/^order_/);
      expect(byEvent.get('payment_link.paid').payload.payment.entity.order_id).toMatch(/^order_/);
    } finally {
      await rzp.close();
    }
  });
});
