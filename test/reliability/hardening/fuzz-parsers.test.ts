import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetaEntrySchema } from '../../../events/inbound/meta-webhook.js';
import { DomainEventSchemas } from '../../../events/index.js';
import { InvalidPayloadError, normalizeEumSnsMessage, normalizeSocialMessagingEvent, unwrapSnsHttpBody } from '../../../functions/domain/ingest/normalize-eum.js';
import { normalizeMetaEntry, type NormalizeResult } from '../../../functions/domain/ingest/normalize-meta.js';
import { normalizeRazorpayWebhook } from '../../../functions/domain/ingest/normalize-razorpay.js';
import { applyMutation, assertProperty, mutationArb, pathsOf, rawGarbageArb, type Json } from './kit/mutate.js';
import { inboundEntry, razorpayLinkBody, statusEntry, templateStatusEntry } from './kit/storm-kit.js';

/**
 * Fuzzing of the inbound parsers with fast-check: valid documents (documented shapes, see
 * kit/storm-kit.ts) mutated at one random place, plus raw garbage. A parser may return events,
 * ignore or reject parts, or throw InvalidPayloadError — never anything else; and every event it
 * returns must satisfy its own domain schema (nothing invalid goes on the bus). And the other way
 * round: changes a provider may legitimately make (fields we do not know added anywhere, any text
 * in free-text fields) are accepted, with the same events — a parser that rejected every valid
 * webhook would pass the first property, not this one.
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
  version: '0',
  id: 'e-1',
  'detail-type': 'WhatsApp Message Delivered',
  source: 'aws.social-messaging',
  time: now,
  region: 'us-east-1',
  detail: { wabaId: 'waba-1', originationPhoneNumberId: 'phone-number-id-1', messageId: 'msg-1', status: 'delivered', eventTimestamp: '1764000000' },
};

/** Runs `parse`; an exception other than InvalidPayloadError, or an event that fails its schema, is a failure. */
function check(parse: () => { events: { 'detail-type'?: string; detailType?: string; detail?: unknown }[] } | unknown): void {
  let result: unknown;
  try {
    result = parse();
  } catch (err) {
    if (err instanceof InvalidPayloadError) return;
    throw err;
  }
  const events = (result as { events?: unknown[] } | undefined)?.events ?? [];
  for (const e of events as Record<string, unknown>[]) {
    const type = (e['detail-type'] ?? e.detailType ?? e.DetailType) as keyof typeof DomainEventSchemas;
    const detail = e.detail ?? (typeof e.Detail === 'string' ? JSON.parse(e.Detail) : undefined);
    const schema = DomainEventSchemas[type];
    if (schema && !schema.safeParse(detail).success) throw new Error(`event ${String(type)} fails its own schema: ${JSON.stringify(detail).slice(0, 300)}`);
  }
}

/** A field no provider documents (the `x_fuzz_` prefix keeps it clear of every real name), with any JSON value. */
function unknownFieldArb(doc: Json): fc.Arbitrary<{ path: (string | number)[]; key: string; value: Json }> {
  const objectPaths = pathsOf(doc).filter((p) => {
    let v: unknown = doc;
    for (const k of p) v = (v as Record<string | number, unknown>)[k];
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  return fc.record({
    path: fc.constantFrom(...objectPaths),
    key: fc.string({ minLength: 1, maxLength: 12 }).map((k) => `x_fuzz_${k}`),
    value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  });
}
function withUnknownField(doc: Json, { path, key, value }: { path: (string | number)[]; key: string; value: Json }): Json {
  const copy = structuredClone(doc);
  let target: unknown = copy;
  for (const k of path) target = (target as Record<string | number, unknown>)[k];
  (target as Record<string, Json>)[key] = value;
  return copy;
}
/** What a parse produced, to compare with the unchanged document's: the events and nothing rejected. */
const outcome = (r: NormalizeResult) => ({ events: r.events.map((e) => ({ detailType: e.detailType, ...e.detail })), rejected: r.rejected });

describe('fuzzing the inbound parsers', { timeout: 120_000 }, () => {
  for (const [name, entry] of Object.entries(entries)) {
    it(`EUM SNS message with a mutated ${name} entry`, () => {
      assertProperty(
        fc.property(mutationArb(entry), (m) => check(() => normalizeEumSnsMessage(JSON.stringify(eumMessage(applyMutation(entry, m) as Json)), now))),
        { numRuns: RUNS },
      );
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
    assertProperty(
      fc.property(mutationArb(doc), (m) => check(() => normalizeEumSnsMessage(JSON.stringify(applyMutation(doc, m)), now))),
      { numRuns: RUNS },
    );
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
    assertProperty(
      fc.property(mutationArb(razorpay), (m) => check(() => normalizeRazorpayWebhook(applyMutation(razorpay, m), now))),
      { numRuns: RUNS },
    );
  });

  it('aws.social-messaging event mutated', () => {
    assertProperty(
      fc.property(mutationArb(socialEvent), (m) => check(() => normalizeSocialMessagingEvent(applyMutation(socialEvent, m), now))),
      { numRuns: RUNS },
    );
  });
});

describe('valid changes to valid webhooks are accepted, with the same events', { timeout: 120_000 }, () => {
  const accepted = (name: string, doc: Json, parse: (d: Json) => NormalizeResult) => {
    it(`${name}: an unknown field added anywhere changes nothing`, () => {
      const baseline = outcome(parse(doc));
      expect(baseline.events.length).toBeGreaterThan(0);
      expect(baseline.rejected).toEqual([]);
      assertProperty(
        fc.property(unknownFieldArb(doc), (f) => {
          expect(outcome(parse(withUnknownField(doc, f)))).toEqual(baseline);
        }),
        { numRuns: RUNS / 5 },
      );
    });
  };
  for (const [name, entry] of Object.entries(entries)) {
    accepted(`EUM SNS message with a ${name} entry`, entry, (e) => normalizeEumSnsMessage(JSON.stringify(eumMessage(e)), now));
    accepted(`Meta entry (${name})`, entry, (e) => normalizeMetaEntry(MetaEntrySchema.parse(e), { receivedAt: now }));
  }
  accepted('EUM SNS envelope', eumMessage(entries.inbound!), (d) => normalizeEumSnsMessage(JSON.stringify(d), now));
  accepted('Razorpay webhook', razorpay, (d) => normalizeRazorpayWebhook(d, now));
  accepted('aws.social-messaging event', socialEvent, (d) => normalizeSocialMessagingEvent(d, now));

  it('any text a customer types is carried as typed', () => {
    const textOf = (text: string) => {
      const entry = structuredClone(entries.inbound!) as { changes: { value: { messages: { text: { body: string } }[] } }[] };
      entry.changes[0]!.value.messages[0]!.text.body = text;
      return normalizeEumSnsMessage(JSON.stringify(eumMessage(entry as unknown as Json)), now);
    };
    assertProperty(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), (text) => {
        const { events, rejected } = textOf(text);
        expect(rejected).toEqual([]);
        expect(events.map((e) => (e.detail as { text?: string }).text)).toEqual([text]);
      }),
      { numRuns: RUNS / 5 },
    );
  });
});
