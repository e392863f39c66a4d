import * as z from 'zod';
import { canonicalCustomer, isPhone } from '../domain/customers/identity.js';
import { paymentIdFor } from '../domain/payments/ids.js';
import { refundPayment } from '../domain/payments/refunds.js';
import { CreatePaymentRequestInput, ListPaymentsInput, RefundPaymentInput } from '../domain/payments/request-schema.js';
import { cancelPaymentRequest, createPaymentRequest, PaymentRuleError, publicView } from '../domain/payments/service.js';
import { ActionError, defineAction, type ActionContext, type ActionDefinition } from './types.js';
import { keyId } from '../domain/shared/ids.js';

const ORIGINATION_ENV = 'PAYMENT_ORIGINATION_PHONE_NUMBER_ID';
const NEEDS = ['Razorpay API key in Secrets Manager (RAZORPAY_API_SECRET_ID)', 'Razorpay webhooks → /webhooks/razorpay', 'EUM Social phone number'];

/** The payment adapters as the running function's wiring builds them (handlers/actions-payments.ts: with Razorpay). */
function payments(ctx: ActionContext) {
  if (!ctx.payments) throw new Error('payments are not wired into this function: its handler passes paymentDeps to concernHandler (see handlers/actions-payments.ts)');
  return ctx.payments();
}

/** Domain refusals become structured 4xx answers. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PaymentRuleError) throw new ActionError(err.message, err.statusCode, err.code, err.field ? { field: err.field } : undefined);
    throw err;
  }
}

const byIdOrReference = z
  .object({ payment_id: keyId('payment_id').optional(), reference_id: keyId('reference_id').optional() })
  .refine((v) => v.payment_id || v.reference_id, { message: 'give payment_id or reference_id', path: ['payment_id'] });
const resolveId = (v: { payment_id?: string; reference_id?: string }) => v.payment_id ?? paymentIdFor(v.reference_id!);

/** Actions of this concern (docs/architecture.md, "Actions"). */
export const paymentsActions: ActionDefinition[] = [
  defineAction({
    name: 'create_payment_request',
    status: 'supported',
    summary:
      'Razorpay payment link (standard, or UPI — INR only) sent on WhatsApp, with reminder, confirmation and reconciliation; amounts in paise; reference_id is the idempotency key',
    needs: NEEDS,
    input: CreatePaymentRequestInput,
    async run(input, ctx) {
      const { now, deps } = ctx;
      // Keyed under the customer's canonical identity (their phone when linked to the BSUID given).
      const waId = await canonicalCustomer(input.wa_id, deps.identities);
      const origination = input.origination_phone_number_id ?? process.env[ORIGINATION_ENV];
      if (!origination) throw new ActionError(`origination_phone_number_id: required (or set ${ORIGINATION_ENV})`, 400, 'ValidationError');
      const at = now();
      // A minute of headroom: Razorpay checks its 15-minute minimum when the request reaches it.
      const expireBy = input.expire_by ? new Date(input.expire_by) : new Date(at.getTime() + input.expire_in_minutes! * 60_000 + 60_000);
      return guarded(() =>
        createPaymentRequest(
          {
            waId,
            originationPhoneNumberId: origination,
            amountMinor: input.amount,
            currency: input.currency,
            description: input.description,
            referenceId: input.reference_id,
            expireBy,
            upiLink: input.upi_link,
            acceptPartial: input.accept_partial,
            firstMinPartialMinor: input.first_min_partial_amount,
            customer: { ...input.customer, contact: input.customer.contact ?? (isPhone(waId) ? `+${waId.replace(/^\+/, '')}` : undefined) },
            reminder: input.reminders.enabled,
            reminderLeadSeconds: input.reminders.before_expiry_minutes ? input.reminders.before_expiry_minutes * 60 : undefined,
            templates: input.templates,
            callbackUrl: input.callback_url,
          },
          { ...payments(ctx), now: () => at },
        ),
      );
    },
  }),
  defineAction({
    name: 'get_payment',
    status: 'supported',
    summary: 'A payment request: stored state, amounts paid/due/refunded, attempts, refunds and full history',
    needs: ['the payment store (DynamoDB)'],
    input: z.object({ action: z.literal('get_payment') }).and(byIdOrReference),
    async run(input, ctx) {
      const deps = payments(ctx);
      const id = resolveId(input);
      const p = await deps.store.get(id);
      if (!p) throw new ActionError(`no payment ${id}`, 404, 'NotFound');
      const [history, attempts, refunds] = await Promise.all([deps.store.history(id), deps.store.attempts(id), deps.store.refunds(id)]);
      return { payment: publicView(p), attempts, refunds, history };
    },
  }),
  defineAction({
    name: 'cancel_payment_request',
    status: 'supported',
    summary: 'Cancels an open payment link at Razorpay; the lifecycle then emits payment.cancelled and tells the customer',
    needs: NEEDS,
    input: z.object({ action: z.literal('cancel_payment_request') }).and(byIdOrReference),
    async run(input, ctx) {
      return guarded(() => cancelPaymentRequest(resolveId(input), payments(ctx)));
    },
  }),
  defineAction({
    name: 'refund_payment',
    status: 'supported',
    summary: 'Full or partial refund, idempotent on refund_reference; refused before Razorpay when above captured − refunded',
    needs: NEEDS,
    input: RefundPaymentInput,
    async run(input, ctx) {
      return guarded(() =>
        refundPayment(
          { paymentId: input.payment_id, refundReference: input.refund_reference, amountMinor: input.amount, razorpayPaymentId: input.razorpay_payment_id },
          payments(ctx),
        ),
      );
    },
  }),
  defineAction({
    name: 'list_payments',
    status: 'supported',
    summary: "A customer's payment requests, newest first, by status and creation date range; paginated with a cursor",
    needs: ['the payment store (DynamoDB, GSI2)'],
    input: ListPaymentsInput,
    async run(input, ctx) {
      const waId = await canonicalCustomer(input.wa_id, ctx.deps.identities);
      // Stored times are UTC ISO strings: compare like with like whatever offset the caller used.
      const utc = (t?: string) => (t ? new Date(t).toISOString() : undefined);
      const page = await payments(ctx).store.list({ waId, status: input.status, from: utc(input.from), to: utc(input.to), limit: input.limit, cursor: input.cursor });
      return { payments: page.items.map(publicView), nextCursor: page.nextCursor };
    },
  }),
];
