import { describe, expect, it } from 'vitest';
import { templatesFromEnv } from '../../../functions/domain/payments/messages.js';
import { notifyCustomer } from '../../../functions/messaging/notify-payment.js';
import type { PaymentRecord } from '../../../functions/domain/payments/model.js';
import type { MessageStore } from '../../../functions/ports/message-store.js';
import { CollectingPublisher } from '../../support/fakes.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const payment: PaymentRecord = {
  paymentId: 'pr_1',
  referenceId: 'ORD-9',
  waId: '919000090000',
  originationPhoneNumberId: 'phone-number-id-1',
  amountMinor: 149_900,
  currency: 'INR',
  description: 'Order 9',
  upiLink: false,
  acceptPartial: false,
  customer: {},
  expireBy: '2026-03-01T11:00:00.000Z',
  reminder: true,
  status: 'created',
  amountPaidMinor: 0,
  refundedMinor: 0,
  shortUrl: 'https://rzp.io/i/abc',
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  version: 1,
};

function deps(lastInboundAt?: string) {
  const sent: Record<string, any>[] = [];
  const messages = { getLastInboundAt: async () => lastInboundAt, recordOutbound: async () => undefined } as unknown as MessageStore;
  const sender = { send: async (_: string, m: Record<string, unknown>) => (sent.push(m), { eumMessageId: `eum-${sent.length}` }), metaPhoneNumberId: async () => '1065' };
  return { sent, d: { sender, messages, publisher: new CollectingPublisher(), now: () => NOW } };
}

describe('payment messages on WhatsApp', () => {
  it('sends an interactive CTA-URL message inside the 24-hour window', async () => {
    const { sent, d } = deps('2026-03-01T09:00:00Z');
    const r = await notifyCustomer('link', payment, d);
    expect(r).toMatchObject({ sent: true, via: 'session' });
    expect(sent[0]).toMatchObject({
      type: 'interactive',
      to: '919000090000',
      interactive: { type: 'cta_url', action: { name: 'cta_url', parameters: { url: 'https://rzp.io/i/abc' } } },
    });
    expect(sent[0]!.interactive.body.text).toContain('₹1,499.00');
  });

  it('falls back to the approved template outside the window, filling {amount} and {link}', async () => {
    const { sent, d } = deps(undefined);
    const templates = {
      link: {
        name: 'payment_request',
        language: 'en',
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: '{amount}' },
              { type: 'text', text: '{link}' },
            ],
          },
        ],
      },
    };
    const r = await notifyCustomer('link', { ...payment, templates }, d);
    expect(r).toMatchObject({ sent: true, via: 'template' });
    expect(sent[0]).toMatchObject({
      type: 'template',
      template: { name: 'payment_request', language: { code: 'en' }, components: [{ parameters: [{ text: '₹1,499.00' }, { text: 'https://rzp.io/i/abc' }] }] },
    });
  });

  it('sends nothing and says why when the window is closed and no template is configured', async () => {
    const { sent, d } = deps('2026-02-20T09:00:00Z');
    const r = await notifyCustomer('reminder', payment, d);
    expect(r.sent).toBe(false);
    expect(r.reason).toMatch(/window .* closed.*templates\.reminder/);
    expect(sent).toEqual([]);
  });

  it('reads default templates from PAYMENT_TEMPLATE_<KIND>=name:language', () => {
    expect(templatesFromEnv({ PAYMENT_TEMPLATE_LINK: 'pay_link:en_US', PAYMENT_TEMPLATE_PAID: 'paid_ok' })).toEqual({
      link: { name: 'pay_link', language: 'en_US' },
      paid: { name: 'paid_ok', language: 'en' },
    });
  });
});
