import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { actionHarness, NOW, RecordingSender } from './support.js';

const examples = JSON.parse(readFileSync(new URL('../../fixtures/messaging/meta-send-examples.json', import.meta.url), 'utf8')) as Record<
  string,
  { origin: string; body: Record<string, unknown> }
>;
const TO = '16505551234';
const FROM = 'phone-number-id-01234567890123456789012345678901';

let sender: RecordingSender;
beforeEach(() => {
  sender = new RecordingSender();
});
/** Sends recorded by `sender`; no template catalogue in these unit tests. */
const harness = () => actionHarness({ sender, templates: undefined });

/** Meta's example with our recipient, and recipient_type which every send of ours sets. */
const expected = (name: string) => ({ recipient_type: 'individual', ...examples[name]!.body, to: TO });

/** Action inputs that must produce each documented example. */
const cases: [string, Record<string, unknown>][] = [
  ['text', { action: 'send_text', text: 'text-message-content', preview_url: false }],
  ['template', { action: 'send_template', name: 'hello_world', language: 'en_US' }],
  ['template_with_parameters', { action: 'send_template', name: 'promotional_offer', language: 'en', parameters: ['John Doe'] }],
  [
    'reply_buttons',
    {
      action: 'send_interactive',
      type: 'button',
      body: '<BUTTON_TEXT>',
      buttons: [
        { id: '<UNIQUE_BUTTON_ID_1>', title: '<BUTTON_TITLE_1>' },
        { id: '<UNIQUE_BUTTON_ID_2>', title: '<BUTTON_TITLE_2>' },
      ],
    },
  ],
  [
    'list',
    {
      action: 'send_interactive',
      type: 'list',
      header: '<HEADER_TEXT>',
      body: '<BODY_TEXT>',
      footer: '<FOOTER_TEXT>',
      button: '<BUTTON_TEXT>',
      sections: [1, 2].map((s) => ({
        title: `<LIST_SECTION_${s}_TITLE>`,
        rows: [1, 2].map((r) => ({ id: `<LIST_SECTION_${s}_ROW_${r}_ID>`, title: `<SECTION_${s}_ROW_${r}_TITLE>`, description: `<SECTION_${s}_ROW_${r}_DESC>` })),
      })),
    },
  ],
  [
    'cta_url',
    {
      action: 'send_interactive',
      type: 'cta_url',
      header: 'Available Dates',
      body: 'Tap the button below to see available dates.',
      footer: 'Dates subject to change.',
      display_text: 'See Dates',
      url: 'https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4',
    },
  ],
  [
    'product',
    { action: 'send_product_message', catalog_id: '367025965434465', product_retailer_id: '<ID_TEST_ITEM_1>', body: '<OPTIONAL_BODY_TEXT>', footer: '<OPTIONAL_FOOTER_TEXT>' },
  ],
  [
    'product_list',
    {
      action: 'send_product_list',
      catalog_id: '146265584024623',
      header: '<YOUR_TEXT_HEADER_CONTENT>',
      body: '<YOUR_TEXT_BODY_CONTENT>',
      footer: '<YOUR_TEXT_FOOTER_CONTENT>',
      sections: [
        { title: '<SECTION1_TITLE>', product_retailer_ids: ['<YOUR_PRODUCT1_SKU_IN_CATALOG>', '<YOUR_SECOND_PRODUCT1_SKU_IN_CATALOG>'] },
        { title: '<SECTION2_TITLE>', product_items: [{ product_retailer_id: '<YOUR_PRODUCT2_SKU_IN_CATALOG>' }, { product_retailer_id: '<YOUR_SECOND_PRODUCT2_SKU_IN_CATALOG>' }] },
      ],
    },
  ],
  [
    'catalog_message',
    {
      action: 'send_catalog_message',
      body: 'Hello! Thanks for your interest. Ordering is easy. Just visit our catalog and add items to purchase.',
      footer: 'Best grocery deals on WhatsApp!',
      thumbnail_product_retailer_id: '2lc20305pt',
    },
  ],
  [
    'flow_published_by_id',
    {
      action: 'send_flow',
      flow_id: '{{Flow-ID}}',
      flow_cta: 'Open Flow!',
      flow_token: '<FLOW_TOKEN>',
      flow_action: 'navigate',
      flow_action_payload: { screen: '<SCREEN_ID>', data: { '<CUSTOM_KEY>': '<CUSTOM_VALUE>' } },
      header: '<HEADER_TEXT>',
      body: '<BODY_TEXT>',
      footer: '<FOOTER_TEXT>',
    },
  ],
  [
    'flow_draft_by_name',
    {
      action: 'send_flow',
      flow_name: '{{Flow-Name}}',
      flow_cta: 'Not shown in draft mode',
      flow_token: '<FLOW_TOKEN>',
      mode: 'draft',
      flow_action: 'navigate',
      flow_action_payload: { screen: '<SCREEN_ID>', data: { '<CUSTOM_KEY>': '<CUSTOM_VALUE>' } },
      header: 'Not shown in draft mode',
      body: 'Not shown in draft mode',
      footer: 'Not shown in draft mode',
    },
  ],
];

