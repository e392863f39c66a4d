import * as z from 'zod';
import { defineEvent, detail, EXAMPLE_TIMES } from './define.js';

/** Messages in and out, their statuses, and what arrives inside an inbound message (media, Flow replies, carts). */
export const MessageStatusValues = ['accepted', 'sent', 'delivered', 'read', 'failed', 'deleted', 'warning'] as const;
export const PricingSchema = z.object({
  billable: z.boolean().optional(),
  pricingModel: z.string().optional(),
  category: z.string().optional(),
  type: z.string().optional(),
});
export const ProviderErrorSchema = z.object({ code: z.number(), title: z.string().optional(), details: z.string().optional() });

export const MessageReceivedDetail = detail({
  messageId: z.string(),
  from: z.string(),
  fromUserId: z.string().optional(),
  profileName: z.string().optional(),
  type: z.string(),
  text: z.string().optional(),
  /** Reply/button payload id, list id, or template quick-reply payload. */
  replyId: z.string().optional(),
  contextMessageId: z.string().optional(),
  mediaId: z.string().optional(),
  /** Meta's media object of an image/audio/video/document/sticker message (the file itself is fetched by store-media). */
  media: z
    .object({
      id: z.string(),
      mimeType: z.string().optional(),
      /** As Meta sends it: base64 of the file's SHA-256. */
      sha256: z.string().optional(),
      caption: z.string().optional(),
      filename: z.string().optional(),
      voice: z.boolean().optional(),
      animated: z.boolean().optional(),
    })
    .optional(),
});

export const MessageStatusDetail = detail({
  /** The key statuses are stored under: our callback id when we sent it, else Meta's wamid (or EUM's id). */
  messageKey: z.string(),
  wamid: z.string().optional(),
  eumMessageId: z.string().optional(),
  status: z.enum(MessageStatusValues),
  recipient: z.string().optional(),
  bizOpaqueCallbackData: z.string().optional(),
  pricing: PricingSchema.optional(),
  conversationCategory: z.string().optional(),
  errors: z.array(ProviderErrorSchema).optional(),
  /** Why a send failed when the provider says it in words (EUM's handover failures, undeliverable). */
  reason: z.string().max(1000).optional(),
  via: z.enum(['meta-webhook', 'eum-eventbridge']),
});

export const MessageSentDetail = detail({
  messageKey: z.string(),
  eumMessageId: z.string().optional(),
  to: z.string(),
  type: z.string(),
  templateName: z.string().optional(),
  templateLanguage: z.string().optional(),
  templateCategory: z.string().optional(),
  bizOpaqueCallbackData: z.string(),
});

/** An inbound media file fetched into the project's bucket (store-media). */
export const MediaStoredDetail = detail({
  messageId: z.string(),
  mediaId: z.string(),
  type: z.string(),
  bucket: z.string(),
  key: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  mimeType: z.string(),
  /** base64 SHA-256 of the stored bytes. */
  sha256: z.string(),
  /** Whether the webhook's sha256 matched the stored bytes (absent: the webhook gave none). */
  sha256Verified: z.boolean().optional(),
});

export const FlowCompletedDetail = detail({
  messageId: z.string(),
  from: z.string(),
  flowToken: z.string().optional(),
  response: z.record(z.string(), z.unknown()),
});
export const OrderReceivedDetail = detail({
  messageId: z.string(),
  from: z.string(),
  catalogId: z.string(),
  items: z.array(z.object({ productRetailerId: z.string(), quantity: z.number(), itemPrice: z.number(), currency: z.string() })),
  /** Cart total in minor units when every item shares one currency (Meta sends item_price in major units). */
  totalMinor: z.number().int().optional(),
  currency: z.string().optional(),
});

const WAMID = 'wamid.HBgMOTE5ODAwMDAwMDAxFQIAEhgUM0E';
const where = { phoneNumberId: '106540352242922', wabaId: '102290129340398' };

