import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EumSnsMessageSchema, SnsNotificationSchema } from '../../../events/inbound/eum-sns.js';
import { MetaEntrySchema, MetaWebhookSchema } from '../../../events/inbound/meta-webhook.js';
import { RazorpayWebhookSchema } from '../../../events/inbound/razorpay-webhook.js';
import { SocialMessagingEventSchema } from '../../../events/inbound/social-messaging-event.js';
import { DomainEventSchemas } from '../../../events/index.js';
import { InvalidPayloadError, normalizeEumSnsMessage, normalizeSocialMessagingEvent, unwrapSnsHttpBody } from '../../../functions/domain/ingest/normalize-eum.js';
import { normalizeMetaEntry } from '../../../functions/domain/ingest/normalize-meta.js';
import { normalizeRazorpayWebhook } from '../../../functions/domain/ingest/normalize-razorpay.js';
import { applyMutation, assertProperty, mutationArb, rawGarbageArb, type Json } from './kit/mutate.js';
import { inboundEntry, razorpayLinkBody, statusEntry, templateStatusEntry } from './kit/storm-kit.js';

/**
 * Fuzzing of the inbound parsers with fast-check: valid documents (documented shapes, see
 * kit/storm-kit.ts) mutated at one random place, plus raw garbage. A parser may return events,
 * ignore or reject parts, or throw InvalidPayloadError — never anything else; and every event it
 * returns must satisfy its own domain schema (nothing invalid goes on the bus).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const ids = { metaWabaId: '102290129340398', metaPhoneNumberId: '106540352242922' };
const now = '2026-11-24T10:00:00.000Z';

const entries: Record<string, Json> = {
  inbound: inboundEntry(ids, '919810000001', 'wamid.FUZZ1', 'hello', 1764000000) as Json,
  status: statusEntry(ids, '919810000001', 'wamid.FUZZ2', 'read', 1764000000) as Json,
  failed: statusEntry(ids, '919810000001', 'wamid.FUZZ3', 'failed', 1764000000) as Json,
  template: templateStatusEntry(ids, '1234567890', 'order_ready', 'REJECTED', 1764000000, 'INVALID_FORMAT') as Json,
};
const eumMessage = (entry: Json): Json => ({
  context: { MetaWabaIds: [{ wabaId: ids.metaWabaId }], MetaPhoneNumberIds: [{ metaPhoneNumberId: ids.metaPhoneNumberId }] },
  aws_account_id: '000000000000',
  message_timestamp: now,
  whatsAppWebhookEntry: JSON.stringify(entry),
});
const razorpay = JSON.parse(razorpayLinkBody({ id: 'plink_FUZZ', amount: 1000 }, 'paid', 1000, 'pay_FUZZ', 1764000000)) as Json;
const socialEvent: Json = {
  version: '0', id: 'e-1', 'detail-type': 'WhatsApp Message Status', source: 'aws.social-messaging', time: now, region: 'us-east-1',
  detail: { wabaId: 'waba-1', originationPhoneNumberId: 'phone-number-id-1', messageId: 'msg-1', status: 'delivered', eventTimestamp: '1764000000' },
};

const tally = { cases: 0, failures: 0 };

/** Runs `parse`; an exception other than InvalidPayloadError, or an event that fails its schema, is a failure. */
function check(parse: () => { events: { 'detail-type'?: string; detailType?: string; detail?: unknown }[] } | unknown): void {
  tally.cases++;
  let result: unknown;
  try {
    result = parse();
  } catch (err) {
    if (err instanceof InvalidPayloadError) return;
    tally.failures++;
    throw err;
  }
  const events = (result as { events?: unknown[] } | undefined)?.events ?? [];
  for (const e of events as Record<string, unknown>[]) {
    const type = (e['detail-type'] ?? e.detailType ?? e.DetailType) as keyof typeof DomainEventSchemas;
    const detail = e.detail ?? (typeof e.Detail === 'string' ? JSON.parse(e.Detail) : undefined);
    const schema = DomainEventSchemas[type];
    if (schema && !schema.safeParse(detail).success) {
      tally.failures++;
      throw new Error(`event ${String(type)} fails its own schema: ${JSON.stringify(detail).slice(0, 300)}`);
    }
  }
}

describe('fuzzing the inbound parsers', { timeout: 120_000 }, () => {
  for (const [name, entry] of Object.entries(entries)) {
    it(`EUM SNS message with a mutated ${name} entry`, () => {
      assertProperty(fc.property(mutationArb(entry), (m) => check(() => normalizeEumSnsMessage(JSON.stringify(eumMessage(applyMutation(entry, m) as Json)), now))), { numRuns: RUNS });
    });
    it(`Meta entry (${name}) mutated, straight into normalizeMetaEntry after its schema`, () => {
      assertProperty(
        fc.property(mutationArb(entry), (m) =>
          check(() => {
            const parsed = MetaEntrySchema.safeParse(applyMutation(entry, m));
            return parsed.success ? normalizeMetaEntry(parsed.data, { receivedAt: now }) : undefined;
          }),
        ),
        { numRuns: RUNS },
      );
    });
  }

  it('EUM SNS envelope mutated (context, timestamps, the entry string itself)', () => {
    const doc = eumMessage(entries.inbound!);
    assertProperty(fc.property(mutationArb(doc), (m) => check(() => normalizeEumSnsMessage(JSON.stringify(applyMutation(doc, m)), now))), { numRuns: RUNS });
  });

  it('raw garbage as the SNS HTTP body and as the EUM message', () => {
    assertProperty(
      fc.property(rawGarbageArb, (raw) => {
        check(() => unwrapSnsHttpBody(raw));
        check(() => normalizeEumSnsMessage(raw, now));
      }),
      { numRuns: RUNS },
    );
  });

  it('Razorpay webhook mutated', () => {
    assertProperty(fc.property(mutationArb(razorpay), (m) => check(() => normalizeRazorpayWebhook(applyMutation(razorpay, m), now))), { numRuns: RUNS });
  });

  it('aws.social-messaging event mutated', () => {
    assertProperty(fc.property(mutationArb(socialEvent), (m) => check(() => normalizeSocialMessagingEvent(applyMutation(socialEvent, m), now))), { numRuns: RUNS });
  });

  it('the inbound schemas never throw (safeParse) on anything', () => {
    const schemas = [EumSnsMessageSchema, SnsNotificationSchema, MetaEntrySchema, MetaWebhookSchema, RazorpayWebhookSchema, SocialMessagingEventSchema];
    assertProperty(
      fc.property(fc.oneof(fc.json({ maxDepth: 5 }).map((s) => JSON.parse(s) as unknown), fc.anything()), (value) => {
        for (const s of schemas) {
          tally.cases++;
          s.safeParse(value);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

afterAll(() => {
  console.log(`RELIABILITY fuzz parsers cases=${tally.cases} failures=${tally.failures}`);
  expect(tally.failures).toBe(0);
});
