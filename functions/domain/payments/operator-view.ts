import { fromLinkStatus, isTerminal } from './lifecycle.js';
import type { PaymentAttempt, PaymentHistoryEntry, PaymentRecord, RefundRecord } from './model.js';
import { publicView } from './service.js';
import { lifecycleTimers } from './timers.js';

/**
 * What the payments view shows: rows with the next timer of an open request, one request's timeline
 * drawn as is, and what Razorpay reports beside what is stored. Pure: the action reads, this shapes.
 */
export interface NextTimer {
  kind: 'reminder' | 'expiry';
  at: string;
  /** The time passed and nothing ended the request yet (the lifecycle reconciles after a grace). */
  overdue: boolean;
}

/**
 * The next clock of an open request, as the PaymentLifecycle set it when it started (at creation):
 * the reminder while it is still ahead (and not sent), then the expiry.
 */
export function nextTimer(p: PaymentRecord, now: Date, reminded = false): NextTimer | null {
  if (isTerminal(p.status)) return null;
  const created = new Date(p.createdAt);
  const expireBy = new Date(p.expireBy);
  if (p.reminder && !reminded) {
    const t = lifecycleTimers({ now: created, expireBy, reminder: true, reminderLeadSeconds: p.reminderLeadSeconds });
    const at = new Date(created.getTime() + t.untilReminderSeconds * 1000);
    if (at > now) return { kind: 'reminder', at: at.toISOString(), overdue: false };
  }
  return { kind: 'expiry', at: expireBy.toISOString(), overdue: expireBy <= now };
}

export function paymentRow(p: PaymentRecord, now: Date) {
  return { ...publicView(p), reference: p.referenceId, paidMinor: p.amountPaidMinor, nextTimer: nextTimer(p, now) };
}

export interface TimelineItem {
  at: string;
  kind: string;
  title: string;
  status?: string;
  amountMinor?: number;
  source: string;
  messageKey?: string;
}

const MESSAGE_TITLES: Record<string, string> = {
  link: 'Payment link sent on WhatsApp',
  reminder: 'Reminder sent',
  partial: 'Partial payment acknowledged to the customer',
  paid: 'Payment confirmation sent',
  expired: 'Expiry notice sent',
  cancelled: 'Cancellation notice sent',
  refunded: 'Refund notice sent',
};

const PROVIDER_EVENTS: Record<string, { kind: string; title: string }> = {
  'payment_link.partially_paid': { kind: 'partially_paid', title: 'Partly paid' },
  'payment_link.paid': { kind: 'paid', title: 'Paid in full' },
  'payment_link.expired': { kind: 'expired', title: 'Link expired' },
  'payment_link.cancelled': { kind: 'cancelled', title: 'Link cancelled' },
  'payment.authorized': { kind: 'payment_authorized', title: 'Payment authorized' },
  'payment.captured': { kind: 'payment_captured', title: 'Payment captured' },
  'payment.failed': { kind: 'payment_failed', title: 'Payment attempt failed' },
  'refund.created': { kind: 'refund_created', title: 'Refund created at Razorpay' },
  'refund.processed': { kind: 'refunded', title: 'Refund processed' },
  'refund.failed': { kind: 'refund_failed', title: 'Refund failed' },
};

/**
 * One request's story, oldest first: created, each WhatsApp message with its ticks (sent, delivered,
 * read from the message store), reminder, payments, the outcome, refunds. History entries that changed
 * nothing (a duplicate webhook) are left out; a message that was not sent is left out.
 */
