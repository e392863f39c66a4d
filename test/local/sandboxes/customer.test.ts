import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendWhatsAppMessageCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetaInboundMessageSchema, MetaMessagesValueSchema } from '../../../events/inbound/meta-webhook.js';
import { normalizeEumSnsMessage } from '../../../functions/domain/ingest/normalize-eum.js';
import { PROJECT_ROOT } from '../../../local/server/paths.js';
import { createCustomer, type CustomerSimulator } from '../../../local/sandboxes/customer.js';
import { startEumSandbox, type EumSandbox } from '../../../local/sandboxes/eum/index.js';
import { parseEumBody, sdkConfig, WebhookInbox } from './support.js';

const META_FIXTURES = join(PROJECT_ROOT, '..', 'shared', 'fixtures', 'meta');

let eum: EumSandbox;
let inbox: WebhookInbox<string>;
let customer: CustomerSimulator;

beforeEach(async () => {
  inbox = new WebhookInbox<string>();
  eum = await startEumSandbox({ deliverWebhook: async (b) => inbox.push(b), timeScale: 0.01 });
  customer = createCustomer({
    deliverEntry: (e) => eum.deliverEntry(e),
    phoneNumberId: eum.phoneNumber.metaPhoneNumberId,
    wabaId: eum.phoneNumber.metaWabaId,
    displayPhoneNumber: eum.phoneNumber.webhookDisplayPhoneNumber,
    lastOutboundWamid: () => 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQUJDREVGMDEyMzQ1Njc4OQA=',
  });
});
afterEach(async () => {
  await eum.close();
});

/** The one inbound message of the last delivery, checked with the project's schemas and normalizer. */
function lastInbound() {
  const body = inbox.items.at(-1)!;
  const { entry } = parseEumBody(body);
  const value = MetaMessagesValueSchema.parse(entry.changes[0]!.value);
  const message = MetaInboundMessageSchema.parse(value.messages![0]);
  const normalized = normalizeEumSnsMessage(body, new Date().toISOString());
  return { entry, value, message, raw: value.messages![0] as Record<string, unknown>, normalized };
}

