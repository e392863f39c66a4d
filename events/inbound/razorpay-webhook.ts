import * as z from 'zod';

/**
 * Razorpay webhook envelope (razorpay.com/docs/webhooks). Types drift between samples:
 * `notes` is {}, [] or null; `upi_link` is true or "true"; `currency` may be "";
 * `created_at` is sometimes missing at the top. Amounts are integers in paise.
 */
const notes = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()), z.null()]).optional();
const entity = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ entity: z.looseObject(shape) });
const money = z.number().int();

export const RazorpayPaymentEntitySchema = z.looseObject({
  id: z.string().min(1),
  amount: money,
  currency: z.string(),
  status: z.string(),
  order_id: z.string().nullable().optional(),
  method: z.string().nullable().optional(),
  amount_refunded: money.optional(),
  captured: z.boolean().optional(),
  contact: z.string().nullable().optional(),
  error_code: z.string().nullable().optional(),
  error_description: z.string().nullable().optional(),
  error_reason: z.string().nullable().optional(),
  created_at: z.number().optional(),
  notes,
});

export const RazorpayPaymentLinkEntitySchema = z.looseObject({
  id: z.string().min(1),
  amount: money,
  amount_paid: money.optional(),
  currency: z.string(),
  status: z.string(),
  reference_id: z.string().nullable().optional(),
  short_url: z.string().optional(),
  expire_by: z.number().optional(),
  upi_link: z.union([z.boolean(), z.literal('true'), z.literal('false')]).optional(),
  notes,
  created_at: z.number().optional(),
});

export const RazorpayRefundEntitySchema = z.looseObject({
  id: z.string().min(1),
  amount: money,
  currency: z.string(),
  payment_id: z.string(),
  status: z.string(),
  created_at: z.number().optional(),
  notes,
});

/** Event names are `<entity>.<action>`, some with more parts (`payment.dispute.created`). */
const eventName = z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, 'must look like "<entity>.<action>"');

/** Just enough to route a delivery: events we do not handle are acknowledged without checking their payload. */
export const RazorpayEventEnvelopeSchema = z.looseObject({ entity: z.literal('event'), event: eventName });

export const RazorpayWebhookSchema = z.looseObject({
  entity: z.literal('event'),
  account_id: z.string().optional(),
  event: eventName,
  contains: z.array(z.string()),
  created_at: z.number().optional(),
  payload: z.looseObject({
    payment_link: entity(RazorpayPaymentLinkEntitySchema.shape).optional(),
    payment: entity(RazorpayPaymentEntitySchema.shape).optional(),
    refund: entity(RazorpayRefundEntitySchema.shape).optional(),
    order: z.looseObject({ entity: z.looseObject({ id: z.string(), status: z.string().optional() }) }).optional(),
    created_at: z.number().optional(),
  }),
});
export type RazorpayWebhook = z.infer<typeof RazorpayWebhookSchema>;
