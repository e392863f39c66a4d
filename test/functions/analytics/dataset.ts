import { makeEvent } from '../../../events/index.js';
import type { MessageStore } from '../../../functions/ports/message-store.js';

/**
 * A generated dataset whose answers are known by construction (shapes: the backbone's domain events
 * `message.sent` / `message.status` (Meta PMP pricing, errors[]) / `message.received`, stored through
 * the real DynamoMessageStore). One unique customer per outbound message, so replies and windows are
 * unambiguous.
 */
export const PHONE = '106540352242922';
export const DAYS = ['2026-01-10', '2026-01-11', '2026-01-12'];
export const PER_DAY = 40;

type Fate = 'read' | 'delivered' | 'sent' | 'failed';
export interface GeneratedMessage {
  key: string;
  day: string;
  waId: string;
  createdAt: number;
  fate: Fate;
  template?: { name: string; category: 'UTILITY' | 'MARKETING' };
  sentAt?: number;
  deliveredAt?: number;
  readAt?: number;
  errorCode?: number;
  /** Inbound replies from this customer (ms). */
  replies: number[];
}

const PREFIXES = ['91', '1555', '44'];

export function generate(): GeneratedMessage[] {
  const out: GeneratedMessage[] = [];
  DAYS.forEach((day, d) => {
    for (let i = 0; i < PER_DAY; i++) {
      const createdAt = Date.parse(`${day}T00:00:00.000Z`) + i * 30 * 60_000;
      const fate: Fate = (['read', 'read', 'delivered', 'sent', 'failed'] as const)[i % 5]!;
      const template = i % 4 === 3 ? undefined : i % 2 ? { name: 'promo', category: 'MARKETING' as const } : { name: 'order_update', category: 'UTILITY' as const };
      const m: GeneratedMessage = {
        key: `out_${day}_${i}`,
        day,
        waId: `${PREFIXES[i % 3]}${String(d * 100 + i).padStart(8, '0')}`,
        createdAt,
        fate,
        template,
        replies: [],
      };
      if (fate !== 'failed') m.sentAt = createdAt + (2 + (i % 7)) * 1000;
      if (fate === 'read' || fate === 'delivered') m.deliveredAt = m.sentAt! + (((i * 37) % 50) + 1) * 1000;
      if (fate === 'read') m.readAt = m.deliveredAt! + ((i * 13) % 600) * 1000;
      if (fate === 'failed') m.errorCode = i % 2 ? 131049 : 131026;
      if (fate !== 'failed' && i % 6 === 0) m.replies.push(m.sentAt! + 2 * 3600_000);
      if (fate !== 'failed' && i % 12 === 0) m.replies.push(m.sentAt! + 3 * 3600_000); // same window: not a new one
      if (fate !== 'failed' && i % 6 === 1) m.replies.push(m.sentAt! + 30 * 3600_000); // too late to count as a reply
      out.push(m);
    }
  });
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function store(messages: MessageStore, data: GeneratedMessage[]): Promise<void> {
  for (const m of data) {
    const base = { phoneNumberId: PHONE, wabaId: '102290129340398' };
    await messages.recordOutbound(
      makeEvent('message.sent', {
        ...base,
        eventId: `sent:${m.key}`,
        occurredAt: iso(m.createdAt),
        receivedAt: iso(m.createdAt),
        messageKey: m.key,
        to: m.waId,
        type: m.template ? 'template' : 'text',
        templateName: m.template?.name,
        templateCategory: m.template?.category,
        bizOpaqueCallbackData: m.key,
      }).detail as never,
    );
    const pricing = m.template
      ? { billable: true, pricingModel: 'PMP', category: m.template.category.toLowerCase(), type: 'regular' }
      : { billable: false, pricingModel: 'PMP', category: 'service', type: 'free_customer_service' };
    const status = async (s: string, at: number, extra: Record<string, unknown> = {}) =>
      messages.recordStatus(
        makeEvent('message.status', {
          ...base,
          eventId: `st:${m.key}:${s}`,
          occurredAt: iso(at),
          receivedAt: iso(at),
          messageKey: m.key,
          status: s as 'sent',
          recipient: m.waId,
          via: 'meta-webhook',
          ...extra,
        }).detail as never,
      );
    if (m.sentAt) await status('sent', m.sentAt, { pricing });
    if (m.deliveredAt) await status('delivered', m.deliveredAt);
    if (m.readAt) await status('read', m.readAt);
    if (m.errorCode) await status('failed', m.createdAt + 5000, { errors: [{ code: m.errorCode, title: 'failed' }] });
    for (const [j, at] of m.replies.entries()) {
      await messages.recordInbound(
        makeEvent('message.received', {
          ...base,
          eventId: `msg:in_${m.key}_${j}`,
          occurredAt: iso(at),
          receivedAt: iso(at),
          messageId: `in_${m.key}_${j}`,
          from: m.waId,
          type: 'text',
          text: 'hi',
        }).detail as never,
      );
    }
  }
}

/** Exact nearest-rank percentile. */
export function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}
