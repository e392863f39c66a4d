import * as z from 'zod';
import { DetailType } from './names.js';

/**
 * Schemas of every domain event published on the `eum-social` bus (source `eum.social`).
 * Each detail carries the minimum the consumers need; raw payloads are stored, not re-published.
 */
const iso = z.string().datetime({ offset: true });
const base = {
  /** Stable id derived from the provider's ids, so duplicate deliveries collapse. */
  eventId: z.string().min(1).max(512),
  occurredAt: iso,
  receivedAt: iso,
  phoneNumberId: z.string().optional(),
  wabaId: z.string().optional(),
};
const detail = <T extends z.ZodRawShape>(shape: T) => z.object({ ...base, ...shape });

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

export const TemplateStatusChangedDetail = detail({
  templateId: z.string(),
  templateName: z.string().optional(),
  language: z.string().optional(),
  category: z.string().optional(),
  status: z.string(),
  reason: z.string().optional(),
  source: z.enum(['webhook', 'poll', 'sync']).default('webhook'),
});

export const TemplateQualityChangedDetail = detail({
  templateId: z.string(),
  templateName: z.string().optional(),
  language: z.string().optional(),
  previousRating: z.string().optional(),
  rating: z.string(),
  source: z.enum(['webhook', 'poll']).default('webhook'),
});

export const PhoneQualityChangedDetail = detail({
  displayPhoneNumber: z.string().optional(),
  event: z.string(),
  rating: z.string().optional(),
  currentLimit: z.string().optional(),
  previousLimit: z.string().optional(),
  source: z.enum(['webhook', 'poll']).default('webhook'),
});

export const AccountUpdatedDetail = detail({ event: z.string(), info: z.record(z.string(), z.unknown()).optional() });

const money = z.number().int().nonnegative();
export const PaymentLinkUpdatedDetail = detail({
  provider: z.literal('razorpay'),
  providerEvent: z.string(),
  paymentLinkId: z.string(),
  referenceId: z.string().optional(),
  status: z.string(),
  amount: money,
  amountPaid: money.optional(),
  currency: z.string(),
  paymentId: z.string().optional(),
});
export const PaymentUpdatedDetail = detail({
  provider: z.literal('razorpay'),
  providerEvent: z.string(),
  paymentId: z.string(),
  orderId: z.string().optional(),
  status: z.string(),
  amount: money,
  amountRefunded: money.optional(),
  currency: z.string(),
  method: z.string().optional(),
  errorCode: z.string().optional(),
  errorDescription: z.string().optional(),
});
export const RefundUpdatedDetail = detail({
  provider: z.literal('razorpay'),
  providerEvent: z.string(),
  refundId: z.string(),
  paymentId: z.string(),
  status: z.string(),
  amount: money,
  currency: z.string(),
});
export const PaymentMetaStatusDetail = detail({
  kind: z.enum(['payment_configuration_update', 'payment_status']),
  configurationName: z.string().optional(),
  providerName: z.string().optional(),
  status: z.string(),
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
  items: z.array(
    z.object({ productRetailerId: z.string(), quantity: z.number(), itemPrice: z.number(), currency: z.string() }),
  ),
  /** Cart total in minor units when every item shares one currency (Meta sends item_price in major units). */
  totalMinor: z.number().int().optional(),
  currency: z.string().optional(),
});

/** Derived quality events (issue 7): what changed, for which phone number or template, compared with the previous state. */
const qualityChange = {
  subjectType: z.enum(['phone', 'template']),
  subjectId: z.string().min(1),
  displayPhoneNumber: z.string().optional(),
  templateName: z.string().optional(),
  /** The recorded change that caused this event. */
  changeEventId: z.string().min(1),
  event: z.string().optional(),
  rating: z.string().optional(),
  previousRating: z.string().optional(),
  currentLimit: z.string().optional(),
  previousLimit: z.string().optional(),
  source: z.enum(['webhook', 'poll']),
};
export const QualityDirectionDetail = detail({ ...qualityChange, reasons: z.array(z.string()) });
export const QualityAlertDetail = detail({
  ...qualityChange,
  severity: z.enum(['info', 'warning', 'critical']),
  kind: z.enum(['flagged', 'tier_downgraded', 'tier_upgraded', 'tier_changed', 'template_low_quality']),
  meaning: z.string(),
  actions: z.array(z.string()),
  links: z.array(z.string()),
});

