import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MetaEntrySchema, MetaWebhookSchema } from '../../events/inbound/meta-webhook.js';
import { RazorpayPaymentLinkEntitySchema, RazorpayWebhookSchema } from '../../events/inbound/razorpay-webhook.js';
import { DomainEventSchemas, type DomainEvent } from '../../events/index.js';
import { InvalidPayloadError, normalizeEumSnsMessage, normalizeSocialMessagingEvent } from '../../functions/domain/ingest/normalize-eum.js';
import { normalizeMetaEntry, type NormalizeResult } from '../../functions/domain/ingest/normalize-meta.js';
import { normalizeRazorpayWebhook } from '../../functions/domain/ingest/normalize-razorpay.js';
import { verifyRazorpaySignature } from '../../functions/domain/ingest/razorpay-signature.js';

/**
 * Contract suite over the reference payloads in `../shared/fixtures` (see its MANIFEST.md),
 * read in place. Every file must be listed in one of the expectation tables below, so a new
 * fixture cannot be added without saying what it must yield.
 */
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
const present = existsSync(FIXTURES);
if (!present) console.info(`contract suite skipped: ${FIXTURES} is absent (the shared reference payloads ship outside this repo)`);

const RECEIVED = '2026-01-01T00:00:00.000Z';
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const text = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');
const json = (file: string): unknown => JSON.parse(text(file));

interface Expected {
  detailType: string;
  detail: Record<string, unknown>;
}

/** Exactly these events, in this order; each detail also passes its own domain schema. */
function expectEvents(result: NormalizeResult, expected: Expected[]) {
  expect(result.rejected).toEqual([]);
  expect(result.events.map((e) => e.detailType)).toEqual(expected.map((e) => e.detailType));
  result.events.forEach((event: DomainEvent, i) => {
    expect(event.detail).toMatchObject(expected[i]!.detail);
    expect(event.detail.receivedAt).toBe(RECEIVED);
    expect(() => DomainEventSchemas[event.detailType].parse(event.detail)).not.toThrow();
  });
}

// ---------------------------------------------------------------- meta/
const META_PHONE = { phoneNumberId: '106540352242922', wabaId: '419561257915477' };
const META_STATUS = { phoneNumberId: '106540352242922', wabaId: '102290129340398', via: 'meta-webhook' };
const received = (wamid: string, at: number, extra: Record<string, unknown>): Expected => ({
  detailType: 'message.received',
  detail: { eventId: `msg:${wamid}`, messageId: wamid, occurredAt: iso(at), from: '16505551234', profileName: 'Sheena Nelson', ...META_PHONE, ...extra },
});

