import { formatMoney } from '../operator/money';
import type { PaymentRow } from './payments';

export interface HistoryEntry {
  occurredAt: string;
  eventId: string;
  source: string;
  kind: string;
  status?: string;
  amountPaidMinor?: number;
  detail?: Record<string, unknown>;
  applied: boolean;
}
export interface Attempt {
  razorpayPaymentId: string;
  status: string;
  amountMinor: number;
  refundedMinor: number;
  refundReservedMinor?: number;
  method?: string;
  updatedAt: string;
}
export interface RefundEntry {
  refundReference: string;
  razorpayPaymentId: string;
  amountMinor: number;
  status: string;
  refundId?: string;
  createdAt: string;
  updatedAt: string;
}
export interface TimelineEntry {
  at: string;
  kind: string;
  label: string;
  amountMinor?: number;
  note?: string;
  tone: 'ok' | 'bad' | 'run' | 'wait' | 'muted';
}
/** The `get_payment` answer; `timeline` and `compare` when the action gives them. */
export interface PaymentAnswer {
  payment: PaymentRow;
  attempts: Attempt[];
  refunds: RefundEntry[];
  history: HistoryEntry[];
  timeline?: {
    at: string;
    kind: string;
    title?: string;
    label?: string;
    amountMinor?: number;
    status?: string;
    source?: string;
    messageKey?: string;
    detail?: Record<string, unknown>;
    note?: string;
  }[];
  /** With `compare: true`: what is stored, what Razorpay reports, and where they differ. */
  gateway?: {
    stored?: Record<string, unknown>;
    reported?: Record<string, unknown> | null;
    differences?: { field: string; stored: unknown; reported: unknown }[];
    matches?: boolean;
    error?: string;
  };
}

const LABELS: Record<string, [string, TimelineEntry['tone']]> = {
  // get_payment's timeline kinds
  created: ['Link created', 'run'],
  message_sent: ['Message sent', 'run'],
  reminder: ['Reminder sent', 'wait'],
  payment_authorized: ['Payment authorized', 'run'],
  payment_captured: ['Payment captured', 'ok'],
  payment_failed: ['Payment attempt failed', 'bad'],
  partially_paid: ['Partly paid', 'run'],
  paid: ['Paid', 'ok'],
  expired: ['Expired', 'bad'],
  cancelled: ['Cancelled', 'muted'],
  refund_created: ['Refund created', 'run'],
  refunded: ['Refunded', 'ok'],
  refund_failed: ['Refund failed', 'bad'],
  reconciled: ['Reconciled with Razorpay', 'muted'],
  // the stored history's kinds (webhooks, workflow)
  'payment_link.paid': ['Paid', 'ok'],
  'payment_link.partially_paid': ['Partly paid', 'run'],
  'payment_link.expired': ['Link expired', 'bad'],
  'payment_link.cancelled': ['Link cancelled', 'muted'],
  'payment.captured': ['Payment captured', 'ok'],
  'payment.authorized': ['Payment authorized', 'run'],
  'payment.failed': ['Payment attempt failed', 'bad'],
  'refund.created': ['Refund created', 'run'],
  'refund.processed': ['Refund processed', 'ok'],
  'refund.failed': ['Refund failed', 'bad'],
  refund_requested: ['Refund requested', 'run'],
  reconcile: ['Reconciled with Razorpay', 'muted'],
  'message.link': ['Link message sent', 'run'],
  'message.reminder': ['Reminder sent', 'wait'],
  'message.partial': ['Partial-payment message sent', 'run'],
  'message.paid': ['Confirmation sent', 'ok'],
  'message.expired': ['Expiry message sent', 'muted'],
  'message.cancelled': ['Cancellation message sent', 'muted'],
  'message.refunded': ['Refund message sent', 'ok'],
};

function toneOf(kind: string, status?: string): TimelineEntry['tone'] {
  const known = LABELS[kind]?.[1];
  if (known) return known;
  const word = `${kind} ${status ?? ''}`;
  if (/fail|expire/.test(word)) return 'bad';
  if (/paid|captured|processed|read|delivered/.test(word)) return 'ok';
  if (/remind|wait/.test(word)) return 'wait';
  if (/cancel/.test(word)) return 'muted';
  return 'run';
}

function detailNote(d: Record<string, unknown> | undefined): string {
  if (!d) return '';
  return Object.entries(d)
    .filter(([k, v]) => v !== undefined && v !== null && typeof v !== 'object' && !/minor/i.test(k))
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
}

const TICKS: Record<string, string> = { sent: '✓ sent', delivered: '✓✓ delivered', read: '✓✓ read', failed: '✗ failed' };

/**
 * One payment's story in time order: link created, the link message and its ticks, reminder,
 * partial payments, paid / expired / cancelled, refunds. The action's own timeline wins when given.
 */
