import * as z from 'zod';

/**
 * Meta WhatsApp Cloud API webhook shapes (field reference: developers.facebook.com
 * /docs/whatsapp/cloud-api/webhooks). Every object is `loose`: unknown fields are kept
 * (Meta adds fields often) and never rejected. Ids are strings, but Meta sends some as
 * JSON numbers (`message_template_id`), so those are coerced to strings.
 */
const idString = z.union([z.string(), z.number()]).transform((v) => String(v));
/** Unix seconds as a string or number; some documented samples carry other date strings. */
const timestamp = z.union([z.string(), z.number()]).transform((v) => String(v));

export const MetaErrorSchema = z.looseObject({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

export const MetaPricingSchema = z.looseObject({
  billable: z.boolean().optional(),
  pricing_model: z.string().optional(),
  category: z.string().optional(),
  type: z.string().optional(),
});

export const MetaStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  conversation: z
    .looseObject({
      id: z.string().optional(),
      expiration_timestamp: timestamp.optional(),
      origin: z.looseObject({ type: z.string().optional() }).optional(),
    })
    .optional(),
  pricing: MetaPricingSchema.optional(),
  errors: z.array(MetaErrorSchema).optional(),
});

export const MetaInboundMessageSchema = z.looseObject({
  id: z.string().min(1),
  // `from` can be empty for users known only by a business-scoped user id.
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp,
  type: z.string().min(1),
  context: z.looseObject({ from: z.string().optional(), id: z.string().optional() }).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
      nfm_reply: z.looseObject({ response_json: z.string(), body: z.string().optional(), name: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  order: z
    .looseObject({
      catalog_id: z.string(),
      text: z.string().optional(),
      product_items: z.array(
        z.looseObject({
          product_retailer_id: z.string(),
          quantity: z.number(),
          item_price: z.number(),
          currency: z.string(),
        }),
      ),
    })
    .optional(),
  errors: z.array(MetaErrorSchema).optional(),
});

export const MetaMessagesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({
    display_phone_number: z.string().optional(),
    phone_number_id: idString,
  }),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(MetaErrorSchema).optional(),
});

export const TemplateStatusValueSchema = z.looseObject({
  event: z.string().min(1),
  message_template_id: idString,
  message_template_name: z.string().optional(),
  message_template_language: z.string().optional(),
  message_template_category: z.string().optional(),
  reason: z.string().nullable().optional(),
  other_info: z.looseObject({ title: z.string().optional(), description: z.string().optional() }).optional(),
});

/** `template_category_update`: a completed change (previous → new), or an impending one (new = current, correct = coming). */
export const TemplateCategoryValueSchema = z.looseObject({
  message_template_id: idString,
  message_template_name: z.string().optional(),
  message_template_language: z.string().optional(),
  new_category: z.string().min(1),
  previous_category: z.string().optional(),
  correct_category: z.string().optional(),
  category_update_timestamp: z.union([z.number(), z.string()]).optional(),
});

export const TemplateQualityValueSchema = z.looseObject({
  message_template_id: idString,
  message_template_name: z.string().optional(),
  message_template_language: z.string().optional(),
  previous_quality_score: z.string().optional(),
  new_quality_score: z.string().min(1),
});

export const PhoneQualityValueSchema = z.looseObject({
  display_phone_number: z.string().optional(),
  event: z.string().min(1),
  current_limit: z.string().optional(),
  old_limit: z.string().optional(),
  max_daily_conversation_per_phone: z.number().optional(),
  max_daily_conversations_per_business: z.union([z.number(), z.string()]).optional(),
});

export const AccountUpdateValueSchema = z.looseObject({
  event: z.string().optional(),
  phone_number: z.string().optional(),
  waba_info: z.unknown().optional(),
  ban_info: z.unknown().optional(),
  violation_info: z.unknown().optional(),
});

export const PaymentConfigurationValueSchema = z.looseObject({
  configuration_name: z.string(),
  provider_name: z.string().optional(),
  provider_mid: z.string().optional(),
  status: z.string(),
  created_timestamp: z.union([z.number(), z.string()]).optional(),
  updated_timestamp: z.union([z.number(), z.string()]).optional(),
});

export const MetaChangeSchema = z.looseObject({
  field: z.string().min(1),
  value: z.unknown(),
});

/** One `entry` of a Meta webhook: what EUM puts (as a JSON string) in `whatsAppWebhookEntry`. */
export const MetaEntrySchema = z.looseObject({
  id: idString,
  time: z.union([z.number(), z.string()]).optional(),
  changes: z.array(MetaChangeSchema),
});

/**
 * The same entry with its changes left unchecked, so each change is validated on its own:
 * one malformed change is rejected with its path while the valid ones beside it go on.
 */
export const MetaEntryEnvelopeSchema = MetaEntrySchema.extend({ changes: z.array(z.unknown()) });
export type MetaEntryEnvelope = z.infer<typeof MetaEntryEnvelopeSchema>;

/** The full webhook body Meta posts to a Cloud API endpoint (`object` + `entry[]`). */
export const MetaWebhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(MetaEntrySchema).min(1),
});

export type MetaEntry = z.infer<typeof MetaEntrySchema>;
export type MetaChange = z.infer<typeof MetaChangeSchema>;
export type MetaStatus = z.infer<typeof MetaStatusSchema>;
export type MetaInboundMessage = z.infer<typeof MetaInboundMessageSchema>;
export type MetaMessagesValue = z.infer<typeof MetaMessagesValueSchema>;