/** Free-form detail for derived alerts; the workflow issues tighten these. */
const alert = detail({}).loose();
/** The single outcome of one template review version (templates, issue 5). */
const TemplateOutcomeDetail = detail({
  metaTemplateId: z.string(),
  templateName: z.string(),
  language: z.string(),
  version: z.number().int().positive(),
  status: z.string(),
  reason: z.string().optional(),
  guidance: z.string().optional(),
  waitedSeconds: z.number().nonnegative().optional(),
});
/** PAUSED / DISABLED / PENDING_DELETION / DELETED later in a template's life. */
const TemplateLifecycleAlertDetail = detail({
  metaTemplateId: z.string(),
  templateName: z.string().optional(),
  language: z.string().optional(),
  status: z.string(),
  previousStatus: z.string().optional(),
  reason: z.string().optional(),
  guidance: z.string().optional(),
});
/** The single terminal outcome of a payment request (payments, issue 6). Money in integer minor units. */
const PaymentOutcomeDetail = detail({
  paymentId: z.string(),
  referenceId: z.string(),
  paymentLinkId: z.string(),
  waId: z.string(),
  status: z.enum(['paid', 'expired', 'cancelled']),
  amountMinor: money,
  amountPaidMinor: money,
  currency: z.string(),
  orderMessageId: z.string().optional(),
});

export const DomainEventSchemas = {
  [DetailType.MessageReceived]: MessageReceivedDetail,
  [DetailType.MessageStatus]: MessageStatusDetail,
  [DetailType.MessageSent]: MessageSentDetail,
  [DetailType.TemplateStatusChanged]: TemplateStatusChangedDetail,
  [DetailType.TemplateQualityChanged]: TemplateQualityChangedDetail,
  [DetailType.PhoneQualityChanged]: PhoneQualityChangedDetail,
  [DetailType.AccountUpdated]: AccountUpdatedDetail,
  [DetailType.PaymentLinkUpdated]: PaymentLinkUpdatedDetail,
  [DetailType.PaymentUpdated]: PaymentUpdatedDetail,
  [DetailType.RefundUpdated]: RefundUpdatedDetail,
  [DetailType.PaymentMetaStatus]: PaymentMetaStatusDetail,
  [DetailType.FlowCompleted]: FlowCompletedDetail,
  [DetailType.OrderReceived]: OrderReceivedDetail,
  [DetailType.MediaStored]: MediaStoredDetail,
  [DetailType.QualityDowngraded]: QualityDirectionDetail,
  [DetailType.QualityUpgraded]: QualityDirectionDetail,
  [DetailType.QualityAlert]: QualityAlertDetail,
  [DetailType.TemplateApproved]: TemplateOutcomeDetail,
  [DetailType.TemplateRejected]: TemplateOutcomeDetail,
  [DetailType.TemplateApprovalTimedOut]: TemplateOutcomeDetail,
  [DetailType.TemplateLifecycleAlert]: TemplateLifecycleAlertDetail,
  [DetailType.PaymentCompleted]: PaymentOutcomeDetail,
  [DetailType.PaymentExpired]: PaymentOutcomeDetail,
  [DetailType.PaymentCancelled]: PaymentOutcomeDetail,
  [DetailType.WorkflowFailed]: alert,
} as const;

export type DomainEventSchemaMap = typeof DomainEventSchemas;
export type DomainDetailType = keyof DomainEventSchemaMap;
export type DomainDetail<T extends DomainDetailType> = z.infer<DomainEventSchemaMap[T]>;

/** A domain event ready for PutEvents: its detail-type and detail. */
export type DomainEvent = {
  [K in DomainDetailType]: { detailType: K; detail: DomainDetail<K> };
}[DomainDetailType];

export function makeEvent<K extends DomainDetailType>(detailType: K, detail: z.input<DomainEventSchemaMap[K]>): DomainEvent {
  const parsed = DomainEventSchemas[detailType].parse(detail);
  return { detailType, detail: parsed } as DomainEvent;
}
