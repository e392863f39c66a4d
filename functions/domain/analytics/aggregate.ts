import type { StoredMessage } from '../../ports/message-store.js';
import { merge as mergeHistogram, record, type Histogram } from './histogram.js';

/**
 * One phone number's UTC day of messages, aggregated into sums and mergeable histograms only, so
 * days (and phone numbers) combine by addition: a range's answer is the same whether each day comes
 * from a stored rollup or from live aggregation of the raw items.
 */
export interface CoreCounts {
  /** Outbound messages (ours), whatever their status. */
  outbound: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  inbound: number;
  /** Sent messages the same customer answered within 24 hours. */
  replied: number;
}
export type StatusCounts = Pick<CoreCounts, 'outbound' | 'sent' | 'delivered' | 'read' | 'failed'>;

export interface ConversationCounts {
  /** Customer-service windows opened: an inbound message with no inbound from that customer in the 24 h before. */
  windowsOpened: number;
  /** Template messages sent while no window was open (business-initiated). */
  businessInitiated: number;
  outboundInWindow: number;
  outboundOutsideWindow: number;
  /** Outbound by billing category (pricing.category, else the template's category, else `service`). */
  byCategory: Record<string, number>;
  /** Delivered, chargeable messages by `category|<first 3 digits of the recipient>` (priced later from the rate card). */
  charged: Record<string, number>;
}

export interface DayAggregate {
  version: 1;
  counts: CoreCounts;
  /** Core counts per UTC hour (index 0–23), for hourly granularity. */
  hours: CoreCounts[];
  errorCodes: Record<string, number>;
  /** deliveredAt − sentAt and readAt − sentAt, in milliseconds. */
  deliveryLatencyMs: Histogram;
  readLatencyMs: Histogram;
  byTemplate: Record<string, StatusCounts>;
  /** By the template's category (MARKETING/UTILITY/AUTHENTICATION) or `non_template`. */
  byCategory: Record<string, StatusCounts>;
  /** By Meta's per-message pricing: `category/type` (e.g. `marketing/regular`, `utility/free_customer_service`), or `unpriced`. */
  byPricing: Record<string, number>;
  conversations: ConversationCounts;
}

const DAY_MS = 24 * 3600 * 1000;

export const zeroCounts = (): CoreCounts => ({ outbound: 0, sent: 0, delivered: 0, read: 0, failed: 0, inbound: 0, replied: 0 });
const zeroStatus = (): StatusCounts => ({ outbound: 0, sent: 0, delivered: 0, read: 0, failed: 0 });

export function emptyAggregate(): DayAggregate {
  return {
    version: 1,
    counts: zeroCounts(),
    hours: Array.from({ length: 24 }, zeroCounts),
    errorCodes: {},
    deliveryLatencyMs: {},
    readLatencyMs: {},
    byTemplate: {},
    byCategory: {},
    byPricing: {},
    conversations: { windowsOpened: 0, businessInitiated: 0, outboundInWindow: 0, outboundOutsideWindow: 0, byCategory: {}, charged: {} },
  };
}

const add = (m: Record<string, number>, k: string, n = 1) => void (m[k] = (m[k] ?? 0) + n);
function addCounts<T extends object>(into: T, other: T): T {
  for (const [k, v] of Object.entries(other)) (into as Record<string, number>)[k] = ((into as Record<string, number>)[k] ?? 0) + (v as number);
  return into;
}
function mergeNested(into: Record<string, StatusCounts>, other: Record<string, StatusCounts>) {
  for (const [k, v] of Object.entries(other)) into[k] = addCounts(into[k] ?? zeroStatus(), v);
}

/** Adds `other` into `into` (associative and commutative). */
export function mergeAggregates(into: DayAggregate, other: DayAggregate): DayAggregate {
  addCounts(into.counts, other.counts);
  other.hours.forEach((h, i) => addCounts(into.hours[i]!, h));
  addCounts(into.errorCodes, other.errorCodes);
  mergeHistogram(into.deliveryLatencyMs, other.deliveryLatencyMs);
  mergeHistogram(into.readLatencyMs, other.readLatencyMs);
  mergeNested(into.byTemplate, other.byTemplate);
  mergeNested(into.byCategory, other.byCategory);
  addCounts(into.byPricing, other.byPricing);
  const c = into.conversations;
  const o = other.conversations;
  c.windowsOpened += o.windowsOpened;
  c.businessInitiated += o.businessInitiated;
  c.outboundInWindow += o.outboundInWindow;
  c.outboundOutsideWindow += o.outboundOutsideWindow;
  addCounts(c.byCategory, o.byCategory);
  addCounts(c.charged, o.charged);
  return into;
}

export interface DayInput {
  /** YYYY-MM-DD (UTC): only messages created that day are counted. */
  day: string;
  messages: StoredMessage[];
  /** Messages of the day before (window state at 00:00) and the day after (24-hour replies). */
  previousDay: StoredMessage[];
  nextDay: StoredMessage[];
}

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);
const isOutbound = (m: StoredMessage) => m.direction !== 'inbound'; // `unknown` = a status seen first: statuses are only ours
const STATUS_REACHED: Record<string, number> = { sent: 1, delivered: 2, read: 3 };

