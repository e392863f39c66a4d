import { beforeAll, describe, expect, it } from 'vitest';
import { rules, AWS_SOCIAL_MESSAGING_SOURCE } from '../../../events/index.js';
import { FORWARDED_SOCIAL_MESSAGING_DETAIL_TYPES, SOCIAL_MESSAGING_HANDLING, SocialMessagingDetailType } from '../../../events/inbound/social-messaging-event.js';
import { matchesPattern } from '../../../events/pattern-matcher.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { ingestSocialMessagingEvent } from '../../../functions/ingest/eum-ingest.js';
import { recordMessageEvent } from '../../../functions/ingest/record-message.js';
import { CollectingPublisher, MemoryDedupe } from '../../support/fakes.js';
import { testTable } from '../../support/test-table.js';

/**
 * Every documented `aws.social-messaging` detail-type (issue 19, issue 15 finding 7).
 * The events are written from the documented shape of "WhatsApp Message Delivered" (EUM Social
 * user guide, monitor-event-bridge): the same envelope and detail fields for every status event.
 * Inferred, not published: the `status` values of Undeliverable / Handover events and where a
 * handover failure states its reason (`errors[]` like Failed, or `failureReason`).
 */
function eumEvent(detailType: string, detail: Record<string, unknown>) {
  return {
    version: '0',
    id: `evt-${detailType.replace(/\W+/g, '-')}`,
    'detail-type': detailType,
    source: AWS_SOCIAL_MESSAGING_SOURCE,
    account: '111122223333',
    time: '2026-01-01T00:00:05Z',
    region: 'us-east-1',
    resources: [],
    detail: { wabaId: '900000000000001', originationPhoneNumber: '15550001111', originationPhoneNumberId: '800000000000001', eventTimestamp: '1767225605', ...detail },
  };
}
const wire = () => ({ publisher: new CollectingPublisher(), dedupe: new MemoryDedupe() });
const defaultBusRules = rules.filter((r) => r.bus === 'default');

describe('every documented aws.social-messaging detail-type', () => {
  it('has one handling each, and the default-bus rule takes exactly those that record something', () => {
    expect(Object.keys(SOCIAL_MESSAGING_HANDLING).sort()).toEqual(Object.values(SocialMessagingDetailType).sort());
    for (const detailType of Object.values(SocialMessagingDetailType)) {
      const routed = defaultBusRules.filter((r) => matchesPattern(r.pattern, eumEvent(detailType, { messageId: 'm-1' })));
      expect(routed.length, detailType).toBe(SOCIAL_MESSAGING_HANDLING[detailType].kind === 'status' ? 1 : 0);
    }
    expect(FORWARDED_SOCIAL_MESSAGING_DETAIL_TYPES).toContain(SocialMessagingDetailType.HandoverFailed);
    expect(FORWARDED_SOCIAL_MESSAGING_DETAIL_TYPES).toContain(SocialMessagingDetailType.Undeliverable);
  });

  it.each([
    [SocialMessagingDetailType.Sent, 'sent'],
    [SocialMessagingDetailType.Delivered, 'delivered'],
    [SocialMessagingDetailType.Read, 'read'],
    [SocialMessagingDetailType.Failed, 'failed'],
    [SocialMessagingDetailType.Undeliverable, 'failed'],
    [SocialMessagingDetailType.HandoverFailed, 'failed'],
  ])("%s becomes a %s message.status keyed by EUM's id", async (detailType, status) => {
    const deps = wire();
    const report = await ingestSocialMessagingEvent(eumEvent(detailType, { messageId: 'eum-1', status: 'whatever' }), deps);
    expect(report.invalid).toBeUndefined();
    expect(deps.dedupe.rejected).toEqual([]);
    expect(deps.publisher.events).toEqual([
      expect.objectContaining({
        detailType: 'message.status',
        detail: expect.objectContaining({ status, messageKey: 'eum:eum-1', eumMessageId: 'eum-1', via: 'eum-eventbridge' }),
      }),
    ]);
  });

  it("Handover Failed and Undeliverable carry their reason; the provider's own words are kept beside it", async () => {
    const deps = wire();
    await ingestSocialMessagingEvent(eumEvent(SocialMessagingDetailType.HandoverFailed, { messageId: 'eum-h', errors: [{ code: '131000', title: 'Something went wrong' }] }), deps);
    await ingestSocialMessagingEvent(eumEvent(SocialMessagingDetailType.Undeliverable, { messageId: 'eum-u' }), deps);
    const [handover, undeliverable] = deps.publisher.events.map((e) => e.detail as Record<string, unknown>);
    expect(handover).toMatchObject({ eventId: 'eumstatus:eum-h:handover_failed', errors: [{ code: 131000, title: 'Something went wrong' }] });
    expect(handover!.reason).toMatch(/^handover failed: .* — Something went wrong$/);
    expect(undeliverable).toMatchObject({ eventId: 'eumstatus:eum-u:undeliverable' });
    expect(undeliverable!.reason).toMatch(/^undeliverable: /);
  });

  it.each([
    SocialMessagingDetailType.Received,
    SocialMessagingDetailType.UnknownNotificationReceived,
    SocialMessagingDetailType.HandoverSucceeded,
    'WhatsApp Call Handover Succeeded',
  ])('%s is ignored with a reason, never kept as a rejected payload (finding 7)', async (detailType) => {
    const deps = wire();
    // Received has no messageId nor status: once a rejected payload per inbound message.
    const report = await ingestSocialMessagingEvent(eumEvent(detailType, {}), deps);
    expect(report.invalid).toBeUndefined();
    expect(deps.dedupe.rejected).toEqual([]);
    expect(deps.publisher.events).toEqual([]);
    expect(report.ignored).toEqual([{ field: detailType, reason: expect.stringMatching(/^\w+( \S+){4,}/) }]);
  });

  it('a status event without its messageId is still a bad payload, kept with the field named', async () => {
    const deps = wire();
    const report = await ingestSocialMessagingEvent(eumEvent(SocialMessagingDetailType.HandoverFailed, {}), deps);
    expect(report.invalid).toContain('detail.messageId');
    expect(deps.dedupe.rejected).toHaveLength(1);
  });
});

describe('a handover failure recorded on the message we sent', () => {
  const table = testTable();
  let store: DynamoMessageStore;
  beforeAll(() => {
    store = new DynamoMessageStore(table.db, table.tableName);
  });

  it('marks it failed with the reason, on our key, whichever arrives first', async () => {
    const deps = wire();
    await ingestSocialMessagingEvent(eumEvent(SocialMessagingDetailType.HandoverFailed, { messageId: 'eum-hf-1', failureReason: 'throttled by Meta' }), deps);
    const sent = {
      eventId: 'sent:out_hf_1',
      occurredAt: '2026-01-01T00:00:04.000Z',
      receivedAt: '2026-01-01T00:00:04.000Z',
      phoneNumberId: '800000000000001',
      messageKey: 'out_hf_1',
      eumMessageId: 'eum-hf-1',
      to: '15550002222',
      type: 'text',
      bizOpaqueCallbackData: 'out_hf_1',
    };
    // The status arrives before the send is recorded, then again after it (redelivery).
    for (const e of deps.publisher.events) await recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, store);
    await store.recordOutbound(sent);
    for (const e of deps.publisher.events) await recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, store);
    const message = await store.getMessage('out_hf_1');
    expect(message).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('throttled by Meta') });
    expect(await store.getStatusHistory('out_hf_1')).toEqual([expect.objectContaining({ status: 'failed' })]);
  });
});
