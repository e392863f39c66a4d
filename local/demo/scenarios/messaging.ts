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
  sendOrder(items: unknown[]): Promise<string>;
}

/**
 * Messaging: the customer writes (the 24-hour window opens), we send a product and a Flow, the
 * customer completes the Flow and orders from the catalog; both come back as domain events.
 */
export const scenario = {
  name: 'messaging',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const eum = rt.sandboxes.eum as { phoneNumber: { id: string } };
    const customer = rt.sandboxes.customer as Customer;
    const from = eum.phoneNumber.id;
    const to = customer.waId;
    const run = Date.now().toString(36);
    const fail = (step: string, res: { statusCode: number; body: unknown }) => ({ ok: false, summary: `${step} answered ${res.statusCode}: ${JSON.stringify(res.body).slice(0, 300)}` });

    await customer.sendText('Hi! Do you have green tea?');
    await rt.idle();

    const product = await rt.action({ action: 'send_product_message', from, to, catalog_id: 'demo-catalog', product_retailer_id: 'sku-green-tea', body: 'Our best seller' });
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
    await customer.sendOrder([{ product_retailer_id: 'sku-green-tea', quantity: 2, item_price: 250, currency: 'INR' }]);
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
