import { describeErrorCode } from '../messaging/error-codes.js';
import type { StatusCounts } from './aggregate.js';
import type { DaySlice } from './engine.js';
import { count, percentile, type Histogram } from './histogram.js';
import { estimateCost, type RateCard } from './rate-card.js';
import { totalOf } from './report.js';

/**
 * What the analytics view draws beside get_analytics' counts, from the same day slices (rollups for
 * closed days): latency percentiles, failures by Meta error code with their meaning and fix,
 * breakdowns as sorted rows, the partial cost estimate, and which days are rolled up.
 */
const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
const latencyOf = (h: Histogram) => ({ samples: count(h), p50Ms: percentile(h, 0.5), p95Ms: percentile(h, 0.95) });

function statusRows(m: Record<string, StatusCounts>) {
  return Object.entries(m)
    .map(([key, v]) => ({ key, ...v, deliveryRate: ratio(v.delivered, v.sent), readRate: ratio(v.read, v.delivered), failureRate: ratio(v.failed, v.outbound) }))
    .sort((a, b) => b.outbound - a.outbound || a.key.localeCompare(b.key));
}

/** Which days of the range come from rollups; `missing` = closed days some phone number has no rollup for. */
export function rollupStatus(slices: DaySlice[], today: string) {
  const days = [...new Set(slices.map((s) => s.day))].sort();
  const closed = days.filter((d) => d < today);
  const missing = closed.filter((d) => slices.some((s) => s.day === d && s.source !== 'rollup'));
  return {
    closedDays: closed.length,
    rolledUp: closed.filter((d) => !missing.includes(d)),
    missing,
    live: days.filter((d) => d >= today),
  };
}

export function operatorAnalytics(slices: DaySlice[], card: RateCard, today: string) {
  const total = totalOf(slices);
  const failures = Object.entries(total.errorCodes)
    .map(([code, n]) => {
      const d = describeErrorCode(code);
      return { code, title: d.title, meaning: d.meaning, fix: d.fix, kind: d.kind, count: n };
    })
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  const pricing = Object.entries(total.byPricing)
    .map(([key, n]) => {
      const [category, type] = key.includes('/') ? key.split('/') : [key, undefined];
      return { key, category: category!, type: type ?? null, count: n };
    })
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const c = total.conversations;
  return {
    latency: { delivery: latencyOf(total.deliveryLatencyMs), read: latencyOf(total.readLatencyMs) },
    failures,
    breakdowns: { template: statusRows(total.byTemplate), category: statusRows(total.byCategory), pricing },
    cost: {
      partial: true as const,
      chargeableDelivered: Object.values(c.charged).reduce((a, b) => a + b, 0),
      estimatedCost: estimateCost(c.charged, card),
      note: 'Estimated from stored messages and the local rate card, as get_conversation_analytics (partial): Meta Business Manager holds the billed figures.',
    },
    rollups: rollupStatus(slices, today),
  };
}
