import * as z from 'zod';
import { amountMinorSchema, DEFAULT_CURRENCY, MIN_EXPIRY_SECONDS, refundAmountSchema } from './amounts.js';
import { keyId } from '../shared/ids.js';
import { CustomerIdSchema } from '../customers/identity.js';

const template = z.object({ name: z.string().min(1).max(512), language: z.string().min(2).max(15), components: z.array(z.unknown()).optional() });
const templates = z.object({ link: template, reminder: template, partial: template, paid: template, expired: template, cancelled: template, refunded: template }).partial();

/** create_payment_request input (snake_case like Razorpay's API; amounts in paise). */
export const CreatePaymentRequestInput = z
  .object({
    action: z.literal('create_payment_request'),
    wa_id: CustomerIdSchema,
    origination_phone_number_id: z.string().min(1).optional(),
    amount: amountMinorSchema('amount'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code, e.g. INR')
      .default(DEFAULT_CURRENCY),
    description: z.string().min(1).max(2048),
    reference_id: z.string().min(1).max(40, 'must be at most 40 characters (Razorpay limit)'),
    /** ISO-8601 time, or `expire_in_minutes`; Razorpay's minimum is 15 minutes ahead. */
    expire_by: z.string().datetime({ offset: true }).optional(),
    expire_in_minutes: z
      .number()
      .int()
      .min(MIN_EXPIRY_SECONDS / 60, 'must be at least 15 (Razorpay minimum)')
      // A bound far beyond any real link: past ~2.7e11 minutes the expiry is not a valid date (500 found by fuzzing).
      .max(10 * 366 * 24 * 60, 'must be at most 5270400 (ten years)')
      .optional(),
    upi_link: z.boolean().default(false),
    accept_partial: z.boolean().default(false),
    first_min_partial_amount: amountMinorSchema('first_min_partial_amount').optional(),
    customer: z.object({ name: z.string().max(256).optional(), email: z.string().email().optional(), contact: z.string().max(20).optional() }).default({}),
    reminders: z.object({ enabled: z.boolean().default(true), before_expiry_minutes: z.number().int().min(1).optional() }).default({ enabled: true }),
    templates: templates.optional(),
    callback_url: z.string().url().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.expire_by && v.expire_in_minutes === undefined) ctx.addIssue({ code: 'custom', path: ['expire_by'], message: 'give expire_by (ISO time) or expire_in_minutes (≥ 15)' });
    if (v.upi_link && v.currency !== 'INR') ctx.addIssue({ code: 'custom', path: ['currency'], message: 'UPI payment links accept INR only' });
    if (v.upi_link && v.accept_partial) ctx.addIssue({ code: 'custom', path: ['accept_partial'], message: 'partial payments are not available on UPI payment links' });
  });

export const RefundPaymentInput = z.object({
  action: z.literal('refund_payment'),
  payment_id: keyId('payment_id'),
  refund_reference: z.string().min(1).max(40),
  amount: refundAmountSchema.optional(),
  razorpay_payment_id: keyId('razorpay_payment_id').optional(),
});

export const ListPaymentsInput = z.object({
  action: z.literal('list_payments'),
  wa_id: keyId('wa_id').optional().describe("one customer's requests; without it, every customer's"),
  status: z
    .enum(['creating', 'created', 'partially_paid', 'paid', 'expired', 'cancelled', 'open', 'refunded'])
    .optional()
    .describe('open = created or partially paid; refunded = any refund settled'),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().optional(),
});