export function buildTimeline(data: PaymentAnswer, linkMessage: LinkMessageStatus[]): TimelineEntry[] {
  const p = data.payment;
  if (data.timeline?.length) {
    // In the action's order: oldest first, events of the same second ordered by cause (Meta dates to the second).
    return data.timeline.map((t) => ({
      at: t.at,
      kind: t.kind,
      label: t.title ?? t.label ?? LABELS[t.kind]?.[0] ?? t.kind,
      amountMinor: t.amountMinor,
      note: t.note ?? [t.status, t.source, detailNote(t.detail)].filter(Boolean).join(' · '),
      tone: toneOf(t.kind, t.status),
    }));
  }
  const out: TimelineEntry[] = [
    { at: p.createdAt, kind: 'created', label: 'Link created', amountMinor: p.amountMinor, note: [p.paymentLinkId, p.description].filter(Boolean).join(' — '), tone: 'run' },
  ];
  const tickRank = (st: string) => ['sent', 'delivered', 'read', 'failed'].indexOf(st);
  for (const h of [...linkMessage].sort((a, b) => tickRank(a.status) - tickRank(b.status))) {
    const at = h.occurredAt ?? h.at ?? h.timestamp;
    if (at)
      out.push({
        at,
        kind: `link-message.${h.status}`,
        label: `Link message ${TICKS[h.status] ?? h.status}`,
        tone: h.status === 'failed' ? 'bad' : h.status === 'read' ? 'ok' : 'run',
      });
  }
  for (const h of data.history) {
    const [label, tone] = LABELS[h.kind] ?? [h.kind, 'muted' as const];
    const amount = h.kind === 'payment.captured' || h.kind.startsWith('refund') ? (h.detail?.amountMinor as number | undefined) : h.amountPaidMinor;
    const notes = [h.source, h.detail?.method as string | undefined, h.applied ? undefined : 'not applied (duplicate or stale)'];
    if (h.kind.startsWith('payment_link.') && h.amountPaidMinor !== undefined) notes.push(`paid so far ${formatMoney(h.amountPaidMinor, p.currency)}`);
    out.push({ at: h.occurredAt, kind: h.kind, label, amountMinor: amount, note: notes.filter(Boolean).join(' · '), tone });
  }
  // Refunds the history has no webhook for yet (requested, pending) still belong on the timeline.
  for (const r of data.refunds) {
    if (data.history.some((h) => h.kind.startsWith('refund') && JSON.stringify(h.detail ?? {}).includes(r.refundId ?? r.refundReference))) continue;
    out.push({
      at: r.createdAt,
      kind: `refund.${r.status}`,
      label: `Refund ${r.status}`,
      amountMinor: r.amountMinor,
      note: `${r.refundReference}${r.refundId ? ` · ${r.refundId}` : ''}`,
      tone: r.status === 'failed' ? 'bad' : r.status === 'processed' ? 'ok' : 'run',
    });
  }
  // Meta's and Razorpay's timestamps have whole seconds: within one second, keep the story's order.
  const phase = (e: TimelineEntry) => (e.kind === 'created' ? 0 : e.kind.startsWith('link-message.') ? 1 : 2);
  const second = (e: TimelineEntry) => e.at.slice(0, 19);
  return out.sort((a, b) => second(a).localeCompare(second(b)) || phase(a) - phase(b) || a.at.localeCompare(b.at));
}

/** A `get_message` status history entry. */
export interface LinkMessageStatus {
  status: string;
  occurredAt?: string;
  at?: string;
  timestamp?: string;
}

const FIELD_LABELS: Record<string, string> = {
  status: 'Status',
  amountMinor: 'Amount',
  amountPaidMinor: 'Paid',
  currency: 'Currency',
  payments: 'Payments',
  linkId: 'Link',
  refundedMinor: 'Refunded',
};

export interface CompareRow {
  field: string;
  stored: string;
  razorpay: string;
  differs: boolean;
}

const show = (v: unknown, currency: string): string => {
  if (v === undefined || v === null) return '—';
  // Attempts at Razorpay: one line each.
  if (Array.isArray(v))
    return v.length
      ? v
          .map((a) => (a && typeof a === 'object' && 'razorpayPaymentId' in a ? `${a.razorpayPaymentId} ${formatMoney(a.amountMinor, currency)} ${a.status}` : show(a, currency)))
          .join('\n')
      : 'none';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};

/** What is stored beside what Razorpay reports: get_payment's `gateway` (with `compare: true`). */
export function compareRows(data: PaymentAnswer): CompareRow[] | undefined {
  const money = (field: string, v: unknown) => (/minor|amount/i.test(field) && typeof v === 'number' ? formatMoney(v, data.payment.currency) : show(v, data.payment.currency));
  const g = data.gateway;
  if (g?.stored) {
    const stored = g.stored;
    const differing = new Set((g.differences ?? []).map((d) => d.field));
    const reported = g.reported ?? {};
    const keys = [...new Set([...Object.keys(stored), ...Object.keys(reported), ...differing])];
    return keys.map((field) => ({
      field: FIELD_LABELS[field] ?? field,
      stored: money(field, stored[field]),
      razorpay: money(field, reported[field]),
      differs: differing.has(field),
    }));
  }
  return undefined;
}
