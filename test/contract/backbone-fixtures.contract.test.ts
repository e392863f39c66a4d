import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MetaWebhookSchema } from '../../events/inbound/meta-webhook.js';
import { DomainEventSchemas, type DomainEvent } from '../../events/index.js';
import { normalizeEumSnsMessage } from '../../functions/domain/ingest/normalize-eum.js';
import { normalizeMetaEntry, type NormalizeResult } from '../../functions/domain/ingest/normalize-meta.js';

/** The project's own Meta webhook fixtures (test/fixtures/backbone, origins in its README.md). */
const DIR = fileURLToPath(new URL('../fixtures/backbone', import.meta.url));
const RECEIVED = '2026-02-01T00:00:00.000Z';
const iso = (s: number) => new Date(s * 1000).toISOString();
const load = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown;
const PHONE = { phoneNumberId: '800000000000001', wabaId: '900000000000001' };

function normalizeWebhook(file: string): NormalizeResult {
  const webhook = MetaWebhookSchema.parse(load(file));
  const parts = webhook.entry.map((e) => normalizeMetaEntry(e, { receivedAt: RECEIVED }));
  return { events: parts.flatMap((p) => p.events), ignored: parts.flatMap((p) => p.ignored), rejected: parts.flatMap((p) => p.rejected) };
}

/** The same entry as EUM delivers it: SNS message body with the entry as a JSON string, no `time` guaranteed. */
function asEumMessage(entry: unknown, messageTimestamp = '2026-01-01T10:00:00.123456789Z'): string {
  return JSON.stringify({
    context: { MetaWabaIds: [{ wabaId: PHONE.wabaId }], MetaPhoneNumberIds: [{ metaPhoneNumberId: PHONE.phoneNumberId }] },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: '123456789012',
    message_timestamp: messageTimestamp,
  });
}

type Row = {
  events: { detailType: string; detail: Record<string, unknown> }[];
  ignored?: string[];
  rejected?: { path: string; reason: RegExp }[];
};

const table: Record<string, Row> = {
  'nfm-reply-flow-completion.webhook.json': {
    events: [
      {
        detailType: 'message.received',
        detail: { eventId: 'msg:wamid.BACKBONE.FLOWREPLY.1', type: 'interactive', from: '15550001111', contextMessageId: 'wamid.BACKBONE.FLOWSEND.1', ...PHONE },
      },
      {
        detailType: 'flow.completed',
        detail: {
          eventId: 'flow:wamid.BACKBONE.FLOWREPLY.1',
          messageId: 'wamid.BACKBONE.FLOWREPLY.1',
          from: '15550001111',
          flowToken: 'flowtok_backbone_1',
          // response_json arrives as a string and is published parsed, types kept
          response: { flow_token: 'flowtok_backbone_1', appointment_date: '2026-01-05', party_size: 4, opt_in: true },
          occurredAt: iso(1767225600),
        },
      },
    ],
  },
  'status-read-pmp-only-on-read.webhook.json': {
    events: [
      {
        detailType: 'message.status',
        detail: {
          eventId: 'status:wamid.BACKBONE.OUT.READ.1:read',
          messageKey: 'out_backbone_read_1', // our callback id, so it lands on the outbound item
          wamid: 'wamid.BACKBONE.OUT.READ.1',
          bizOpaqueCallbackData: 'out_backbone_read_1',
          status: 'read',
          pricing: { billable: true, pricingModel: 'PMP', category: 'utility', type: 'regular' },
          conversationCategory: undefined,
          occurredAt: iso(1767225900),
        },
      },
    ],
  },
  'template-rejected.webhook.json': {
    events: [
      {
        detailType: 'template.status_changed',
        detail: {
          eventId: 'tpl:7000000000000001:REJECTED:1767229200',
          templateId: '7000000000000001',
          templateName: 'backbone_promo',
          status: 'REJECTED',
          reason: 'INVALID_FORMAT',
          category: 'MARKETING',
          occurredAt: iso(1767229200),
        },
      },
    ],
  },
  'template-paused.webhook.json': {
    events: [
      {
        detailType: 'template.status_changed',
        detail: {
          templateId: '7000000000000002',
          status: 'PAUSED',
          // reason is null; why it paused is in other_info
          reason: 'FIRST_PAUSE: Your message template has been paused for 3 hours because of low quality.',
          occurredAt: iso(1767232800),
        },
      },
    ],
  },
  'template-quality-update.webhook.json': {
    events: [
      {
        detailType: 'template.quality_changed',
        detail: {
          eventId: 'tplq:7000000000000002:YELLOW:1767236400',
          templateId: '7000000000000002',
          templateName: 'backbone_reminder',
          previousRating: 'GREEN',
          rating: 'YELLOW',
          occurredAt: iso(1767236400),
        },
      },
    ],
  },
  'template-category-update.webhook.json': {
    events: [
      {
        detailType: 'template.category_changed',
        detail: {
          eventId: 'tplcat:7000000000000003:changed:UTILITY:MARKETING:1767240000',
          templateId: '7000000000000003',
          category: 'MARKETING',
          previousCategory: 'UTILITY',
          impending: false,
          occurredAt: iso(1767240000),
        },
      },
      {
        detailType: 'template.category_changed',
        detail: {
          eventId: 'tplcat:7000000000000004:impending:MARKETING:UTILITY:1767240000',
          templateId: '7000000000000004',
          category: 'UTILITY',
          correctCategory: 'MARKETING',
          effectiveAt: iso(1767830400),
          impending: true,
        },
      },
    ],
  },
  'phone-quality-downgrade.webhook.json': {
    events: [
      {
        detailType: 'phone.quality_changed',
        detail: { event: 'DOWNGRADE', currentLimit: 'TIER_1K', previousLimit: 'TIER_10K', displayPhoneNumber: '15550000100', wabaId: PHONE.wabaId, occurredAt: iso(1767240000) },
      },
    ],
  },
  'account-update-violation.webhook.json': {
    events: [
      {
        detailType: 'account.updated',
        detail: {
          eventId: 'acct:900000000000001:ACCOUNT_VIOLATION:1767243600',
          event: 'ACCOUNT_VIOLATION',
          info: { phone_number: '15550000100', violation_info: { violation_type: 'SCAM' } },
        },
      },
    ],
  },
  'status-recipient-user-id-only.webhook.json': {
    events: [
      {
        detailType: 'message.status',
        detail: { eventId: 'status:wamid.BACKBONE.OUT.USERID.1:delivered', messageKey: 'wamid.BACKBONE.OUT.USERID.1', status: 'delivered', recipient: 'US.0000000000000000001' },
      },
    ],
  },
  'inbound-user-id-only.webhook.json': {
    events: [
      {
        detailType: 'message.received',
        detail: {
          eventId: 'msg:wamid.BACKBONE.IN.USERID.1',
          from: 'US.0000000000000000001',
          fromUserId: 'US.0000000000000000001',
          profileName: 'Hidden Number',
          text: 'Reply to my username, please',
        },
      },
    ],
  },
  'unknown-change-fields.webhook.json': {
    events: [],
    ignored: ['business_capability_update', 'some_future_field'],
  },
  'mixed-batch-with-invalid-status.webhook.json': {
    events: [
      { detailType: 'message.received', detail: { eventId: 'msg:wamid.BACKBONE.IN.TEXT.1', from: '15550001111', profileName: 'First Customer', text: 'Is my order on its way?' } },
      {
        detailType: 'message.received',
        detail: { eventId: 'msg:wamid.BACKBONE.IN.BUTTON.1', from: '15550002222', profileName: 'Second Customer', replyId: 'STOP_PROMOS', text: 'Stop promotions' },
      },
      { detailType: 'message.status', detail: { eventId: 'status:wamid.BACKBONE.OUT.A:sent', messageKey: 'out_backbone_a' } },
      { detailType: 'message.status', detail: { eventId: 'status:wamid.BACKBONE.OUT.B:delivered', messageKey: 'wamid.BACKBONE.OUT.B' } },
    ],
    rejected: [{ path: 'changes[0].value.statuses[1]', reason: /^id: .*expected string/ }],
  },
};

