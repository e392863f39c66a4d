import type { Runtime } from '../../runtime.js';

/** A one-screen Flow ending in `complete` (no data endpoint needed). */
const DELIVERY_SLOT_FLOW = {
  version: '7.1',
  screens: [
    {
      id: 'SLOT',
      title: 'Delivery slot',
      terminal: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [
          {
            type: 'RadioButtonsGroup',
            name: 'slot',
            label: 'When should we deliver?',
            required: true,
            'data-source': [
              { id: 'morning', title: 'Tomorrow 10:00–12:00' },
              { id: 'evening', title: 'Tomorrow 18:00–20:00' },
            ],
          },
          { type: 'Footer', label: 'Confirm', 'on-click-action': { name: 'complete', payload: { slot: '${form.slot}' } } },
        ],
      },
    },
  ],
};

interface Customer {
  waId: string;
  sendText(text: string): Promise<string>;
  completeFlow(flowToken: string, response: Record<string, unknown>): Promise<string>;
  sendOrder(input: { catalogId: string; items: { productRetailerId: string; quantity: number; itemPrice: number; currency: string }[] }): Promise<string>;
}

interface EumSandboxLike {
  phoneNumber: { id: string; metaPhoneNumberId: string; metaWabaId: string; webhookDisplayPhoneNumber: string };
  deliverEntry(entry: object): Promise<void>;
}

/**
 * Meta webhook entries a customer's phone produces (shapes: Meta's documented `messages`
 * webhooks — text, Flows "Response Message Webhook" nfm_reply, and "Order Message").
 */
export function customerEntries(eum: EumSandboxLike['phoneNumber'], waId: string) {
  let n = 0;
  const id = () => `wamid.demo-${Date.now().toString(36)}-${++n}`;
  const ts = () => String(Math.floor(Date.now() / 1000));
  const entry = (message: Record<string, unknown>) => ({
    id: eum.metaWabaId,
    changes: [
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: eum.webhookDisplayPhoneNumber, phone_number_id: eum.metaPhoneNumberId },
          contacts: [{ profile: { name: 'Demo Customer' }, wa_id: waId }],
          messages: [{ from: waId, id: id(), timestamp: ts(), ...message }],
        },
      },
    ],
  });
  return {
    text: (body: string) => entry({ type: 'text', text: { body } }),
    flowReply: (flowToken: string, response: Record<string, unknown>) =>
      entry({
        type: 'interactive',
        interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify({ flow_token: flowToken, ...response }) } },
      }),
    order: (catalogId: string, items: { product_retailer_id: string; quantity: number; item_price: number; currency: string }[]) =>
      entry({ type: 'order', order: { catalog_id: catalogId, text: '', product_items: items } }),
  };
}

/** The simulated customer when the runtime has one; else the same messages posted as Meta entries. */
function customerOf(rt: Runtime, eum: EumSandboxLike): Customer {
  try {
    const c = rt.sandboxes.customer as Customer;
    if (c.waId) return c;
  } catch {
    // the customer simulator is optional: fall back to documented entries
  }
  const waId = '919800000042';
  const entries = customerEntries(eum.phoneNumber, waId);
  const post = async (e: ReturnType<typeof entries.text>) => (await eum.deliverEntry(e), (e.changes[0]!.value.messages[0] as { id: string }).id);
  return {
    waId,
    sendText: (text) => post(entries.text(text)),
    completeFlow: (token, response) => post(entries.flowReply(token, response)),
    sendOrder: ({ catalogId, items }) =>
      post(
        entries.order(
          catalogId,
          items.map((i) => ({ product_retailer_id: i.productRetailerId, quantity: i.quantity, item_price: i.itemPrice, currency: i.currency })),
        ),
      ),
  };
}

const CATALOG_ID = 'demo-catalog';

/**
 * Messaging: the customer writes (the 24-hour window opens), we send a product and a Flow, the
 * customer completes the Flow and orders from the catalog; both come back as domain events.
 */
export const scenario = {
  name: 'messaging',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const eum = rt.sandboxes.eum as EumSandboxLike;
    const customer = customerOf(rt, eum);
    const from = eum.phoneNumber.id;
    const to = customer.waId;
    const run = Date.now().toString(36);
    const fail = (step: string, res: { statusCode: number; body: unknown }) => ({
      ok: false,
      summary: `${step} answered ${res.statusCode}: ${JSON.stringify(res.body).slice(0, 300)}`,
    });

    await customer.sendText('Hi! Do you have green tea?');
    await rt.idle();

    const product = await rt.action({ action: 'send_product_message', from, to, catalog_id: CATALOG_ID, product_retailer_id: 'sku-green-tea', body: 'Our best seller' });
    if (product.statusCode !== 200) return fail('send_product_message', product);
    const flow = await rt.action({ action: 'create_flow', name: `delivery_slot_${run}`, categories: ['APPOINTMENT_BOOKING'], flow_json: DELIVERY_SLOT_FLOW, publish: true });
    if (flow.statusCode !== 200) return fail('create_flow', flow);
    const sent = await rt.action({
      action: 'send_flow',
      from,
      to,
      flow_id: flow.body.flowId,
      flow_cta: 'Pick a slot',
      body: 'When should we deliver your tea?',
      flow_action: 'navigate',
      flow_action_payload: { screen: 'SLOT' },
      ...(flow.body.published ? {} : { mode: 'draft' }),
    });
    if (sent.statusCode !== 200) return fail('send_flow', sent);
    const flowToken = sent.body.flowToken as string;

    await customer.completeFlow(flowToken, { slot: 'morning' });
    await customer.sendOrder({ catalogId: CATALOG_ID, items: [{ productRetailerId: 'sku-green-tea', quantity: 2, itemPrice: 250, currency: 'INR' }] });
    await rt.idle();

    const completed = rt.events({ detailType: 'flow.completed' }).find((e) => (e.detail as { flowToken?: string }).flowToken === flowToken);
    const order = rt.events({ detailType: 'order.received' }).find((e) => (e.detail as { from?: string }).from === to);
    const total = (order?.detail as { totalMinor?: number; currency?: string } | undefined) ?? {};
    return {
      ok: Boolean(completed && order),
      summary: `product ${product.body.messageKey} and flow ${flow.body.flowId} (${flow.body.flowStatus}) sent; flow.completed ${completed ? `slot=${JSON.stringify((completed.detail as { response?: { slot?: unknown } }).response?.slot)}` : 'MISSING'}; order.received ${order ? `${total.totalMinor} ${total.currency} minor units` : 'MISSING'}`,
    };
  },
};