const metaTable: Record<string, { events: Expected[]; ignored?: string[] }> = {
  'meta/inbound-text.openapi.json': {
    events: [received('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', 1749416383, { type: 'text', text: 'Does it come in another color?' })],
  },
  'meta/inbound-image.openapi.json': {
    events: [
      received('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', 1744344496, {
        type: 'image',
        mediaId: '1003383421387256',
        // What store-media needs: the id to fetch, the type, and the base64 sha256 to check the file against.
        media: { id: '1003383421387256', mimeType: 'image/jpeg', sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=', caption: 'Taj Mahal' },
      }),
    ],
  },
  'meta/inbound-interactive-button-reply.openapi.json': {
    events: [
      received('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA=', 1750025136, {
        type: 'interactive',
        replyId: 'cancel-button',
        text: 'Cancel',
        contextMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA',
      }),
    ],
  },
  'meta/inbound-interactive-list-reply.openapi.json': {
    events: [
      received('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJDQ0NDM0FEODY4ODkzOTc5RgA=', 1749854575, {
        type: 'interactive',
        replyId: 'priority_express',
        text: 'Priority Mail Express',
        contextMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJGMzEyNzhENTZDMzNGODlDRDgA',
      }),
    ],
  },
  'meta/inbound-button-template-quick-reply.openapi.json': {
    events: [
      received('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUU0M0MxQzQzMUJCMTMwNUZFOQA=', 1750091045, {
        type: 'button',
        replyId: 'Unsubscribe',
        text: 'Unsubscribe',
        contextMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA',
      }),
    ],
  },
  'meta/inbound-location.openapi.json': {
    events: [received('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTU2MjZEMDBGRkE3MENEMDE0RQA=', 1744344496, { type: 'location' })],
  },
  'meta/inbound-order-multi-product.openapi.json': {
    events: [
      received('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTEyQjFGNzI1QTQxMjI5QTMyOQA=', 1750096325, { type: 'order' }),
      {
        detailType: 'order.received',
        detail: {
          eventId: 'order:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTEyQjFGNzI1QTQxMjI5QTMyOQA=',
          messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTEyQjFGNzI1QTQxMjI5QTMyOQA=',
          from: '16505551234',
          catalogId: '194836987003835',
          items: [
            { productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'USD' },
            { productRetailerId: 'nqryix03ez', quantity: 1, itemPrice: 25, currency: 'USD' },
          ],
          currency: 'USD',
          totalMinor: 8500, // 2 × 30.00 + 1 × 25.00 USD, in cents
          ...META_PHONE,
        },
      },
    ],
  },
  'meta/status-sent-pmp-marketing.metadoc.json': {
    events: [
      {
        detailType: 'message.status',
        detail: {
          eventId: 'status:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=:sent',
          messageKey: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
          wamid: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
          status: 'sent',
          occurredAt: iso(1750030073),
          recipient: '16505551234',
          pricing: { billable: true, pricingModel: 'PMP', category: 'marketing', type: 'regular' },
          conversationCategory: 'marketing',
          ...META_STATUS,
        },
      },
    ],
  },
  'meta/status-delivered-cbp-service.metadoc.json': {
    events: [
      {
        detailType: 'message.status',
        detail: {
          eventId: 'status:wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA:delivered',
          messageKey: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
          status: 'delivered',
          occurredAt: iso(1750263773),
          recipient: '16505551234',
          pricing: { billable: true, pricingModel: 'CBP', category: 'service' },
          conversationCategory: 'service',
          ...META_STATUS,
        },
      },
    ],
  },
  'meta/status-failed-131049-ecosystem.metadoc.json': {
    events: [
      {
        detailType: 'message.status',
        detail: {
          eventId: 'status:wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA:failed',
          status: 'failed',
          occurredAt: iso(1751142888),
          errors: [
            {
              code: 131049,
              title: 'This message was not delivered to maintain healthy ecosystem engagement.',
              details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
            },
          ],
          ...META_STATUS,
        },
      },
    ],
  },
  'meta/template-status-approved.metadoc.json': {
    events: [
      {
        detailType: 'template.status_changed',
        detail: {
          eventId: 'tpl:1689556908129832:APPROVED:1751247548',
          templateId: '1689556908129832', // a JSON number in the payload, exact as a string
          templateName: 'order_confirmation',
          language: 'en-US',
          category: 'UTILITY',
          status: 'APPROVED',
          reason: undefined, // Meta's "NONE" means no reason
          occurredAt: iso(1751247548),
          wabaId: '102290129340398',
          source: 'webhook',
        },
      },
    ],
  },
  'meta/phone-number-quality-update-throughput-upgrade.metadoc.json': {
    events: [
      {
        detailType: 'phone.quality_changed',
        detail: {
          eventId: 'phq:15550783881:THROUGHPUT_UPGRADE:TIER_UNLIMITED:1748454394',
          event: 'THROUGHPUT_UPGRADE',
          currentLimit: 'TIER_UNLIMITED',
          displayPhoneNumber: '15550783881',
          occurredAt: iso(1748454394),
          wabaId: '102290129340398',
        },
      },
    ],
  },
  'meta/payment-configuration-update-razorpay.metadoc.json': {
    events: [
      {
        detailType: 'payment.meta_status',
        detail: {
          eventId: 'paycfg:102290129340398:razorpay-prod:Needs Testing:1749320300',
          kind: 'payment_configuration_update',
          configurationName: 'razorpay-prod',
          providerName: 'razorpay',
          status: 'Needs Testing',
          occurredAt: iso(1749320300),
          wabaId: '102290129340398',
        },
      },
    ],
  },
};

// ---------------------------------------------------------------- aws-eum/
const imageEvent: Expected = {
  detailType: 'message.received',
  detail: {
    eventId: 'msg:wamid.HBgLMTQyNTY5ODgzMDIVAgASGCBDNzBDRjM5MDU2ODEwMDkwREY4ODBDRDE0RjVGRkexample',
    from: '14255550150',
    type: 'image',
    mediaId: '530339869524171',
    occurredAt: iso(1723506230),
    phoneNumberId: '321010217760100', // the change's metadata, not the envelope context
    profileName: undefined, // the sample's only contact is another wa_id (12065550102): not the sender's name
    wabaId: '365731266123456',
  },
};
const sentCbpUtility: Expected = {
  detailType: 'message.status',
  detail: {
    eventId: 'status:wamid.HBgLMTkxNzM5OTI3MzkVAgARGBJBMTM4NDdGRENEREI5Rexample:sent',
    status: 'sent',
    recipient: '01234567890',
    occurredAt: iso(1736379042),
    pricing: { billable: true, pricingModel: 'CBP', category: 'utility' },
    conversationCategory: 'utility',
    phoneNumberId: '46271669example',
    wabaId: '503131219501234',
  },
};
const eumTable: Record<string, (file: string) => void> = {
  'aws-eum/sns-message-header.awsdoc.json': (file) => {
    // The doc's header carries a placeholder instead of the entry: a clear rejection naming the field.
    const run = () => normalizeEumSnsMessage(text(file), RECEIVED);
    expect(run).toThrow(InvalidPayloadError);
    expect(run).toThrow(/^whatsAppWebhookEntry: not valid JSON/);
  },
  'aws-eum/sns-message.inbound-image.composed.json': (file) => {
    const body = json(file) as { whatsAppWebhookEntry: string };
    expect(JSON.parse(body.whatsAppWebhookEntry)).toEqual(json('aws-eum/whatsAppWebhookEntry.inbound-image.awsdoc.json'));
    expectEvents(normalizeEumSnsMessage(text(file), RECEIVED), [imageEvent]);
  },
  'aws-eum/whatsAppWebhookEntry.inbound-image.awsdoc.json': (file) => {
    expectEvents(normalizeMetaEntry(MetaEntrySchema.parse(json(file)), { receivedAt: RECEIVED }), [imageEvent]);
  },
  'aws-eum/whatsAppWebhookEntry.status-sent-cbp-utility.awsdoc.json': (file) => {
    expectEvents(normalizeMetaEntry(MetaEntrySchema.parse(json(file)), { receivedAt: RECEIVED }), [sentCbpUtility]);
  },
  'aws-eum/eventbridge.whatsapp-message-delivered.awsdoc.json': (file) => {
    expectEvents(normalizeSocialMessagingEvent(json(file), RECEIVED), [
      {
        detailType: 'message.status',
        detail: {
          eventId: 'eumstatus:4bee7d29-70f5-4a49-b84e-facf4424fe58:delivered',
          messageKey: 'eum:4bee7d29-70f5-4a49-b84e-facf4424fe58',
          eumMessageId: '4bee7d29-70f5-4a49-b84e-facf4424fe58',
          status: 'delivered',
          occurredAt: iso(1759466063), // eventTimestamp is a string of seconds
          phoneNumberId: '574086085794038',
          wabaId: '1163793972139053',
          via: 'eum-eventbridge',
        },
      },
    ]);
  },
  'aws-eum/eventbridge.whatsapp-message-failed.awsdoc.json': (file) => {
    expectEvents(normalizeSocialMessagingEvent(json(file), RECEIVED), [
      {
        detailType: 'message.status',
        detail: {
          eventId: 'eumstatus:7bd36188-6123-4ded-a1dd-f017f0814405:failed',
          messageKey: 'eum:7bd36188-6123-4ded-a1dd-f017f0814405',
          status: 'failed',
          occurredAt: iso(1759466965),
          errors: [{ code: 131026, title: 'Message undeliverable' }],
          via: 'eum-eventbridge',
        },
      },
    ]);
  },
};

// ---------------------------------------------------------------- razorpay/
const rzp = { provider: 'razorpay' };
const razorpayWebhookTable: Record<string, Expected[]> = {
  'razorpay/webhook.payment_link.paid.standard.json': [
    {
      detailType: 'payment.link_updated',
      detail: {
        ...rzp,
        eventId: 'rzp:plink:plink_QflcnnZqCekuvL:paid:1000',
        providerEvent: 'payment_link.paid',
        paymentLinkId: 'plink_QflcnnZqCekuvL',
        referenceId: '23',
        status: 'paid',
        amount: 1000,
        amountPaid: 1000,
        currency: 'INR',
        paymentId: 'pay_Qfldmt5StKZFCB',
        occurredAt: iso(1749618314),
      },
    },
    {
      detailType: 'payment.updated',
      detail: {
        ...rzp,
        eventId: 'rzp:pay:pay_Qfldmt5StKZFCB:captured',
        paymentId: 'pay_Qfldmt5StKZFCB',
        orderId: 'order_QflczVVaNJciLq', // the payment's order_id keeps the prefix the order entity lacks
        status: 'captured',
        amount: 1000,
        amountRefunded: 0,
        method: 'upi',
      },
    },
  ],
  'razorpay/webhook.payment_link.expired.standard.json': [
    {
      detailType: 'payment.link_updated',
      detail: {
        ...rzp,
        eventId: 'rzp:plink:plink_QaIlOGFf8KZNF8:expired:0',
        providerEvent: 'payment_link.expired',
        referenceId: 'NewTestPayment',
        status: 'expired',
        amount: 1000,
        amountPaid: 0,
        currency: 'INR',
        occurredAt: iso(1748424975),
      },
    },
  ],
  'razorpay/webhook.payment_link.cancelled.standard.json': [
    {
      detailType: 'payment.link_updated',
      detail: {
        ...rzp,
        eventId: 'rzp:plink:plink_QaIrRSjWiIuxAO:cancelled:0',
        referenceId: 'NewTestPayment4', // notes: null, reminders: {status}
        status: 'cancelled',
        amount: 1000,
        amountPaid: 0,
      },
    },
  ],
  'razorpay/webhook.payment.captured.upi.json': [
    {
      detailType: 'payment.updated',
      detail: {
        ...rzp,
        eventId: 'rzp:pay:pay_DESyzxuld02Zul:captured',
        providerEvent: 'payment.captured',
        orderId: 'order_DESxiijbl9xjDB',
        status: 'captured',
        amount: 100,
        currency: 'INR', // the sample's currency is "": Razorpay accounts settle in INR
        method: 'upi',
        occurredAt: iso(1567675356),
      },
    },
  ],
  'razorpay/webhook.payment.failed.upi.json': [
    {
      detailType: 'payment.updated',
      detail: {
        ...rzp,
        eventId: 'rzp:pay:pay_DESyzxuld02Zul:failed',
        status: 'failed',
        amount: 100,
        errorCode: 'BAD_REQUEST_ERROR',
        errorDescription: 'Payment failed',
      },
    },
  ],
  'razorpay/webhook.order.paid.upi.json': [
    {
      detailType: 'payment.updated',
      detail: { ...rzp, eventId: 'rzp:pay:pay_DESyzxuld02Zul:captured', providerEvent: 'order.paid', status: 'captured', amount: 100, currency: 'INR' },
    },
  ],
  'razorpay/webhook.refund.processed.json': [
    {
      detailType: 'refund.updated',
      detail: {
        ...rzp,
        eventId: 'rzp:refund:rfnd_FS8TWyPrCsa0OB:processed',
        refundId: 'rfnd_FS8TWyPrCsa0OB',
        paymentId: 'pay_FPoJKWQQ8lK13n',
        status: 'processed',
        amount: 50000,
        currency: 'INR',
        occurredAt: iso(1597734071),
      },
    },
  ],
};
const razorpayApiTable: Record<string, (file: string) => void> = {
  'razorpay/api.payment-link.create.standard.response.json': (file) => {
    const link = RazorpayPaymentLinkEntitySchema.parse(json(file));
    expect(link).toMatchObject({ id: 'plink_ExjpAUN3gVHrPJ', amount: 1000, amount_paid: 0, currency: 'INR', status: 'created', reference_id: 'TS1989' });
  },
  'razorpay/api.payment-link.create.upi.response.json': (file) => {
    const link = RazorpayPaymentLinkEntitySchema.parse(json(file));
    expect(link).toMatchObject({ id: 'plink_ETbyWrRHW2oXVt', amount: 1000, upi_link: 'true', status: 'created', reference_id: '#456' });
  },
  'razorpay/api.payment-link.create.standard.request.json': (file) => {
    // What we send: integer paise and the reference that the matching response echoes back.
    const req = json(file) as Record<string, unknown>;
    const res = json('razorpay/api.payment-link.create.standard.response.json') as Record<string, unknown>;
    expect(Number.isInteger(req.amount)).toBe(true);
    expect({ amount: req.amount, currency: req.currency, reference_id: req.reference_id }).toEqual({
      amount: res.amount,
      currency: res.currency,
      reference_id: res.reference_id,
    });
  },
  'razorpay/api.payment-link.create.upi.request.json': (file) => {
    const req = json(file) as Record<string, unknown>;
    expect(req).toMatchObject({ upi_link: 'true', amount: 1000, currency: 'INR' });
  },
  'razorpay/signature-vector.webhook-body.raw.json': (file) => {
    const raw = readFileSync(join(FIXTURES, file)); // bytes, exactly as signed
    const signature = '2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc';
    expect(verifyRazorpaySignature(raw, signature, '123456')).toBe(true);
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 2] = flipped[flipped.length - 2]! ^ 0x01;
    expect(verifyRazorpaySignature(flipped, signature, '123456')).toBe(false);
    expect(verifyRazorpaySignature(raw, signature, '1234567')).toBe(false);
  },
};