export const messageEvents = {
  MessageReceived: defineEvent({
    name: 'message.received',
    description: 'A customer sent a message (text, reply, media, location, Flow reply, cart…): one event per wamid.',
    publishedBy: 'ingest-eum (Meta webhook `messages`)',
    from: ['meta-webhook'],
    routedTo: ['record-message', 'store-inbound-media'],
    schema: MessageReceivedDetail,
    example: {
      eventId: `msg:${WAMID}`,
      ...EXAMPLE_TIMES,
      ...where,
      messageId: WAMID,
      from: '919800000001',
      profileName: 'Asha',
      type: 'image',
      mediaId: '1613470082831117',
      media: { id: '1613470082831117', mimeType: 'image/jpeg', sha256: 'k2nNrnL5f3lQ0m1dX4fYt3Jt0m0Xo5cN1yPZ3n2cQ9A=', caption: 'The parcel arrived damaged' },
    },
  }),
  MessageStatus: defineEvent({
    name: 'message.status',
    description: 'A sent message moved on (sent, delivered, read, failed…), from a Meta status or an EUM Social event; one per (message, status).',
    publishedBy: 'ingest-eum (Meta webhook `statuses`, aws.social-messaging events)',
    from: ['meta-webhook', 'aws.social-messaging'],
    routedTo: ['record-message'],
    schema: MessageStatusDetail,
    example: {
      eventId: `status:${WAMID}:delivered`,
      ...EXAMPLE_TIMES,
      ...where,
      messageKey: 'out_01JKZQ7R4M2N8P5X6Y7Z9A0B1C',
      wamid: WAMID,
      status: 'delivered',
      recipient: '919800000001',
      bizOpaqueCallbackData: 'out_01JKZQ7R4M2N8P5X6Y7Z9A0B1C',
      pricing: { billable: true, pricingModel: 'PMP', category: 'utility', type: 'regular' },
      via: 'meta-webhook',
    },
  }),
  MessageSent: defineEvent({
    name: 'message.sent',
    description: 'This system handed a message to EUM Social (SendWhatsAppMessage accepted it); its statuses follow as message.status.',
    publishedBy: 'the send actions (send_text, send_template, send_media…) and the payment notifications',
    routedTo: ['record-message'],
    schema: MessageSentDetail,
    example: {
      eventId: 'sent:out_01JKZQ7R4M2N8P5X6Y7Z9A0B1C',
      ...EXAMPLE_TIMES,
      ...where,
      messageKey: 'out_01JKZQ7R4M2N8P5X6Y7Z9A0B1C',
      eumMessageId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      to: '919800000001',
      type: 'template',
      templateName: 'order_shipped',
      templateLanguage: 'en_US',
      templateCategory: 'UTILITY',
      bizOpaqueCallbackData: 'out_01JKZQ7R4M2N8P5X6Y7Z9A0B1C',
    },
  }),
  MediaStored: defineEvent({
    name: 'media.stored',
    description: 'An inbound media file was fetched from EUM Social into the media bucket, its size, type and SHA-256 recorded on the message.',
    publishedBy: 'store-media',
    routedTo: [],
    schema: MediaStoredDetail,
    example: {
      eventId: `media:${WAMID}`,
      ...EXAMPLE_TIMES,
      ...where,
      messageId: WAMID,
      mediaId: '1613470082831117',
      type: 'image',
      bucket: 'eum-social-media',
      key: 'inbound/106540352242922/2026-02-01/5f1c0b7e.jpg',
      sizeBytes: 48213,
      mimeType: 'image/jpeg',
      sha256: 'k2nNrnL5f3lQ0m1dX4fYt3Jt0m0Xo5cN1yPZ3n2cQ9A=',
      sha256Verified: true,
    },
  }),
  FlowCompleted: defineEvent({
    name: 'flow.completed',
    description: 'A customer submitted a WhatsApp Flow (an nfm_reply): its parsed response, beside the message.received of the same wamid.',
    publishedBy: 'ingest-eum (Meta webhook `messages`, interactive nfm_reply)',
    from: ['meta-webhook'],
    routedTo: ['record-message'],
    schema: FlowCompletedDetail,
    example: {
      eventId: `flow:${WAMID}`,
      ...EXAMPLE_TIMES,
      ...where,
      messageId: WAMID,
      from: '919800000001',
      flowToken: 'signup-7f3a',
      response: { flow_token: 'signup-7f3a', email: 'asha@example.com' },
    },
  }),
  OrderReceived: defineEvent({
    name: 'order.received',
    description: 'A customer sent a cart from the catalog; with ORDER_TO_PAYMENT=on it becomes a payment request for its total.',
    publishedBy: 'ingest-eum (Meta webhook `messages`, type order)',
    from: ['meta-webhook'],
    routedTo: ['record-message', 'payment-from-order'],
    schema: OrderReceivedDetail,
    example: {
      eventId: `order:${WAMID}`,
      ...EXAMPLE_TIMES,
      ...where,
      messageId: WAMID,
      from: '919800000001',
      catalogId: '1480283592789012',
      items: [{ productRetailerId: 'tea-500g', quantity: 2, itemPrice: 249.5, currency: 'INR' }],
      totalMinor: 49900,
      currency: 'INR',
    },
  }),
};
