import { emptyAggregate, mergeAggregates, zeroCounts, type CoreCounts, type DayAggregate, type StatusCounts } from './aggregate.js';
import type { DaySlice } from './engine.js';
import { count, GROWTH, percentile, RELATIVE_ERROR, type Histogram } from './histogram.js';
import { estimateCost, type RateCard } from './rate-card.js';

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

export function rates(c: CoreCounts) {
  return {
    deliveryRate: ratio(c.delivered, c.sent),
    readRate: ratio(c.read, c.delivered),
    failureRate: ratio(c.failed, c.outbound),
    replyRate24h: ratio(c.replied, c.sent),
  };
}

function latency(h: Histogram) {
  return { samples: count(h), p50Ms: percentile(h, 0.5), p95Ms: percentile(h, 0.95) };
}

const withRates = (m: Record<string, StatusCounts>) =>
  Object.fromEntries(
    Object.entries(m)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, { ...v, deliveryRate: ratio(v.delivered, v.sent), readRate: ratio(v.read, v.delivered), failureRate: ratio(v.failed, v.outbound) }]),
  );

export const HISTOGRAM_NOTE = {
  kind: 'fixed log-spaced buckets, mergeable across days and phone numbers',
  bucketGrowth: GROWTH,
  relativeErrorBound: Math.round(RELATIVE_ERROR * 10_000) / 10_000,
  range: '0 ms exact; 1 ms to 7 days within the bound; above 7 days reported as 7 days',
  latencies: 'delivery = deliveredAt − sentAt; read = readAt − sentAt',
};

export function totalOf(slices: DaySlice[]): DayAggregate {
  return slices.reduce((acc, s) => mergeAggregates(acc, s.aggregate), emptyAggregate());
}

function sources(slices: DaySlice[]) {
  return { rollupDays: slices.filter((s) => s.source === 'rollup').length, liveDays: slices.filter((s) => s.source === 'live').length };
}

/** The `get_analytics` answer from per-day slices of one or more phone numbers. */
export function analyticsReport(slices: DaySlice[], q: { from: string; to: string; granularity: 'day' | 'hour'; phoneNumberIds: string[] }) {
  const total = totalOf(slices);
  const byDay = new Map<string, DayAggregate>();
  for (const s of slices) byDay.set(s.day, mergeAggregates(byDay.get(s.day) ?? emptyAggregate(), s.aggregate));
  const days = [...byDay.keys()].sort();
  const series =
    q.granularity === 'day'
      ? days.map((day) => {
          const a = byDay.get(day)!;
          return { period: day, ...a.counts, ...rates(a.counts), deliveryLatency: latency(a.deliveryLatencyMs), readLatency: latency(a.readLatencyMs) };
        })
      : days.flatMap((day) => byDay.get(day)!.hours.map((h, i) => ({ period: `${day}T${String(i).padStart(2, '0')}:00Z`, ...h, ...rates(h) })));
  const byPhone: Record<string, CoreCounts> = {};
  for (const s of slices) {
    const c = (byPhone[s.phoneNumberId] ??= zeroCounts());
    for (const k of Object.keys(c) as (keyof CoreCounts)[]) c[k] += s.aggregate.counts[k];
  }
  return {
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    phoneNumberIds: q.phoneNumberIds,
    totals: {
      ...total.counts,
      ...rates(total.counts),
      deliveryLatency: latency(total.deliveryLatencyMs),
      readLatency: latency(total.readLatencyMs),
      failureReasons: Object.entries(total.errorCodes)
        .map(([code, n]) => ({ code, count: n }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      byTemplate: withRates(total.byTemplate),
      byCategory: withRates(total.byCategory),
      byPricing: total.byPricing,
    },
    byPhoneNumber: byPhone,
    series,
    sources: sources(slices),
    histogram: HISTOGRAM_NOTE,
  };
}

export const CONVERSATION_RUNBOOK = [
  'Open WhatsApp Manager (business.facebook.com → WhatsApp accounts → your WABA → WhatsApp Manager).',
  'Go to Insights (Overview / Pricing) and pick the same date range and phone number.',
  'Read delivered and charged messages by category and country, and the approximate charges; export the CSV for reconciliation.',
  'For invoice-level figures: Business settings → Billing & payments (or your BSP / AWS invoice for EUM Social Meta fees).',
  "Programmatically: the Graph API pricing_analytics field of the WABA (GET /<WABA_ID>?fields=pricing_analytics…) answers the same with Meta's rates.",
];

/** The `get_conversation_analytics` answer: local reconstruction, marked partial. */
export function conversationReport(slices: DaySlice[], card: RateCard, q: { from: string; to: string; phoneNumberIds: string[] }) {
  const total = totalOf(slices);
  const c = total.conversations;
  return {
    partial: true,
    from: q.from,
    to: q.to,
    phoneNumberIds: q.phoneNumberIds,
    customerServiceWindows: { opened: c.windowsOpened, hours: 24 },
    byInitiator: { user: c.windowsOpened, business: c.businessInitiated },
    outbound: { inWindow: c.outboundInWindow, outsideWindow: c.outboundOutsideWindow, byCategory: c.byCategory },
    chargeableDelivered: Object.values(c.charged).reduce((a, b) => a + b, 0),
    estimatedCost: estimateCost(c.charged, card),
    sources: sources(slices),
    note:
      'Reconstructed from the messages this system stored (windows opened by inbound messages, 24 h; Meta per-message pricing from status webhooks where present, else estimated) and priced with the local rate card. ' +
      'Meta Business Manager holds the authoritative figures (volume tiers, free entry points, exact rates and currency): see runbook.',
    runbook: CONVERSATION_RUNBOOK,
  };
}