function listJson(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listJson(full);
    return name.endsWith('.json') ? [relative(FIXTURES, full)] : [];
  });
}

describe.skipIf(!present)('shared reference payloads (../shared/fixtures)', () => {
  it('every JSON file has an expectation in this suite', () => {
    const covered = new Set([...Object.keys(metaTable), ...Object.keys(eumTable), ...Object.keys(razorpayWebhookTable), ...Object.keys(razorpayApiTable)]);
    const files = listJson(FIXTURES).sort();
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
    expect([...covered].filter((f) => !files.includes(f))).toEqual([]);
  });

  describe('Meta webhooks: MetaWebhookSchema, then each entry through normalizeMetaEntry', () => {
    it.each(Object.entries(metaTable))('%s', (file, expected) => {
      const webhook = MetaWebhookSchema.parse(json(file));
      const results = webhook.entry.map((entry) => normalizeMetaEntry(entry, { receivedAt: RECEIVED }));
      const merged: NormalizeResult = {
        events: results.flatMap((r) => r.events),
        ignored: results.flatMap((r) => r.ignored),
        rejected: results.flatMap((r) => r.rejected),
      };
      expectEvents(merged, expected.events);
      expect(merged.ignored.map((i) => i.field)).toEqual(expected.ignored ?? []);
    });
  });

  describe('AWS EUM Social: SNS message body, decoded entries, aws.social-messaging events', () => {
    it.each(Object.entries(eumTable))('%s', (file, check) => check(file));
  });

  describe('Razorpay webhooks through normalizeRazorpayWebhook', () => {
    it.each(Object.entries(razorpayWebhookTable))('%s', (file, expected) => {
      const result = normalizeRazorpayWebhook(json(file), RECEIVED);
      expectEvents(result, expected);
      expect(result.ignored).toEqual([]);
      for (const e of result.events) {
        for (const key of ['amount', 'amountPaid', 'amountRefunded'] as const) {
          const v = (e.detail as Record<string, unknown>)[key];
          if (v !== undefined) expect(Number.isInteger(v), `${e.detailType}.${key} is integer paise`).toBe(true);
        }
      }
    });
  });

  it('Razorpay type drift in these samples is real and survives parsing', () => {
    const entity = (file: string, kind: string) =>
      (RazorpayWebhookSchema.parse(json(file)).payload as Record<string, { entity: Record<string, unknown> } | undefined>)[kind]!.entity;
    expect(entity('razorpay/webhook.payment_link.cancelled.standard.json', 'payment_link').notes).toBeNull();
    expect(entity('razorpay/webhook.payment_link.expired.standard.json', 'payment_link').notes).toEqual({ Test: 'True' });
    expect(entity('razorpay/webhook.payment.captured.upi.json', 'payment').notes).toEqual([]);
    expect(entity('razorpay/webhook.payment.captured.upi.json', 'payment').currency).toBe('');
    expect(entity('razorpay/webhook.payment_link.paid.standard.json', 'order').id).toBe('QflczVVaNJciLq'); // no order_ prefix
    expect(entity('razorpay/webhook.payment_link.paid.standard.json', 'payment_link').upi_link).toBe(false);
    expect(RazorpayPaymentLinkEntitySchema.parse(json('razorpay/api.payment-link.create.upi.response.json')).upi_link).toBe('true');
    const paidLink = json('razorpay/webhook.payment_link.paid.standard.json') as { payload: { payment_link: { entity: { reminders: unknown } } } };
    const createdLink = json('razorpay/api.payment-link.create.standard.response.json') as { reminders: unknown };
    expect([paidLink.payload.payment_link.entity.reminders, createdLink.reminders]).toEqual([{ status: 'failed' }, []]);
  });

  describe('Razorpay API bodies and the signature vector', () => {
    it.each(Object.entries(razorpayApiTable))('%s', (file, check) => check(file));
  });
});