/** Aggregates one phone number's UTC day. A day without messages yields zeroes. */
export function aggregateDay(input: DayInput): DayAggregate {
  const agg = emptyAggregate();
  const inboundByCustomer = new Map<string, number[]>();
  for (const m of [...input.previousDay, ...input.messages, ...input.nextDay]) {
    if (m.direction !== 'inbound' || !m.waId) continue;
    const list = inboundByCustomer.get(m.waId) ?? [];
    list.push(ms(m.createdAt));
    inboundByCustomer.set(m.waId, list);
  }
  for (const list of inboundByCustomer.values()) list.sort((a, b) => a - b);
  const anyInbound = (waId: string | undefined, fromExclusive: number, toInclusive: number) =>
    !!waId && (inboundByCustomer.get(waId) ?? []).some((t) => t > fromExclusive && t <= toInclusive);

  for (const m of input.messages) {
    if (m.createdAt.slice(0, 10) !== input.day) continue;
    const created = ms(m.createdAt);
    const hour = agg.hours[new Date(created).getUTCHours()]!;
    if (!isOutbound(m)) {
      agg.counts.inbound += 1;
      hour.inbound += 1;
      if (!anyInbound(m.waId, created - DAY_MS - 1, created - 1)) agg.conversations.windowsOpened += 1;
      continue;
    }
    const reached = Math.max(STATUS_REACHED[m.status ?? ''] ?? 0, m.readAt ? 3 : m.deliveredAt ? 2 : m.sentAt ? 1 : 0);
    const failed = m.status === 'failed' || !!m.failedAt;
    const s = { outbound: 1, sent: reached >= 1 ? 1 : 0, delivered: reached >= 2 ? 1 : 0, read: reached >= 3 ? 1 : 0, failed: failed ? 1 : 0 };
    const base = ms(m.sentAt ?? m.createdAt);
    const replied = s.sent && anyInbound(m.waId, base, base + DAY_MS) ? 1 : 0;
    for (const target of [agg.counts, hour]) {
      addCounts(target, s as CoreCounts);
      target.replied += replied;
    }
    if (failed) {
      const codes = m.errorCodes?.length ? m.errorCodes : ['unknown'];
      for (const code of codes) add(agg.errorCodes, String(code));
    }
    if (m.sentAt && m.deliveredAt) record(agg.deliveryLatencyMs, ms(m.deliveredAt) - ms(m.sentAt));
    if (m.sentAt && m.readAt) record(agg.readLatencyMs, ms(m.readAt) - ms(m.sentAt));
    if (m.templateName) agg.byTemplate[m.templateName] = addCounts(agg.byTemplate[m.templateName] ?? zeroStatus(), s);
    const templateCategory = m.templateName ? (m.templateCategory ?? 'UNKNOWN').toUpperCase() : 'non_template';
    agg.byCategory[templateCategory] = addCounts(agg.byCategory[templateCategory] ?? zeroStatus(), s);
    add(agg.byPricing, m.pricing?.category ? `${m.pricing.category}/${m.pricing.type ?? m.pricing.pricingModel ?? 'unknown'}` : 'unpriced');

    // Conversation reconstruction: was a customer-service window open when we sent it?
    const inWindow = anyInbound(m.waId, created - DAY_MS, created);
    const conv = agg.conversations;
    if (inWindow) conv.outboundInWindow += 1;
    else conv.outboundOutsideWindow += 1;
    const billing = billingOf(m, inWindow);
    // Business-initiated: a template (or a message Meta priced as non-service) sent with no window open.
    if (!inWindow && (m.templateName || (m.pricing?.category && billing.category !== 'service'))) conv.businessInitiated += 1;
    add(conv.byCategory, billing.category);
    if (billing.chargeable && s.delivered) add(conv.charged, `${billing.category}|${(m.waId ?? '').slice(0, 3)}`);
  }
  return agg;
}

/**
 * Billing category and chargeability of one outbound message. Meta's `pricing` (PMP since July 2025)
 * decides when present (`type: regular` is charged; `free_customer_service` / `free_entry_point` are not);
 * otherwise estimated: non-template messages are free service messages, utility templates inside an
 * open window are free, other templates are charged at their category.
 */
export function billingOf(m: StoredMessage, inWindow: boolean): { category: string; chargeable: boolean } {
  if (m.pricing?.category) {
    const chargeable = m.pricing.type ? m.pricing.type === 'regular' : m.pricing.billable !== false;
    return { category: m.pricing.category.toLowerCase(), chargeable };
  }
  if (!m.templateName) return { category: 'service', chargeable: false };
  const category = (m.templateCategory ?? 'marketing').toLowerCase();
  return { category, chargeable: !(category === 'utility' && inWindow) };
}
