import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MetaWebhookSchema } from '../../events/inbound/meta-webhook.js';
import { eventDefinitions, rules, type DomainEvent } from '../../events/index.js';
import { matchesPattern } from '../../events/pattern-matcher.js';
import { normalizeMetaEntry } from '../../functions/domain/ingest/normalize-meta.js';
import { normalizeRazorpayWebhook } from '../../functions/domain/ingest/normalize-razorpay.js';
import { onTheBus } from '../support/bus-event.js';

/**
 * What the ingress publishes reaches the right targets: each domain event, as EventBridge puts
 * it on the custom bus, matches exactly the backbone rules it should (checked with the same
 * pattern matcher the local bus uses).
 */
const RECEIVED = '2026-02-01T00:00:00.000Z';
const BACKBONE = fileURLToPath(new URL('../fixtures/backbone', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));

const matching = (bus: 'custom' | 'default', event: unknown) => rules.filter((r) => r.bus === bus && matchesPattern(r.pattern, event)).map((r) => r.name);

function metaEvents(dir: string): DomainEvent[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const parsed = MetaWebhookSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      return parsed.success ? parsed.data.entry.flatMap((entry) => normalizeMetaEntry(entry, { receivedAt: RECEIVED }).events) : [];
    });
}

/** From the catalogue: what the Meta webhook becomes, and what record-message takes. */
const META_TYPES = new Set(eventDefinitions.filter((d) => d.from?.includes('meta-webhook')).map((d) => d.name));
const MESSAGE_TYPES = new Set(eventDefinitions.filter((d) => d.routedTo.includes('record-message')).map((d) => d.name));

describe('routing of what the ingress publishes', () => {
  const events = [...metaEvents(BACKBONE), ...(existsSync(join(SHARED, 'meta')) ? metaEvents(join(SHARED, 'meta')) : [])];

  it('covers every kind of event the catalogue says the Meta webhook becomes, and no other', () => {
    const emitted = new Set(events.map((e) => e.detailType));
    for (const t of emitted) expect(META_TYPES.has(t), `${t} is not declared from: ['meta-webhook'] in events/catalog`).toBe(true);
    // The repository's own fixtures do not carry every kind (carts, payment configuration): the shared ones do.
    if (existsSync(join(SHARED, 'meta'))) expect(emitted).toEqual(META_TYPES);
    else expect(emitted.size).toBeGreaterThanOrEqual(7);
  });

  it('message events reach record-message; nothing else does', () => {
    for (const e of events) {
      expect(matching('custom', onTheBus(e)).includes('record-message'), `${e.detailType} ${e.detail.eventId}`).toBe(MESSAGE_TYPES.has(e.detailType));
    }
  });

  it('quality changes reach quality-recording', () => {
    for (const e of events.filter((x) => x.detailType.endsWith('quality_changed'))) {
      expect(matching('custom', onTheBus(e))).toContain('quality-recording');
    }
  });

  it('payment events from Razorpay reach record-payment-event, not record-message', () => {
    const rawBody = {
      entity: 'event',
      event: 'payment_link.paid',
      contains: ['payment_link', 'payment'],
      created_at: 1767225600,
      payload: {
        payment_link: { entity: { id: 'plink_Route0001', amount: 1000, amount_paid: 1000, currency: 'INR', status: 'paid', reference_id: 'ref-1' } },
        payment: { entity: { id: 'pay_Route0001', amount: 1000, currency: 'INR', status: 'captured' } },
      },
    };
    const published = normalizeRazorpayWebhook(rawBody, RECEIVED).events;
    expect(published.map((e) => e.detailType)).toEqual(['payment.link_updated', 'payment.updated']);
    for (const e of published) {
      const names = matching('custom', onTheBus(e));
      expect(names).toContain('record-payment-event');
      expect(names).not.toContain('record-message');
    }
  });

  it('aws.social-messaging events on the default bus go to ingest-eum; our own events never match a default-bus rule', () => {
    const eum = {
      version: '0',
      id: 'y',
      'detail-type': 'WhatsApp Message Delivered',
      source: 'aws.social-messaging',
      account: '123456789012',
      time: RECEIVED,
      region: 'us-east-1',
      resources: [],
      detail: { messageId: 'm', status: 'delivered' },
    };
    expect(matching('default', eum)).toEqual(['forward-social-messaging']);
    expect(matching('custom', eum)).toEqual([]);
    for (const e of events) expect(matching('default', onTheBus(e))).toEqual([]);
  });
});
