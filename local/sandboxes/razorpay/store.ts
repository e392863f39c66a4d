import type { IdFactory } from '../shared/scheduler.js';
import { badRequest, noSuchId } from './errors.js';
import type { RazorpayWebhooks } from './webhooks.js';

/** Entities in Razorpay's documented shapes (Payment Links API, Payments, Orders, Refunds). */
export type Entity = Record<string, unknown> & { id: string };

const CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'SGD', 'AED', 'AUD', 'CAD'];
const MIN_EXPIRY_SECONDS = 15 * 60;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The order as payment_link.* webhooks carry it: Razorpay's internal order view, whose `id`
 * lacks the `order_` prefix that payment.order_id has (as in Razorpay's published payment_link.paid sample).
 */
function linkOrderView(order: Entity, merchantId: string, updatedAt: number): Entity {
  return {
    ...order,
    id: order.id.replace(/^order_/, ''),
    authorized: order.status === 'paid',
    merchant_id: merchantId,
    partial_payment: order.amount_due !== 0,
    payment_capture: true,
    updated_at: updatedAt,
  };
}

export class RazorpayStore {
  readonly merchantId: string;
  readonly links = new Map<string, Entity>();
  readonly orders = new Map<string, Entity>();
  readonly payments = new Map<string, Entity>();
  readonly refunds = new Map<string, Entity>();
  private readonly expiryTimers = new Map<string, () => void>();

  constructor(
    private readonly ids: IdFactory,
    private readonly webhooks: RazorpayWebhooks,
    private readonly now: () => Date,
    private readonly opts: { autoExpire: boolean; schedule: (delayMs: number, job: () => void, background?: boolean) => () => void; stepDelayMs: number; accountId: string },
  ) {
    this.merchantId = opts.accountId.replace(/^acc_/, '');
  }

  private seconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  link(id: string): Entity {
    const l = this.links.get(id);
    if (!l) throw noSuchId();
    return l;
  }

  /** POST /v1/payment_links with Razorpay's validations. */
  createLink(b: Record<string, unknown>): Entity {
    if (b.amount === undefined || b.amount === null) throw badRequest('The amount field is required.', 'amount');
    if (typeof b.amount !== 'number' || !Number.isInteger(b.amount)) throw badRequest('The amount must be an integer.', 'amount');
    const currency = b.currency === undefined ? 'INR' : b.currency;
    if (typeof currency !== 'string' || !CURRENCIES.includes(currency)) throw badRequest('The selected currency is invalid.', 'currency');
    if (b.amount < 100) throw badRequest(`The amount must be atleast ${currency} 1.00`, 'amount');
    const upiLink = b.upi_link === true || b.upi_link === 'true';
    if (upiLink && currency !== 'INR') throw badRequest('UPI Payment Links can be created only in INR', 'currency');
    const acceptPartial = b.accept_partial === true || b.accept_partial === '1';
    if (upiLink && acceptPartial) throw badRequest('Partial payments are not supported for UPI Payment Links', 'accept_partial');
    const firstMin = b.first_min_partial_amount === undefined ? 0 : b.first_min_partial_amount;
    if (typeof firstMin !== 'number' || !Number.isInteger(firstMin) || firstMin < 0)
      throw badRequest('The first min partial amount must be an integer.', 'first_min_partial_amount');
    if (firstMin && !acceptPartial) throw badRequest('first_min_partial_amount is allowed only when accept_partial is true', 'first_min_partial_amount');
    if (firstMin > b.amount) throw badRequest('first_min_partial_amount should be less than or equal to the amount', 'first_min_partial_amount');
    const nowS = this.seconds();
    let expireBy = 0;
    if (b.expire_by !== undefined && b.expire_by !== null && b.expire_by !== 0) {
      if (typeof b.expire_by !== 'number' || !Number.isInteger(b.expire_by)) throw badRequest('The expire by must be an integer.', 'expire_by');
      if (b.expire_by < nowS + MIN_EXPIRY_SECONDS) throw badRequest('The expire by date should be at least 15 minutes after current time', 'expire_by');
      expireBy = b.expire_by;
    }
    const referenceId = b.reference_id === undefined || b.reference_id === null ? '' : String(b.reference_id);
    if (referenceId.length > 40) throw badRequest('The reference id may not be greater than 40 characters.', 'reference_id');
    if (referenceId && [...this.links.values()].some((l) => l.reference_id === referenceId))
      throw badRequest(`A payment link with this reference_id already exists`, 'reference_id');
    if (b.description !== undefined && (typeof b.description !== 'string' || b.description.length > 2048))
      throw badRequest('The description may not be greater than 2048 characters.', 'description');
    const id = `plink_${this.ids.base62('plink')}`;
    const link: Entity = {
      accept_partial: acceptPartial,
      amount: b.amount,
      amount_paid: 0,
      ...(b.callback_url ? { callback_method: b.callback_method ?? 'get', callback_url: b.callback_url } : {}),
      cancelled_at: 0,
      created_at: nowS,
      currency,
      customer: isObject(b.customer) ? b.customer : {},
      description: typeof b.description === 'string' ? b.description : '',
      expire_by: expireBy,
      expired_at: 0,
      first_min_partial_amount: firstMin,
      id,
      notes: isObject(b.notes) || Array.isArray(b.notes) ? b.notes : null,
      notify: { email: false, sms: false, whatsapp: false, ...(isObject(b.notify) ? b.notify : {}) },
      payments: null,
      reference_id: referenceId,
      reminder_enable: b.reminder_enable === true,
      reminders: [],
      short_url: `https://rzp.io/i/${this.ids.base62('short', 7)}`,
      status: 'created',
      updated_at: nowS,
      upi_link: upiLink,
      user_id: '',
      whatsapp_link: false,
    };
    this.links.set(id, link);
    if (this.opts.autoExpire && expireBy)
      this.expiryTimers.set(
        id,
        this.opts.schedule((expireBy - nowS) * 1000, () => void this.expire(id, true), true),
      );
    return link;
  }

  listLinks(q: URLSearchParams): { payment_links: Entity[] } {
    let items = [...this.links.values()];
    const ref = q.get('reference_id');
    if (ref) items = items.filter((l) => l.reference_id === ref);
    const pay = q.get('payment_id');
    if (pay) items = items.filter((l) => Array.isArray(l.payments) && l.payments.some((p) => (p as Entity).payment_id === pay));
    return { payment_links: items.reverse() };
  }

  cancel(id: string): Entity {
    const l = this.link(id);
    if (l.status !== 'created' && l.status !== 'partially_paid') throw badRequest(`Payment Link cannot be cancelled as it is already ${l.status}`, 'id');
    l.status = 'cancelled';
    l.cancelled_at = l.updated_at = this.seconds();
    this.expiryTimers.get(id)?.();
    this.webhooks.emit('payment_link.cancelled', { payment_link: l }, this.opts.stepDelayMs, id);
    return l;
  }

  /** Expires a link (Razorpay's expiry job). Idempotent: an already expired link is returned as is. */
  expire(id: string, byTimer = false): Entity {
    const l = this.link(id);
    if (l.status === 'expired') return l;
    if (l.status !== 'created' && l.status !== 'partially_paid') {
      if (byTimer) return l;
      throw new Error(`payment link ${id} is ${String(l.status)}: only created or partially_paid links expire`);
    }
    l.status = 'expired';
    l.expired_at = l.updated_at = this.seconds();
    this.webhooks.emit('payment_link.expired', { payment_link: l }, this.opts.stepDelayMs, id);
    return l;
  }

  private orderFor(l: Entity): Entity {
    const existing = typeof l.order_id === 'string' ? this.orders.get(l.order_id) : undefined;
    if (existing) return existing;
    const order: Entity = {
      id: `order_${this.ids.base62('order')}`,
      entity: 'order',
      amount: l.amount,
      amount_paid: 0,
      amount_due: l.amount,
      currency: l.currency,
      receipt: l.reference_id || null,
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes: [],
      created_at: this.seconds(),
      product_type: 'payment_link_v2',
      product_id: String(l.id).replace(/^plink_/, ''),
    };
    this.orders.set(order.id, order);
    l.order_id = order.id;
    return order;
  }

  private paymentEntity(
    l: Entity,
    order: Entity,
    amount: number,
    method: string,
    status: 'captured' | 'failed',
    error?: { code: string; description: string; reason: string },
  ): Entity {
    const customer = (l.customer ?? {}) as Record<string, unknown>;
    const fee = status === 'captured' ? Math.round(amount * 0.02 * 1.18) : null;
    const vpa = method === 'upi' ? 'customer@okaxis' : null;
    return {
      id: `pay_${this.ids.base62('payment')}`,
      entity: 'payment',
      amount,
      currency: l.currency,
      base_amount: amount,
      status,
      order_id: order.id,
      invoice_id: null,
      international: false,
      method,
      amount_refunded: 0,
      amount_transferred: 0,
      refund_status: null,
      captured: status === 'captured',
      description: `#${String(l.id).replace(/^plink_/, '')}`,
      card_id: null,
      card: null,
      bank: method === 'netbanking' ? 'HDFC' : null,
      wallet: method === 'wallet' ? 'paytm' : null,
      vpa,
      email: typeof customer.email === 'string' ? customer.email : '',
      contact: typeof customer.contact === 'string' ? customer.contact : '',
      notes: l.notes ?? [],
      fee,
      fee_bearer: 'platform',
      tax: fee === null ? null : Math.round(amount * 0.02 * 0.18),
      error_code: error?.code ?? null,
      error_description: error?.description ?? null,
      error_source: error ? 'customer' : null,
      error_step: error ? 'payment_authentication' : null,
      error_reason: error?.reason ?? null,
      acquirer_data: method === 'upi' ? { rrn: this.ids.digits('rrn', 12, '3') } : { bank_transaction_id: this.ids.digits('btx', 7, '4') },
      created_at: this.seconds(),
      ...(vpa ? { upi: { payer_account_type: 'bank_account', vpa } } : {}),
    };
  }

  /** A customer pays `amount` (default: what is due) on the link. */
  pay(id: string, opts: { amount?: number; method?: string } = {}): Entity {
    const l = this.link(id);
    if (l.status !== 'created' && l.status !== 'partially_paid') throw new Error(`payment link ${id} is ${String(l.status)}: it cannot be paid`);
    const due = (l.amount as number) - (l.amount_paid as number);
    const amount = opts.amount ?? due;
    if (!Number.isInteger(amount) || amount <= 0) throw new Error(`amount must be a positive integer in paise, got ${amount}`);
    if (amount > due) throw new Error(`amount ${amount} exceeds the ${due} still due on ${id}`);
    if (amount < due && !l.accept_partial) throw new Error(`payment link ${id} does not accept partial payments`);
    if (amount < due && l.amount_paid === 0 && amount < (l.first_min_partial_amount as number))
      throw new Error(`the first partial payment must be at least ${String(l.first_min_partial_amount)}`);
    const method = opts.method ?? 'upi';
    const order = this.orderFor(l);
    const payment = this.paymentEntity(l, order, amount, method, 'captured');
    this.payments.set(payment.id, payment);
    const now = this.seconds();
    l.amount_paid = (l.amount_paid as number) + amount;
    const full = l.amount_paid === l.amount;
    l.status = full ? 'paid' : 'partially_paid';
    l.updated_at = now;
    l.payments = [...((l.payments as Entity[] | null) ?? []), { amount, created_at: now, method, payment_id: payment.id, plink_id: l.id, status: 'captured', updated_at: now }];
    order.amount_paid = l.amount_paid;
    order.amount_due = (l.amount as number) - (l.amount_paid as number);
    order.attempts = (order.attempts as number) + 1;
    order.status = full ? 'paid' : 'attempted';
    if (full) this.expiryTimers.get(id)?.();
    const d = this.opts.stepDelayMs;
    this.webhooks.emit('payment.captured', { payment }, d, id);
    if (full) {
      this.webhooks.emit('order.paid', { payment, order }, d, id);
      this.webhooks.emit('payment_link.paid', { payment_link: l, order: linkOrderView(order, this.merchantId, now), payment }, d, id);
    } else this.webhooks.emit('payment_link.partially_paid', { payment_link: l, order: linkOrderView(order, this.merchantId, now), payment }, d, id);
    return payment;
  }

  /** A failed payment attempt (payment.failed); the link stays payable. */
  failPayment(id: string, opts: { amount?: number; method?: string; errorCode?: string; description?: string } = {}): Entity {
    const l = this.link(id);
    const amount = opts.amount ?? (l.amount as number) - (l.amount_paid as number);
    const order = this.orderFor(l);
    order.attempts = (order.attempts as number) + 1;
    order.status = order.status === 'created' ? 'attempted' : order.status;
    const payment = this.paymentEntity(l, order, amount, opts.method ?? 'upi', 'failed', {
      code: opts.errorCode ?? 'BAD_REQUEST_ERROR',
      description: opts.description ?? 'Payment was unsuccessful as the customer did not complete the UPI collect request in time.',
      reason: 'payment_timed_out',
    });
    this.payments.set(payment.id, payment);
    this.webhooks.emit('payment.failed', { payment }, this.opts.stepDelayMs, id);
    return payment;
  }

  payment(id: string): Entity {
    const p = this.payments.get(id);
    if (!p) throw noSuchId();
    return p;
  }

  /** POST /v1/payments/:id/refund: amount ≤ captured − refunded. refund.created now, refund.processed a moment later. */
  refund(paymentId: string, b: Record<string, unknown>): Entity {
    const p = this.payment(paymentId);
    if (p.status !== 'captured' && p.status !== 'refunded') throw badRequest('The payment has not been captured yet, hence cannot be refunded', 'payment_id');
    const refundable = (p.amount as number) - (p.amount_refunded as number);
    if (refundable <= 0) throw badRequest('The payment has been fully refunded already', 'payment_id');
    const amount = b.amount === undefined ? refundable : b.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount)) throw badRequest('The amount must be an integer.', 'amount');
    if (amount < 100) throw badRequest(`The amount must be atleast ${String(p.currency)} 1.00`, 'amount');
    if (amount > refundable) throw badRequest('The refund amount provided is greater than amount captured', 'amount');
    const speed = b.speed === 'optimum' ? 'optimum' : 'normal';
    const refund: Entity = {
      id: `rfnd_${this.ids.base62('refund')}`,
      entity: 'refund',
      amount,
      currency: p.currency,
      payment_id: p.id,
      notes: isObject(b.notes) ? b.notes : [],
      receipt: typeof b.receipt === 'string' ? b.receipt : null,
      acquirer_data: { arn: null },
      created_at: this.seconds(),
      batch_id: null,
      status: 'pending',
      speed_processed: 'normal',
      speed_requested: speed,
    };
    this.refunds.set(refund.id, refund);
    p.amount_refunded = (p.amount_refunded as number) + amount;
    const full = p.amount_refunded === p.amount;
    p.refund_status = full ? 'full' : 'partial';
    if (full) p.status = 'refunded';
    const key = `refund:${p.id}`;
    this.webhooks.emit('refund.created', { refund, payment: p }, this.opts.stepDelayMs, key);
    this.opts.schedule(this.opts.stepDelayMs * 4, () => {
      refund.status = 'processed';
      refund.acquirer_data = { arn: this.ids.digits('arn', 23, '7') };
      this.webhooks.emit('refund.processed', { refund, payment: p }, 0, key);
    });
    return refund;
  }

  refund_(id: string): Entity {
    const r = this.refunds.get(id);
    if (!r) throw noSuchId();
    return r;
  }

  refundsOf(paymentId: string): Entity[] {
    this.payment(paymentId);
    return [...this.refunds.values()].filter((r) => r.payment_id === paymentId).reverse();
  }

  close(): void {
    for (const cancel of this.expiryTimers.values()) cancel();
  }
}
