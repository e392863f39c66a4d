import * as z from 'zod';
import { canonicalCustomer, isPhone } from '../domain/customers/identity.js';
import { paymentIdFor } from '../domain/payments/ids.js';
import { refundPayment } from '../domain/payments/refunds.js';
import { CreatePaymentRequestInput, ListPaymentsInput, RefundPaymentInput } from '../domain/payments/request-schema.js';
import { cancelPaymentRequest, createPaymentRequest, PaymentRuleError, publicView } from '../domain/payments/service.js';
import { compareWithGateway, nextTimer, paymentRow, paymentTimeline } from '../domain/payments/operator-view.js';
import { InvalidListCursorError } from '../ports/errors.js';
import { ActionError, defineAction, paymentListingBackfillOf, paymentListingOf, paymentsOf, type ActionDefinition } from './types.js';

/** list_payments without `from`: a year back from `to`. */
const DEFAULT_RANGE_DAYS = 365;
import { keyId } from '../domain/shared/ids.js';

const ORIGINATION_ENV = 'PAYMENT_ORIGINATION_PHONE_NUMBER_ID';
const NEEDS = ['Razorpay API key in Secrets Manager (RAZORPAY_API_SECRET_ID)', 'Razorpay webhooks → /webhooks/razorpay', 'EUM Social phone number'];

/** Domain refusals become structured 4xx answers. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PaymentRuleError) throw new ActionError(err.message, err.statusCode, err.code, err.field ? { field: err.field } : undefined);
    throw err;
  }
}

/** A cursor the adapter did not hand out is the caller's to fix: 400 naming `cursor`. */
async function cursorChecked<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InvalidListCursorError) throw new ActionError(err.message, 400, 'ValidationError', { issues: [{ field: 'cursor', rule: err.message }] });
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
          { ...paymentsOf(ctx), now: () => at },
        ),
      );
    },
  }),
  defineAction({
    name: 'get_payment',
    status: 'supported',
    summary:
      'A payment request: stored state, amounts paid/due/refunded, attempts, refunds, full history and a timeline (messages with their ticks, reminder, payments, outcome, refunds); with compare, what Razorpay reports beside it',
    needs: ['the payment store (DynamoDB)', 'with compare: the Razorpay API key (RAZORPAY_API_SECRET_ID)'],
    input: z
      .object({ action: z.literal('get_payment'), compare: z.boolean().optional().describe('also read the link at Razorpay and list the differences (read only)') })
      .and(byIdOrReference),
    async run(input, ctx) {
      const deps = paymentsOf(ctx);
      const id = resolveId(input);
      const p = await deps.store.get(id);
      if (!p) throw new ActionError(`no payment ${id}`, 404, 'NotFound');
      const [history, attempts, refunds] = await Promise.all([deps.store.history(id), deps.store.attempts(id), deps.store.refunds(id)]);
      const keys = history.map((h) => (h.detail as { messageKey?: unknown } | undefined)?.messageKey);
      const messageKeys = [...new Set([p.linkMessageKey, ...keys].filter((k): k is string => typeof k === 'string' && k.length > 0))];
      const ticks = Object.fromEntries(await Promise.all(messageKeys.map(async (k) => [k, await ctx.deps.messages.getStatusHistory(k)] as const)));
      const linkMessage = p.linkMessageKey ? await ctx.deps.messages.getMessage(p.linkMessageKey) : undefined;
      const reminded = history.some((h) => h.kind === 'message.reminder' && h.applied);
      const timeline = paymentTimeline(
        p,
        history,
        refunds,
        ticks,
        p.linkMessageKey ? { messageKey: p.linkMessageKey, createdAt: linkMessage?.createdAt ?? p.createdAt } : undefined,
      );
      const view = { payment: { ...publicView(p), nextTimer: nextTimer(p, ctx.now(), reminded) }, attempts, refunds, history, timeline };
      if (!input.compare) return view;
      if (!p.paymentLinkId) return { ...view, gateway: { error: 'no payment link yet: nothing to compare' } };
      // The reconcile path's read (fetchLink), without applying what it finds: get_payment stays a read.
      const link = await deps.gateway.fetchLink(p.paymentLinkId);
      return { ...view, gateway: compareWithGateway(p, attempts, link) };
    },
  }),
  defineAction({
    name: 'cancel_payment_request',
    status: 'supported',
    summary: 'Cancels an open payment link at Razorpay; the lifecycle then emits payment.cancelled and tells the customer',
    needs: NEEDS,
    input: z.object({ action: z.literal('cancel_payment_request') }).and(byIdOrReference),
    async run(input, ctx) {
      return guarded(() => cancelPaymentRequest(resolveId(input), paymentsOf(ctx)));
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
          paymentsOf(ctx),
        ),
      );
    },
  }),
  defineAction({
    name: 'list_payments',
    status: 'supported',
    summary:
      'Payment requests of one customer or of all, newest first, by status (open, refunded…) and creation date range (default the last 365 days), with the next timer of open ones; paginated with a cursor',
    needs: ['the payment store (DynamoDB: GSI2 by customer, GSI1 by month)'],
    input: ListPaymentsInput,
    async run(input, ctx) {
      const { deps, now } = ctx;
      const waId = input.wa_id ? await canonicalCustomer(input.wa_id, deps.identities) : undefined;
      // Stored times are UTC ISO strings: compare like with like whatever offset the caller used.
      const to = input.to ? new Date(input.to).toISOString() : now().toISOString();
      const from = input.from ? new Date(input.from).toISOString() : new Date(Date.parse(to) - DEFAULT_RANGE_DAYS * 86_400_000).toISOString();
      if (from > to) throw new ActionError('from: must not be after to', 400, 'ValidationError', { issues: [{ field: 'from', rule: 'must not be after to' }] });
      const page = await cursorChecked(() => paymentListingOf(ctx).list({ waId, status: input.status, from, to, limit: input.limit, cursor: input.cursor }));
      const at = now();
      return { payments: page.items.map((p) => paymentRow(p, at)), nextCursor: page.nextCursor };
    },
  }),
  defineAction({
    name: 'backfill_payment_listing',
    status: 'supported',
    summary:
      'Upgrade step: gives payment requests stored before the month key that key, so list_payments across customers finds them; one bounded page of the table a call, resumed with nextCursor (the CLI loops); dry_run counts only',
    needs: ['the payment store (DynamoDB: Scan of the table, conditional updates of payment records)'],
    input: z.object({
      action: z.literal('backfill_payment_listing'),
      cursor: z.string().max(2048).optional().describe("the previous page's nextCursor; without it, from the start of the table"),
      page_size: z.number().int().min(1).max(1000).default(500).describe('table items read by this call (payment records are a part of them)'),
      dry_run: z.boolean().default(false).describe('count the payment records missing the key, write nothing'),
    }),
    async run(input, ctx) {
      const page = await cursorChecked(() => paymentListingBackfillOf(ctx).backfillPage({ cursor: input.cursor, pageSize: input.page_size, dryRun: input.dry_run }));
      return { dryRun: input.dry_run, ...page };
    },
  }),
];
