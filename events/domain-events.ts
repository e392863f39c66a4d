import type * as z from 'zod';
import { DomainEventSchemas } from './catalog/index.js';

/**
 * Domain events published on the `eum-social` bus (source `eum.social`). Each type is defined once
 * in `events/catalog/` (name, schema, description, example); this file gives code the types and
 * `makeEvent`. Each detail carries the minimum the consumers need; raw payloads are stored, not re-published.
 */
export { DomainEventSchemas } from './catalog/index.js';
export {
  MessageReceivedDetail,
  MessageSentDetail,
  MessageStatusDetail,
  MessageStatusValues,
  MediaStoredDetail,
  FlowCompletedDetail,
  OrderReceivedDetail,
  PricingSchema,
  ProviderErrorSchema,
} from './catalog/messages.js';
export { TemplateStatusChangedDetail } from './catalog/templates.js';
export { AccountUpdatedDetail, PhoneQualityChangedDetail, QualityAlertDetail, QualityDirectionDetail, TemplateQualityChangedDetail } from './catalog/quality.js';
export { PaymentLinkUpdatedDetail, PaymentMetaStatusDetail, PaymentUpdatedDetail, RefundUpdatedDetail } from './catalog/payments.js';

export type DomainEventSchemaMap = typeof DomainEventSchemas;
export type DomainDetailType = keyof DomainEventSchemaMap;
export type DomainDetail<T extends DomainDetailType> = z.infer<DomainEventSchemaMap[T]>;

/** A domain event ready for PutEvents: its detail-type and detail. */
export type DomainEvent = {
  [K in DomainDetailType]: { detailType: K; detail: DomainDetail<K> };
}[DomainDetailType];

/** Parses `detail` against its type's schema (a ZodError names the field) and pairs it with its detail-type. */
export function makeEvent<K extends DomainDetailType>(detailType: K, detail: z.input<DomainEventSchemaMap[K]>): DomainEvent {
  const parsed = DomainEventSchemas[detailType].parse(detail);
  return { detailType, detail: parsed } as DomainEvent;
}