describe("messaging actions send Meta's documented message JSON", () => {
  it.each(cases)('%s', async (name, input) => {
    // Prepare
    const h = harness();
    h.openWindow(TO);
    // Act
    const res = await h.run({ ...input, from: FROM, to: TO });
    // Assess
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    const { biz_opaque_callback_data, ...sent } = sender.sent[0]!.message;
    expect(sent).toEqual(expected(name));
    const body = res.body as { messageKey: string; eumMessageId: string };
    expect(biz_opaque_callback_data).toBe(body.messageKey);
    expect(body.eumMessageId).toBe('eum-1');
    expect(sender.sent[0]!.originationPhoneNumberId).toBe(FROM);
    expect(h.store.outbound).toHaveLength(1);
    expect(h.publisher.events.map((e) => e.detailType)).toEqual(['message.sent']);
  });

  it('uses our message id as the flow token when none is given, so the completion leads back to the message', async () => {
    const h = harness();
    h.openWindow(TO);
    const res = await h.run({ action: 'send_flow', from: FROM, to: TO, flow_id: '123', flow_cta: 'Book', body: 'Book a slot' });
    const { flowToken: token, messageKey } = res.body as { flowToken: string; messageKey: string };
    expect(token).toBe(messageKey);
    expect(sender.sent[0]!.message.biz_opaque_callback_data).toBe(token);
    const params = (sender.sent[0]!.message.interactive as { action: { parameters: Record<string, unknown> } }).action.parameters;
    expect(params).toEqual({ flow_message_version: '3', flow_token: token, flow_id: '123', flow_cta: 'Book' });
  });
});

describe('the 24-hour customer-service window', () => {
  it('refuses a free-form message when the customer never wrote, naming send_template', async () => {
    const h = harness();
    const res = await h.run({ action: 'send_product_message', from: FROM, to: TO, catalog_id: 'c', product_retailer_id: 'p' });
    expect(res.statusCode).toBe(409);
    expect(JSON.stringify(res.body)).toMatch(/only approved templates.*send_template/);
    expect(sender.sent).toHaveLength(0);
  });

  it('refuses just after 24 hours and accepts just before', async () => {
    const h = harness();
    h.openWindow(TO, new Date(NOW.getTime() - 24 * 3600_000));
    const closed = await h.run({ action: 'send_text', from: FROM, to: TO, text: 'hi' });
    expect(closed.statusCode).toBe(409);
    expect((closed.body as { error: { code: string } }).error.code).toBe('WindowClosed');
    h.openWindow(TO, new Date(NOW.getTime() - 24 * 3600_000 + 1000));
    const open = await h.run({ action: 'send_text', from: FROM, to: TO, text: 'hi' });
    expect(open.statusCode).toBe(200);
  });

  it('lets templates through outside the window', async () => {
    const h = harness();
    const res = await h.run({ action: 'send_template', from: FROM, to: TO, name: 'hello_world', language: 'en_US' });
    expect(res.statusCode).toBe(200);
    expect(sender.sent).toHaveLength(1);
  });
});