/** Keys of an object, recursively (arrays: of their first element): the shape without the values. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
    );
  return typeof v;
}
const fixtureMessage = (file: string) => {
  const path = join(META_FIXTURES, file);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')).entry[0].changes[0].value;
};

describe("simulated customer: inbound messages in Meta's shape", () => {
  it('text: parses, normalizes to message.received and returns the wamid', async () => {
    const wamid = await customer.sendText('Does it come in another color?');
    const { entry, value, message, normalized } = lastInbound();
    expect(message).toMatchObject({ id: wamid, from: customer.waId, type: 'text', text: { body: 'Does it come in another color?' } });
    expect(entry.id).toBe(eum.phoneNumber.metaWabaId);
    expect(value.metadata.phone_number_id).toBe(eum.phoneNumber.metaPhoneNumberId);
    expect(value.contacts).toEqual([{ profile: { name: customer.name }, wa_id: customer.waId }]);
    expect(normalized.rejected).toEqual([]);
    expect(normalized.events.map((e) => e.detailType)).toEqual(['message.received']);
  });

  it('button reply, list reply and template quick reply carry the context of the business message', async () => {
    await customer.tapButton('cancel-button', 'Cancel');
    expect(lastInbound().message).toMatchObject({
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
      context: { from: eum.phoneNumber.webhookDisplayPhoneNumber },
    });
    expect(lastInbound().normalized.rejected).toEqual([]);
    await customer.pickListItem('row-2', 'Tomorrow', '10:00');
    expect(lastInbound().message.interactive).toEqual({ type: 'list_reply', list_reply: { id: 'row-2', title: 'Tomorrow', description: '10:00' } });
    await customer.tapTemplateQuickReply('Unsubscribe', 'Unsubscribe', { replyTo: 'wamid.explicit' });
    expect(lastInbound().message).toMatchObject({ type: 'button', button: { payload: 'Unsubscribe', text: 'Unsubscribe' }, context: { id: 'wamid.explicit' } });
    expect(lastInbound().normalized.events.map((e) => e.detailType)).toEqual(['message.received']);
  });

  it('flow completion: nfm_reply with response_json as a JSON string including flow_token → flow.completed', async () => {
    await customer.completeFlow('booking-7', { screen_0_date: '2026-12-01', slot: 'morning' });
    const { message, normalized } = lastInbound();
    expect(message.interactive?.type).toBe('nfm_reply');
    expect(typeof message.interactive?.nfm_reply?.response_json).toBe('string');
    expect(JSON.parse(message.interactive!.nfm_reply!.response_json)).toEqual({ screen_0_date: '2026-12-01', slot: 'morning', flow_token: 'booking-7' });
    expect(normalized.rejected).toEqual([]);
    expect(normalized.events.map((e) => e.detailType)).toContain('flow.completed');
  });

  it('cart: order with catalog_id and product_items → order.received', async () => {
    await customer.sendOrder({
      catalogId: '194836987003835',
      items: [
        { productRetailerId: 'sku-1', quantity: 2, itemPrice: 30, currency: 'INR' },
        { productRetailerId: 'sku-2', quantity: 1, itemPrice: 25, currency: 'INR' },
      ],
    });
    const { message, normalized } = lastInbound();
    expect(message.order).toEqual({
      catalog_id: '194836987003835',
      text: '',
      product_items: [
        { product_retailer_id: 'sku-1', quantity: 2, item_price: 30, currency: 'INR' },
        { product_retailer_id: 'sku-2', quantity: 1, item_price: 25, currency: 'INR' },
      ],
    });
    expect(normalized.rejected).toEqual([]);
    expect(normalized.events.map((e) => e.detailType)).toContain('order.received');
  });

  it("builds the same shapes as Meta's published examples (shared fixtures)", async (ctx) => {
    if (!existsSync(META_FIXTURES)) ctx.skip();
    const cases: [string, () => Promise<string>][] = [
      ['inbound-text.openapi.json', () => customer.sendText('hi')],
      ['inbound-interactive-button-reply.openapi.json', () => customer.tapButton('b1', 'Yes')],
      ['inbound-interactive-list-reply.openapi.json', () => customer.pickListItem('r1', 'Row', 'Details')],
      ['inbound-button-template-quick-reply.openapi.json', () => customer.tapTemplateQuickReply('STOP', 'Stop')],
      ['inbound-order-multi-product.openapi.json', () => customer.sendOrder({ catalogId: 'c1', items: [{ productRetailerId: 'p', quantity: 1, itemPrice: 10, currency: 'INR' }] })],
    ];
    for (const [file, act] of cases) {
      await act();
      expect({ file, shape: shape(lastInbound().value) }).toEqual({ file, shape: shape(fixtureMessage(file)) });
    }
  });

  it('other() is a second user on the same number', async () => {
    const ravi = customer.other({ waId: '919811111111', name: 'Ravi' });
    await ravi.sendText('hello');
    expect(lastInbound().value.contacts).toEqual([{ profile: { name: 'Ravi' }, wa_id: '919811111111' }]);
  });
});

describe("EUM sandbox webhooks through the project's ingest normalizer", () => {
  it('status, template and quality webhooks normalize with nothing rejected', async () => {
    eum.createExternalTemplate({ name: 'promo', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi' }] }, 'APPROVED');
    eum.setTemplateStatus('promo', 'PAUSED', { reason: 'LOW_QUALITY' });
    eum.triggerTemplateQuality({ templateName: 'promo', rating: 'RED' });
    eum.triggerPhoneQuality({ event: 'FLAGGED' });
    eum.setDeliveryPlan({ outcome: 'failed', errorCode: 131026 }, '919811111111');
    const client = new SocialMessagingClient(sdkConfig(eum.endpoint));
    for (const to of ['919876543210', '919811111111'])
      await client.send(
        new SendWhatsAppMessageCommand({
          originationPhoneNumberId: eum.phoneNumber.id,
          metaApiVersion: 'v20.0',
          message: new TextEncoder().encode(JSON.stringify({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } })),
        }),
      );
    client.destroy();
    await customer.sendText('hi');
    await inbox.until(() => eum.pending() === 0 && inbox.items.length === 8);
    const types = inbox.items.flatMap((b) => {
      const r = normalizeEumSnsMessage(b, new Date().toISOString());
      expect(r.rejected).toEqual([]);
      return r.events.map((e) => e.detailType);
    });
    expect(types).toEqual(expect.arrayContaining(['template.status_changed', 'template.quality_changed', 'phone.quality_changed', 'message.received']));
    expect(types.filter((t) => t === 'message.status')).toHaveLength(4);
  });
});