export function paymentTimeline(
  p: PaymentRecord,
  history: PaymentHistoryEntry[],
  refunds: RefundRecord[],
  messageTicks: Record<string, { status: string; occurredAt: string }[]>,
  /** The link message (sent while the request was created: it has no history entry of its own). */
  linkMessage?: { messageKey: string; createdAt: string },
): TimelineItem[] {
  // Each item is placed in the payment's life where it is built (see the sort below).
  const items: { item: TimelineItem; phase: number }[] = [];
  const add = (item: TimelineItem, phase = KIND_PHASE[item.kind] ?? 6) => items.push({ item, phase });
  /** A message sits at its lifecycle step; its ticks follow it in WhatsApp's order: sent, delivered, read (or failed). */
  const messagePhase = (which: string) => MESSAGE_PHASE[which] ?? 6;
  const tickPhase = (which: string, status: string) => messagePhase(which) + (TICK_ORDER[status] ?? 4) / 10;
  add({ at: p.createdAt, kind: 'created', title: 'Payment request created', amountMinor: p.amountMinor, source: 'action' });
  if (linkMessage) {
    const { messageKey } = linkMessage;
    add({ at: linkMessage.createdAt, kind: 'message_sent', title: MESSAGE_TITLES.link!, source: 'action', messageKey }, messagePhase('link'));
    for (const tick of messageTicks[messageKey] ?? []) {
      add(
        { at: tick.occurredAt, kind: 'message_status', title: `${MESSAGE_TITLES.link}: ${tick.status}`, status: tick.status, source: 'whatsapp', messageKey },
        tickPhase('link', tick.status),
      );
    }
  }
  for (const h of history) {
    const detail = (h.detail ?? {}) as Record<string, unknown>;
    if (h.kind.startsWith('message.')) {
      if (!h.applied) continue;
      const which = h.kind.slice('message.'.length);
      const messageKey = typeof detail.messageKey === 'string' ? detail.messageKey : undefined;
      add(
        {
          at: h.occurredAt,
          kind: which === 'reminder' ? 'reminder' : 'message_sent',
          title: MESSAGE_TITLES[which] ?? `Message (${which}) sent`,
          source: h.source,
          ...(messageKey ? { messageKey } : {}),
        },
        messagePhase(which),
      );
      for (const tick of messageKey ? (messageTicks[messageKey] ?? []) : []) {
        add(
          {
            at: tick.occurredAt,
            kind: 'message_status',
            title: `${MESSAGE_TITLES[which] ?? 'Message'}: ${tick.status}`,
            status: tick.status,
            source: 'whatsapp',
            messageKey,
          },
          tickPhase(which, tick.status),
        );
      }
      continue;
    }
    if (h.kind === 'refund_requested') {
      add({ at: h.occurredAt, kind: 'refund_requested', title: 'Refund requested', amountMinor: Number(detail.amountMinor ?? 0) || undefined, source: h.source });
      continue;
    }
    if (h.kind === 'reconcile') {
      // A change found by asking Razorpay is the same change a webhook would have brought.
      const status = fromLinkStatus(h.status ?? '');
      const outcome = status ? PROVIDER_EVENTS[`payment_link.${status}`] : undefined;
      if (h.applied) {
        add({
          at: h.occurredAt,
          kind: outcome?.kind ?? 'reconciled',
          title: outcome ? `${outcome.title} (reconciled with Razorpay)` : `Reconciled with Razorpay: ${h.status}`,
          status: status ?? h.status,
          amountMinor: h.amountPaidMinor,
          source: h.source,
        });
      }
      continue;
    }
    const known = PROVIDER_EVENTS[h.kind.replace(/:conflict$/, '')];
    if (!known) continue;
    const isLinkStatus = h.kind.startsWith('payment_link.');
    if (isLinkStatus && !h.applied) continue;
    const amount = isLinkStatus ? h.amountPaidMinor : Number(detail.amountMinor ?? NaN);
    add({
      at: h.occurredAt,
      kind: known.kind,
      title: known.title,
      ...(h.status ? { status: h.status } : {}),
      ...(Number.isFinite(amount) ? { amountMinor: amount } : {}),
      source: h.source,
    });
  }
  // A refund settled through the API path may have no webhook entry yet: its record says so.
  for (const r of refunds) {
    if (r.status === 'processed' && !items.some(({ item }) => item.kind === 'refunded' && item.amountMinor === r.amountMinor)) {
      add({ at: r.updatedAt, kind: 'refunded', title: 'Refund processed', amountMinor: r.amountMinor, source: 'action' });
    }
  }
  // Meta and Razorpay date their events to the second while our own entries carry milliseconds: within
  // one second, order by the lifecycle's cause and effect (request, link message and its ticks, reminder,
  // payment, outcome, its notice, refunds), then as recorded.
  return items
    .map((placed, i) => ({ ...placed, i }))
    .sort((a, b) => a.item.at.slice(0, 19).localeCompare(b.item.at.slice(0, 19)) || a.phase - b.phase || a.i - b.i)
    .map(({ item }) => item);
}

const TICK_ORDER: Record<string, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };
/** Where each message of a payment sits in its life (the keys of MESSAGE_TITLES). */
const MESSAGE_PHASE: Record<string, number> = { link: 1, reminder: 2, partial: 5, paid: 6, expired: 6, cancelled: 6, refunded: 9 };
const KIND_PHASE: Record<string, number> = {
  created: 0,
  payment_authorized: 3,
  payment_captured: 3,
  payment_failed: 3,
  partially_paid: 4,
  paid: 5,
  expired: 5,
  cancelled: 5,
  reconciled: 5,
  refund_requested: 7,
  refund_created: 8,
  refunded: 9,
  refund_failed: 9,
};

export interface GatewayLink {
  id: string;
  status: string;
  amountMinor: number;
  amountPaidMinor: number;
  currency: string;
  payments: { razorpayPaymentId: string; amountMinor: number; status: string; method?: string }[];
}

/** What Razorpay reports for the link beside what is stored, and where they differ. */
export function compareWithGateway(p: PaymentRecord, attempts: PaymentAttempt[], link: GatewayLink) {
  const reportedStatus = fromLinkStatus(link.status) ?? link.status;
  const stored = {
    status: p.status,
    amountMinor: p.amountMinor,
    amountPaidMinor: p.amountPaidMinor,
    currency: p.currency,
    payments: attempts
      .map((a) => ({ razorpayPaymentId: a.razorpayPaymentId, amountMinor: a.amountMinor, status: a.status }))
      .sort((a, b) => a.razorpayPaymentId.localeCompare(b.razorpayPaymentId)),
  };
  const reported = {
    linkId: link.id,
    status: reportedStatus,
    amountMinor: link.amountMinor,
    amountPaidMinor: link.amountPaidMinor,
    currency: link.currency,
    payments: link.payments
      .map((a) => ({ razorpayPaymentId: a.razorpayPaymentId, amountMinor: a.amountMinor, status: a.status }))
      .sort((a, b) => a.razorpayPaymentId.localeCompare(b.razorpayPaymentId)),
  };
  const differences: { field: string; stored: unknown; reported: unknown }[] = [];
  for (const field of ['status', 'amountMinor', 'amountPaidMinor', 'currency'] as const) {
    if (stored[field] !== reported[field]) differences.push({ field, stored: stored[field], reported: reported[field] });
  }
  const ids = new Set([...stored.payments, ...reported.payments].map((x) => x.razorpayPaymentId));
  for (const id of [...ids].sort()) {
    const s = stored.payments.find((x) => x.razorpayPaymentId === id);
    const r = reported.payments.find((x) => x.razorpayPaymentId === id);
    if (!s || !r || s.amountMinor !== r.amountMinor || s.status !== r.status) differences.push({ field: `payments.${id}`, stored: s ?? null, reported: r ?? null });
  }
  return { stored, reported, differences, matches: differences.length === 0 };
}
