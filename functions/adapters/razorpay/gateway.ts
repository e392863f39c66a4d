import * as z from 'zod';
import type { CreateLinkRequest, ProviderLink, ProviderRefund } from '../../ports/payments.js';

/** Razorpay's JSON into the payments port's types (ports/payments.ts). */

// Response parsing tolerates the drifts seen in Razorpay's own samples: `currency: ""`,
// `upi_link: "true"`, `payments: null`, `notes` as {} / [] / null, missing fields.
const linkPayment = z.looseObject({
  payment_id: z.string(),
  amount: z.number().int(),
  status: z.string(),
  method: z.string().nullable().optional(),
});
const linkSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  amount: z.number().int(),
  amount_paid: z.number().int().nullable().optional(),
  currency: z.string().nullable().optional(),
  short_url: z.string().nullable().optional(),
  reference_id: z.string().nullable().optional(),
  expire_by: z.number().nullable().optional(),
  upi_link: z.union([z.boolean(), z.string()]).nullable().optional(),
  payments: z.array(linkPayment).nullable().optional(),
  order_id: z.string().nullable().optional(),
});
const refundSchema = z.looseObject({
  id: z.string().min(1),
  payment_id: z.string(),
  amount: z.number().int(),
  status: z.string(),
  receipt: z.string().nullable().optional(),
});

export function parseLink(raw: unknown, fallbackCurrency = 'INR'): ProviderLink {
  const l = linkSchema.parse(raw);
  return {
    id: l.id,
    status: l.status,
    amountMinor: l.amount,
    amountPaidMinor: l.amount_paid ?? 0,
    currency: l.currency || fallbackCurrency,
    shortUrl: l.short_url ?? undefined,
    referenceId: l.reference_id ?? undefined,
    expireBy: l.expire_by ?? undefined,
    upiLink: l.upi_link === true || l.upi_link === 'true',
    orderId: l.order_id ?? undefined,
    payments: (l.payments ?? []).map((p) => ({
      razorpayPaymentId: p.payment_id,
      amountMinor: p.amount,
      status: p.status,
      method: p.method ?? undefined,
    })),
  };
}

export function parseRefund(raw: unknown): ProviderRefund {
  const r = refundSchema.parse(raw);
  return { id: r.id, razorpayPaymentId: r.payment_id, amountMinor: r.amount, status: r.status, receipt: r.receipt ?? undefined };
}

/** The request body of POST /v1/payment_links, as documented (razorpay.com/docs/api/payments/payment-links). */
export function toCreateBody(req: CreateLinkRequest): Record<string, unknown> {
  return {
    amount: req.amountMinor,
    currency: req.currency,
    ...(req.upiLink ? { upi_link: true } : {}),
    // Partial payments do not apply to UPI links.
    accept_partial: req.upiLink ? false : req.acceptPartial,
    ...(req.acceptPartial && !req.upiLink && req.firstMinPartialMinor ? { first_min_partial_amount: req.firstMinPartialMinor } : {}),
    expire_by: req.expireBy,
    reference_id: req.referenceId,
    description: req.description,
    customer: Object.fromEntries(Object.entries(req.customer).filter(([, v]) => v)),
    // We deliver the link on WhatsApp ourselves; Razorpay's SMS/email would duplicate it.
    notify: { sms: false, email: false },
    reminder_enable: false,
    notes: req.notes ?? {},
    ...(req.callbackUrl ? { callback_url: req.callbackUrl, callback_method: 'get' } : {}),
  };
}
