import type { PaymentGateway, ProviderLink } from '../../ports/payments.js';
import { logger } from '../../observability/logger.js';
import { maskPhone } from '../shared/mask.js';
import { amountMinorSchema, currencyProblem, expiryProblem } from './amounts.js';
import { bareOrderId, lifecycleExecutionName, paymentIdFor } from './ids.js';
import { amountDueMinor, fromLinkStatus, isTerminal, type PaymentStatus } from './lifecycle.js';
import type { LinkSnapshot, PaymentMessageKind, PaymentRecord, PaymentMessageTemplate } from './model.js';
import type { LifecycleStarter, NotifyResult, PaymentStore } from '../../ports/payments.js';
import { lifecycleTimers, secondsLeft } from './timers.js';

/** An expected refusal: the field (or subject) and the rule, mapped to a 4xx by the actions. */
export class PaymentRuleError extends Error {
  override readonly name = 'PaymentRuleError';
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const WAITER_KIND = 'payment';
/** A reservation younger than this is treated as a create still in flight. */
const IN_FLIGHT_MS = 15_000;

export interface PaymentDeps {
  store: PaymentStore;
  gateway: PaymentGateway;
  starter: LifecycleStarter;
  notify: (kind: PaymentMessageKind, p: PaymentRecord, extra?: { refundedMinor?: number }) => Promise<NotifyResult>;
  /** Resumes executions waiting on a payment link (waits/waiters.ts resumeWaiters). */
  resume: (paymentLinkId: string, snapshot: LinkSnapshot) => Promise<number>;
  now: () => Date;
  graceSeconds?: number;
}

export interface CreatePaymentInput {
  waId: string;
  originationPhoneNumberId: string;
  amountMinor: number;
  currency: string;
  description: string;
  referenceId: string;
  expireBy: Date;
  upiLink: boolean;
  acceptPartial: boolean;
  firstMinPartialMinor?: number;
  customer: { name?: string; email?: string; contact?: string };
  reminder: boolean;
  reminderLeadSeconds?: number;
  templates?: Partial<Record<PaymentMessageKind, PaymentMessageTemplate>>;
  callbackUrl?: string;
  orderMessageId?: string;
}

export function snapshot(p: PaymentRecord): LinkSnapshot {
  return { paymentId: p.paymentId, status: p.status, amountPaidMinor: p.amountPaidMinor, amountDueMinor: amountDueMinor(p.amountMinor, p.amountPaidMinor) };
}

/** What a waiting PaymentLifecycle is resumed with: the link's state and what is left of its clock. */
export function resumeOutput(s: LinkSnapshot, waitUntil: number | undefined, now: Date): LinkSnapshot & { remainingSeconds: number } {
  return { ...s, remainingSeconds: secondsLeft(waitUntil, now) };
}

export function publicView(p: PaymentRecord) {
  const { version: _v, outcomePublished: _o, ...rest } = p;
  return { ...rest, amountDueMinor: amountDueMinor(p.amountMinor, p.amountPaidMinor) };
}

/**
 * create_payment_request: reserve the reference → create the link → store it → send it on
 * WhatsApp → start the lifecycle. Every step is safe to repeat: a repeated request finishes
 * whatever a failed earlier attempt left undone and never creates a second link.
 */
export async function createPaymentRequest(input: CreatePaymentInput, deps: PaymentDeps) {
  const now = deps.now();
  // The action validated already; other callers (orders) get the same money rules here.
  const amountCheck = amountMinorSchema('amount').safeParse(input.amountMinor);
  if (!amountCheck.success) throw new PaymentRuleError(`amount: ${amountCheck.error.issues.map((i) => i.message).join('; ')}`, 400, 'ValidationError', 'amount');
  const currencyRule = currencyProblem({ currency: input.currency, upiLink: input.upiLink });
  if (currencyRule) throw new PaymentRuleError(`currency: ${currencyRule}`, 400, 'ValidationError', 'currency');
  const expiryRule = expiryProblem(input.expireBy, now);
  if (expiryRule) throw new PaymentRuleError(`expiry: ${expiryRule}`, 400, 'ValidationError', 'expiry');
  if (input.acceptPartial && input.firstMinPartialMinor !== undefined && input.firstMinPartialMinor > input.amountMinor) {
    throw new PaymentRuleError('first_min_partial_amount: must not exceed amount', 400, 'ValidationError', 'first_min_partial_amount');
  }

  const paymentId = paymentIdFor(input.referenceId);
  const at = now.toISOString();
  const fresh: PaymentRecord = {
    paymentId,
    referenceId: input.referenceId,
    waId: input.waId,
    originationPhoneNumberId: input.originationPhoneNumberId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    description: input.description,
    upiLink: input.upiLink,
    acceptPartial: input.upiLink ? false : input.acceptPartial,
    firstMinPartialMinor: input.firstMinPartialMinor,
    customer: input.customer,
    expireBy: input.expireBy.toISOString(),
    reminder: input.reminder,
    reminderLeadSeconds: input.reminderLeadSeconds,
    templates: input.templates,
    status: 'creating',
    amountPaidMinor: 0,
    refundedMinor: 0,
    orderMessageId: input.orderMessageId,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  const reserved = await deps.store.reserve(fresh);
  let record = reserved.created ? fresh : reserved.existing;
  if (!reserved.created) {
    const e = reserved.existing;
    if (e.amountMinor !== input.amountMinor || e.currency !== input.currency || e.waId !== input.waId) {
      throw new PaymentRuleError(
        `reference_id: "${input.referenceId}" was already used for a different request (${e.amountMinor} ${e.currency} to another or the same customer); a reference names one payment`,
        409,
        'ReferenceConflict',
        'reference_id',
      );
    }
    if (e.status === 'creating' && now.getTime() - Date.parse(e.updatedAt) < IN_FLIGHT_MS) {
      throw new PaymentRuleError(`reference_id: a request for "${input.referenceId}" is being created right now; retry in a few seconds`, 409, 'InProgress', 'reference_id');
    }
  }

  if (!record.paymentLinkId) record = await createOrRecoverLink(record, input, deps, !reserved.created);
  let message: NotifyResult | undefined;
  if (!record.linkMessageKey && !isTerminal(record.status)) {
    message = await deps.notify('link', record);
    if (message.sent) await deps.store.annotate(paymentId, { linkMessageKey: message.messageKey });
    else logger.warn('payment link not sent on WhatsApp', { paymentId, to: maskPhone(record.waId), reason: message.reason });
  }
  const executionName = lifecycleExecutionName(paymentId);
  if (!record.executionName) {
    const timers = lifecycleTimers({
      now,
      expireBy: new Date(record.expireBy),
      reminder: record.reminder,
      reminderLeadSeconds: record.reminderLeadSeconds,
      graceSeconds: deps.graceSeconds,
    });
    await deps.starter.start(executionName, {
      paymentId,
      paymentLinkId: record.paymentLinkId,
      timers,
      seen: { status: record.status, amountPaidMinor: record.amountPaidMinor },
    });
    await deps.store.annotate(paymentId, { executionName });
  }
  await adoptUnmatchedLinkEvents(record.paymentLinkId!, deps);
  const current = (await deps.store.get(paymentId)) ?? record;
  return { created: reserved.created, payment: publicView(current), ...(message ? { message } : {}) };
}

async function createOrRecoverLink(record: PaymentRecord, input: CreatePaymentInput, deps: PaymentDeps, recovering: boolean): Promise<PaymentRecord> {
  let link: ProviderLink | undefined;
  // A previous attempt may have created the link and lost the answer: Razorpay knows it by reference.
  if (recovering) link = await deps.gateway.findLinkByReference(record.referenceId).catch(() => undefined);
  if (!link) {
    try {
      link = await deps.gateway.createLink({
        amountMinor: record.amountMinor,
        currency: record.currency,
        referenceId: record.referenceId,
        description: record.description,
        expireBy: Math.floor(Date.parse(record.expireBy) / 1000),
        upiLink: record.upiLink,
        acceptPartial: record.acceptPartial,
        firstMinPartialMinor: record.firstMinPartialMinor,
        customer: input.customer,
        notes: { payment_id: record.paymentId, ...(record.orderMessageId ? { wa_order: record.orderMessageId.slice(0, 200) } : {}) },
        callbackUrl: input.callbackUrl,
      });
    } catch (err) {
      const existing = await deps.gateway.findLinkByReference(record.referenceId).catch(() => undefined);
      if (!existing) throw err;
      link = existing;
    }
  }
  const stored = await deps.store.attachLink(record.paymentId, { paymentLinkId: link.id, shortUrl: link.shortUrl, at: deps.now().toISOString() });
  await aliasLinkPayments(record.paymentId, link, deps);
  return stored;
}

async function aliasLinkPayments(paymentId: string, link: ProviderLink, deps: PaymentDeps, at = deps.now().toISOString()) {
  if (link.orderId) await deps.store.putAlias('ORDER', bareOrderId(link.orderId), paymentId);
  for (const p of link.payments) {
    await deps.store.putAlias('RZPPAY', p.razorpayPaymentId, paymentId);
    await deps.store.upsertAttempt(paymentId, { razorpayPaymentId: p.razorpayPaymentId, status: p.status, amountMinor: p.amountMinor, method: p.method, at });
  }
}

export interface LinkEvent {
  eventId: string;
  occurredAt: string;
  receivedAt: string;
  paymentLinkId: string;
  status: string;
  amountPaid?: number;
  paymentId?: string;
  providerEvent: string;
}

/** payment.link_updated → the stored payment (monotonic) → resume the waiting lifecycle. */
export async function recordLinkEvent(e: LinkEvent, deps: PaymentDeps): Promise<'applied' | 'unchanged' | 'unmatched' | 'ignored'> {
  const paymentId = await deps.store.resolveAlias('PLINK', e.paymentLinkId);
  if (!paymentId) {
    await deps.store.keepUnmatched({
      kind: 'PLINK',
      providerId: e.paymentLinkId,
      eventId: e.eventId,
      detailType: 'payment.link_updated',
      detail: { ...e },
      receivedAt: e.receivedAt,
    });
    logger.warn('payment link event for an unknown link kept for investigation', { paymentLinkId: e.paymentLinkId, eventId: e.eventId });
    return 'unmatched';
  }
  if (e.paymentId) {
    await deps.store.putAlias('RZPPAY', e.paymentId, paymentId);
    // A paid / partially_paid link webhook carries the captured payment that moved it.
    if (e.status === 'paid' || e.status === 'partially_paid') {
      await deps.store.upsertAttempt(paymentId, { razorpayPaymentId: e.paymentId, status: 'captured', at: e.occurredAt });
    }
    await adoptUnmatchedPaymentEvents(e.paymentId, deps);
  }
  const status = fromLinkStatus(e.status);
  const entry = { ...webhookEntry(e), amountPaidMinor: e.amountPaid };
  if (!status) {
    await deps.store.addHistory(paymentId, { ...entry, applied: false });
    return 'ignored';
  }
  const r = await deps.store.applyObservation(paymentId, { status, amountPaidMinor: e.amountPaid }, entry);
  if (r.conflict) logger.error('conflicting terminal payment statuses; the higher-ranked one is kept', { paymentId, stored: r.before.status, reported: status });
  if (r.changed) await deps.resume(e.paymentLinkId, snapshot(r.after));
  return r.changed ? 'applied' : 'unchanged';
}

export interface ProviderPaymentEvent {
  eventId: string;
  occurredAt: string;
  receivedAt: string;
  paymentId: string;
  orderId?: string;
  status: string;
  amount: number;
  amountRefunded?: number;
  method?: string;
  providerEvent: string;
}

/** payment.updated (authorized / captured / failed / refunded) → the attempt on our payment. */
export async function recordProviderPaymentEvent(e: ProviderPaymentEvent, deps: PaymentDeps): Promise<'applied' | 'unmatched'> {
  const paymentId = (await deps.store.resolveAlias('RZPPAY', e.paymentId)) ?? (e.orderId ? await deps.store.resolveAlias('ORDER', bareOrderId(e.orderId)) : undefined);
  if (!paymentId) {
    await deps.store.keepUnmatched({ kind: 'RZPPAY', providerId: e.paymentId, eventId: e.eventId, detailType: 'payment.updated', detail: { ...e }, receivedAt: e.receivedAt });
    return 'unmatched';
  }
  await deps.store.putAlias('RZPPAY', e.paymentId, paymentId);
  // Later payments on the same link carry only the order id (with or without `order_`).
  if (e.orderId) await deps.store.putAlias('ORDER', bareOrderId(e.orderId), paymentId);
  await deps.store.upsertAttempt(paymentId, {
    razorpayPaymentId: e.paymentId,
    status: e.status,
    amountMinor: e.status === 'failed' ? undefined : e.amount,
    refundedMinor: e.amountRefunded,
    method: e.method,
    at: e.occurredAt,
  });
  await deps.store.addHistory(paymentId, {
    ...webhookEntry(e),
    detail: { razorpayPaymentId: e.paymentId, amountMinor: e.amount, method: e.method },
    applied: true,
  });
  return 'applied';
}

/** The history fields every entry from a provider webhook carries. */
function webhookEntry(e: { occurredAt: string; eventId: string; providerEvent: string; status: string }) {
  return { occurredAt: e.occurredAt, eventId: e.eventId, source: 'webhook' as const, kind: e.providerEvent, status: e.status };
}

export interface RefundEvent {
  eventId: string;
  occurredAt: string;
  receivedAt: string;
  refundId: string;
  paymentId: string;
  status: string;
  amount: number;
  providerEvent: string;
}

/** refund.updated → refunded totals (once per refund id) and our refund request's status. */
export async function recordRefundEvent(e: RefundEvent, deps: PaymentDeps): Promise<'applied' | 'unmatched'> {
  const paymentId = await deps.store.resolveAlias('RZPPAY', e.paymentId);
  if (!paymentId) {
    await deps.store.keepUnmatched({ kind: 'RZPPAY', providerId: e.paymentId, eventId: e.eventId, detailType: 'refund.updated', detail: { ...e }, receivedAt: e.receivedAt });
    return 'unmatched';
  }
  const ours = (await deps.store.refunds(paymentId)).find((r) => r.refundId === e.refundId);
  if (e.status === 'processed') {
    await deps.store.recordRefundSettled(paymentId, e.refundId, e.paymentId, e.amount, e.occurredAt);
    if (ours && ours.status !== 'processed') await deps.store.updateRefund(paymentId, ours.refundReference, { status: 'processed', updatedAt: e.occurredAt });
  } else if (e.status === 'failed' && ours && ours.status !== 'failed' && ours.status !== 'processed') {
    await deps.store.updateRefund(paymentId, ours.refundReference, { status: 'failed', updatedAt: e.occurredAt });
    await deps.store.releaseRefundable(paymentId, e.paymentId, ours.amountMinor);
  }
  await deps.store.addHistory(paymentId, {
    ...webhookEntry(e),
    detail: { refundId: e.refundId, razorpayPaymentId: e.paymentId, amountMinor: e.amount },
    applied: true,
  });
  return 'applied';
}

async function adoptUnmatchedLinkEvents(paymentLinkId: string, deps: PaymentDeps) {
  for (const u of await deps.store.takeUnmatched('PLINK', paymentLinkId)) await recordLinkEvent(u.detail as unknown as LinkEvent, deps);
}

async function adoptUnmatchedPaymentEvents(razorpayPaymentId: string, deps: PaymentDeps) {
  for (const u of await deps.store.takeUnmatched('RZPPAY', razorpayPaymentId)) {
    if (u.detailType === 'refund.updated') await recordRefundEvent(u.detail as unknown as RefundEvent, deps);
    else await recordProviderPaymentEvent(u.detail as unknown as ProviderPaymentEvent, deps);
  }
}

/**
 * Reads the link and its payments from Razorpay and applies them like a webhook would (the
 * missed-webhook path). With `closeIfOpen`, a link still open at our deadline is cancelled at
 * Razorpay first, so nobody can pay it after we have declared the request over.
 */
export async function reconcilePayment(paymentId: string, opts: { closeIfOpen: boolean }, deps: PaymentDeps): Promise<LinkSnapshot> {
  let record = await deps.store.get(paymentId);
  if (!record?.paymentLinkId) throw new PaymentRuleError(`payment ${paymentId} has no payment link to reconcile`, 404, 'NotFound');
  const linkId = record.paymentLinkId;
  let link = await deps.gateway.fetchLink(linkId);
  record = await applyProviderLink(record, link, deps);
  if (opts.closeIfOpen && !isTerminal(record.status)) {
    try {
      link = await deps.gateway.cancelLink(linkId);
    } catch (err) {
      logger.warn('closing the open link failed; re-reading it', { paymentId, error: (err as Error).message });
      link = await deps.gateway.fetchLink(linkId);
    }
    record = await applyProviderLink(record, link, deps);
  }
  return snapshot(record);
}

async function applyProviderLink(record: PaymentRecord, link: ProviderLink, deps: PaymentDeps): Promise<PaymentRecord> {
  const at = deps.now().toISOString();
  await aliasLinkPayments(record.paymentId, link, deps, at);
  const status = fromLinkStatus(link.status);
  if (!status) return record;
  const r = await deps.store.applyObservation(
    record.paymentId,
    { status, amountPaidMinor: link.amountPaidMinor },
    {
      occurredAt: at,
      eventId: `reconcile:${link.id}:${link.status}:${link.amountPaidMinor}`,
      source: 'reconcile',
      kind: 'reconcile',
      status: link.status,
      amountPaidMinor: link.amountPaidMinor,
    },
  );
  if (r.changed) await deps.resume(link.id, snapshot(r.after));
  return r.after;
}

/** cancel_payment_request: cancels the link at Razorpay; a paid or expired payment stays as it is. */
export async function cancelPaymentRequest(paymentId: string, deps: PaymentDeps) {
  const record = await deps.store.get(paymentId);
  if (!record) throw new PaymentRuleError(`payment_id: no payment ${paymentId}`, 404, 'NotFound', 'payment_id');
  if (record.status === 'cancelled') return { payment: publicView(record), alreadyCancelled: true };
  if (isTerminal(record.status)) {
    throw new PaymentRuleError(`payment ${paymentId} is already ${record.status}; only an open request can be cancelled`, 409, 'NotCancellable');
  }
  if (!record.paymentLinkId) throw new PaymentRuleError(`payment ${paymentId} is still being created; retry shortly`, 409, 'InProgress');
  let link: ProviderLink;
  try {
    link = await deps.gateway.cancelLink(record.paymentLinkId);
  } catch (err) {
    // Razorpay refuses to cancel a link that got paid or expired meanwhile: take its word.
    link = await deps.gateway.fetchLink(record.paymentLinkId);
    if (link.status !== 'cancelled') {
      const after = await applyProviderLink(record, link, deps);
      throw new PaymentRuleError(`payment ${paymentId} could not be cancelled: it is ${after.status} at Razorpay (${(err as Error).message})`, 409, 'NotCancellable');
    }
  }
  const after = await applyProviderLink(record, link, deps);
  return { payment: publicView(after), alreadyCancelled: false };
}

export function isOpen(status: PaymentStatus): boolean {
  return !isTerminal(status) && status !== 'creating';
}
