import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ingestEumHandler } from '../../../functions/handlers/ingest-eum.js';
import type { IngestDeps } from '../../../functions/ingest/eum-ingest.js';
import { CollectingPublisher, MemoryDedupe } from '../../support/fakes.js';
import { eumMessage, metaStatus, statusEntry } from '../ingest/support.js';

function snsEvent(...messages: string[]): SNSEvent {
  return {
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:eum-social-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `msg-${i}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:eum-social-events',
        Subject: '',
        Message,
        Timestamp: '2026-01-01T00:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'sig',
        SigningCertUrl: 'https://sns.example/cert.pem',
        UnsubscribeUrl: 'https://sns.example/unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}

/** The handler over this test's adapters: each test wires fresh ones with `wire()`. */
let deps: IngestDeps;
const handler = ingestEumHandler(() => deps);
function wire() {
  const publisher = new CollectingPublisher();
  const dedupe = new MemoryDedupe();
  deps = { publisher, dedupe };
  return { publisher, dedupe };
}

const sent = eumMessage(statusEntry([metaStatus('wamid.H.1', 'sent', 1767225600)]));

describe('ingest-eum handler, SNS trigger', () => {
  it('publishes the events of every record', async () => {
    const { publisher } = wire();
    await handler(snsEvent(sent, eumMessage(statusEntry([metaStatus('wamid.H.2', 'read', 1767225601)]))));
    expect(publisher.events.map((e) => e.detail.eventId)).toEqual(['status:wamid.H.1:sent', 'status:wamid.H.2:read']);
  });

  it('does not throw for a bad payload (a retry cannot fix it): it is kept, and the good record beside it is published', async () => {
    const { publisher, dedupe } = wire();
    await expect(handler(snsEvent('{not json', sent))).resolves.toBeUndefined();
    expect(dedupe.rejected).toEqual([expect.objectContaining({ source: 'eum-sns', raw: '{not json' })]);
    expect(publisher.events.map((e) => e.detail.eventId)).toEqual(['status:wamid.H.1:sent']);
  });

  it('throws when publishing fails so SNS retries, and the retry publishes the event', async () => {
    // Prepare: the bus rejects the event once
    const { publisher } = wire();
    publisher.failNext.set('status:wamid.H.1:sent', 1);
    // Act + Assess
    await expect(handler(snsEvent(sent))).rejects.toThrow('1 events could not be published');
    expect(publisher.events).toEqual([]);
    await handler(snsEvent(sent));
    expect(publisher.events.map((e) => e.detail.eventId)).toEqual(['status:wamid.H.1:sent']);
  });
});

describe('ingest-eum handler, aws.social-messaging event from the default bus', () => {
  it('publishes a message.status keyed by EUM message id', async () => {
    const { publisher } = wire();
    await handler({
      version: '0',
      id: 'c0ffee00-0000-4000-8000-000000000001',
      'detail-type': 'WhatsApp Message Read',
      source: 'aws.social-messaging',
      account: '123456789012',
      time: '2026-01-01T00:00:05Z',
      region: 'us-east-1',
      resources: [],
      detail: {
        wabaId: '900000000000001',
        originationPhoneNumberId: '800000000000001',
        messageId: 'c3d4e5f6-0000-4000-8000-00000000abcd',
        status: 'read',
        eventTimestamp: '1767225605',
      },
    } as never);
    expect(publisher.events).toEqual([
      expect.objectContaining({
        detailType: 'message.status',
        detail: expect.objectContaining({
          eventId: 'eumstatus:c3d4e5f6-0000-4000-8000-00000000abcd:read',
          messageKey: 'eum:c3d4e5f6-0000-4000-8000-00000000abcd',
          status: 'read',
          via: 'eum-eventbridge',
        }),
      }),
    ]);
  });

  it('does not throw for an event missing its messageId; it is kept with the field named', async () => {
    const { publisher, dedupe } = wire();
    await handler({ id: 'x', 'detail-type': 'WhatsApp Message Read', source: 'aws.social-messaging', detail: { status: 'read' } } as never);
    expect(publisher.events).toEqual([]);
    expect(dedupe.rejected).toEqual([expect.objectContaining({ source: 'aws.social-messaging', reason: expect.stringContaining('detail.messageId') })]);
  });
});
