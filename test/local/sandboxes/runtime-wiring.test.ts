import { CreateWhatsAppMessageTemplateCommand, SendWhatsAppMessageCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import Razorpay from 'razorpay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../../local/runtime.js';
import type { CustomerSimulator } from '../../../local/sandboxes/customer.js';
import type { EumSandbox } from '../../../local/sandboxes/eum/index.js';
import type { RazorpaySandbox } from '../../../local/sandboxes/razorpay/index.js';
import { pointRazorpaySdkAt } from '../../../local/sandboxes/razorpay/sdk-redirect.js';
import { sdkConfig } from './support.js';

/**
 * The sandboxes inside the runtime: what they deliver passes the runtime's real HTTP ingress
 * (SNS notification unwrapping, Razorpay signature check) and becomes domain events on the bus.
 */
const KEY_ID = 'rzp_test_wiring';
const KEY_SECRET = 'wiring-key-secret';

let rt: Runtime;
let eum: EumSandbox;
let rzp: RazorpaySandbox;
let customer: CustomerSimulator;

beforeAll(async () => {
  process.env.LOCAL_RAZORPAY_KEY_ID = KEY_ID;
  process.env.LOCAL_RAZORPAY_KEY_SECRET = KEY_SECRET;
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.01, quiet: true });
  eum = rt.sandboxes.eum as EumSandbox;
  rzp = rt.sandboxes.razorpay as RazorpaySandbox;
  customer = rt.sandboxes.customer as CustomerSimulator;
}, 120_000);
afterAll(async () => {
  delete process.env.LOCAL_RAZORPAY_KEY_ID;
  delete process.env.LOCAL_RAZORPAY_KEY_SECRET;
  await rt?.stop();
});

describe('sandboxes wired into the runtime', () => {
  it('customer messages, template reviews and status webhooks reach the bus as domain events', async () => {
    const wamid = await customer.sendText('hello from the sandbox');
    await rt.waitForEvent((e) => e.detailType === 'message.received' && JSON.stringify(e.detail).includes(wamid), 20_000);

    const client = new SocialMessagingClient(sdkConfig(eum.endpoint));
    try {
      const template = { name: 'wiring_check', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'All good' }] };
      await client.send(new CreateWhatsAppMessageTemplateCommand({ id: eum.phoneNumber.wabaId, templateDefinition: new TextEncoder().encode(JSON.stringify(template)) }));
      await rt.waitForEvent((e) => e.detailType === 'template.status_changed' && JSON.stringify(e.detail).includes('wiring_check'), 20_000);

      await client.send(
        new SendWhatsAppMessageCommand({
          originationPhoneNumberId: eum.phoneNumber.id,
          metaApiVersion: 'v20.0',
          message: new TextEncoder().encode(JSON.stringify({ messaging_product: 'whatsapp', to: customer.waId, type: 'text', text: { body: 'hi' } })),
        }),
      );
      const sent = eum.sentMessages().at(-1)!;
      const read = await rt.waitForEvent((e) => e.detailType === 'message.status' && e.detail.wamid === sent.wamid && e.detail.status === 'read', 20_000);
      expect(read.detail).toMatchObject({ phoneNumberId: eum.phoneNumber.metaPhoneNumberId, recipient: customer.waId });
    } finally {
      client.destroy();
    }
    await rt.idle();
    expect(eum.deliveries().filter((d) => !d.ok)).toEqual([]);
  });

  it("Razorpay webhooks pass the runtime's signature check and become payment events", async () => {
    const sdk: any = new Razorpay({ key_id: KEY_ID, key_secret: KEY_SECRET });
    pointRazorpaySdkAt(sdk, rzp.baseUrl);
    const link = await sdk.paymentLink.create({ amount: 1000, currency: 'INR', reference_id: `wiring-${Date.now()}`, expire_by: Math.floor(Date.now() / 1000) + 3600 });
    await rzp.pay(link.id);
    const updated = await rt.waitForEvent((e) => e.detailType === 'payment.link_updated' && e.detail.paymentLinkId === link.id && e.detail.status === 'paid', 20_000);
    expect(updated.detail).toMatchObject({ amount: 1000, amountPaid: 1000, currency: 'INR' });
    await rt.idle();
    expect(rzp.deliveries().map((d) => [d.event, d.status])).toEqual([
      ['payment.captured', 'delivered'],
      ['order.paid', 'delivered'],
      ['payment_link.paid', 'delivered'],
    ]);
  });
});