describe('backbone fixtures (test/fixtures/backbone)', () => {
  it('every fixture file is in the table', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(Object.keys(table).sort());
  });

  it.each(Object.entries(table))('%s', (file, row) => {
    const result = normalizeWebhook(file);
    expect(result.events.map((e) => e.detailType)).toEqual(row.events.map((e) => e.detailType));
    result.events.forEach((e, i) => {
      expect(e.detail).toMatchObject(row.events[i]!.detail);
      expect(() => DomainEventSchemas[e.detailType].parse(e.detail)).not.toThrow();
    });
    expect(result.ignored.map((i) => i.field)).toEqual(row.ignored ?? []);
    expect(result.rejected).toHaveLength(row.rejected?.length ?? 0);
    row.rejected?.forEach((r, i) => {
      expect(result.rejected[i]!.path).toBe(r.path);
      expect(result.rejected[i]!.reason).toMatch(r.reason);
    });
  });

  it.each(Object.keys(table))('%s yields the same events through the EUM SNS envelope', (file) => {
    const webhook = MetaWebhookSchema.parse(load(file));
    const direct = normalizeWebhook(file);
    const viaEum = webhook.entry.map((entry) => normalizeEumSnsMessage(asEumMessage(entry), RECEIVED)).flatMap((r) => r.events);
    expect(viaEum.map((e) => e.detailType)).toEqual(direct.events.map((e) => e.detailType));
    viaEum.forEach((e, i) => {
      if (e.detailType === 'phone.quality_changed') {
        // Meta's change names no phone number id; EUM's context does, and then it keys the event.
        expect(e.detail).toMatchObject({ ...direct.events[i]!.detail, phoneNumberId: PHONE.phoneNumberId, eventId: expect.stringMatching(/^phq:800000000000001:/) });
      } else {
        expect(e).toEqual(direct.events[i]);
      }
    });
  });
});

describe('entries without `time` (EUM does not promise it)', () => {
  const pausedEntry = (title: string) => {
    const entry = structuredClone((load('template-paused.webhook.json') as { entry: Record<string, unknown>[] }).entry[0]!);
    delete entry.time;
    (entry.changes as { value: { other_info: { title: string } } }[])[0]!.value.other_info.title = title;
    return entry;
  };

  it('two different pauses of one template are two events, and a redelivery of one is the same event', () => {
    // Prepare: FIRST_PAUSE and, hours later, SECOND_PAUSE; both without entry.time, reason null
    const first = asEumMessage(pausedEntry('FIRST_PAUSE'), '2026-01-01T10:00:00.000Z');
    const second = asEumMessage(pausedEntry('SECOND_PAUSE'), '2026-01-01T16:00:00.000Z');
    // Act
    const [a, b, aAgain] = [first, second, first].map((m, i) => normalizeEumSnsMessage(m, `2026-02-0${i + 1}T00:00:00.000Z`).events[0]) as DomainEvent[];
    if (!a || !b || !aAgain) throw new Error('each delivery yields one event');
    // Assess
    expect(a.detail.eventId).not.toBe(b.detail.eventId);
    expect(aAgain.detail.eventId).toBe(a.detail.eventId);
    expect(a.detail.occurredAt).toBe('2026-01-01T10:00:00.000Z');
  });
});
