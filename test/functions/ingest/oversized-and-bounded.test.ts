import { describe, expect, it } from 'vitest';
import { ingestEumHttp } from '../../../functions/ingest/eum-ingest.js';
import { CollectingPublisher, MemoryDedupe } from '../../support/fakes.js';
import { eumMessage, metaStatus, PHONE_ID, snsHttpNotification, statusEntry, WABA } from './support.js';

/**
 * Issue 15, findings 10 and 12. A part that makes an event larger than EventBridge's 256 KB entry can
 * never be published: it is rejected (kept), the parts beside it are published, and the provider gets
 * a 2xx — a 503 would be retried for ever. An invalid inner part likewise answers 200 with `rejected[]`
 * (providers deliver at least once and would retry a 4xx for ever). Replies never echo a huge field.
 */
const deps = () => ({ publisher: new CollectingPublisher(), dedupe: new MemoryDedupe() });

function inboundWithText(wamid: string, body: string) {
  return {
    id: WABA,
    changes: [
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550000100', phone_number_id: PHONE_ID },
          contacts: [{ profile: { name: 'Customer' }, wa_id: '15550001111' }],
          messages: [
            { from: '15550001111', id: `${wamid}.BIG`, timestamp: '1767225600', type: 'text', text: { body } },
            { from: '15550001111', id: `${wamid}.SMALL`, timestamp: '1767225601', type: 'text', text: { body: 'hello' } },
          ],
        },
      },
    ],
  };
}

describe('an oversized field (finding 10)', () => {
  it('rejects the part whose event is over 256 KB, publishes the one beside it, answers 200', async () => {
    // Prepare: 300 KB of text.body, as the black-box probe sent
    const d = deps();
    const raw = snsHttpNotification('Notification', eumMessage(inboundWithText('wamid.OVERSIZED', 'x'.repeat(300_000))));
    // Act
    const res = await ingestEumHttp(raw, d);
    // Assess
    expect(res.statusCode).toBe(200);
    expect(d.publisher.events.map((e) => e.detail.eventId)).toEqual(['msg:wamid.OVERSIZED.SMALL']);
    const body = res.body as { rejected: { path: string; reason: string }[] };
    expect(body.rejected).toEqual([
      { path: expect.stringContaining('msg:wamid.OVERSIZED.BIG'), reason: expect.stringMatching(/over EventBridge's 262144-byte PutEvents entry limit/) },
    ]);
    expect(d.dedupe.rejected).toHaveLength(1);
    // The redelivery is a duplicate of what was published, and the oversized part is refused again (not in flight).
    const again = await ingestEumHttp(raw, d);
    expect(again.statusCode).toBe(200);
    expect(again.body).toMatchObject({ duplicates: ['msg:wamid.OVERSIZED.SMALL'], inFlight: [], failed: [] });
  });

  it('an event just under the limit is published (the limit is the entry size, not the body size)', async () => {
    const d = deps();
    const res = await ingestEumHttp(snsHttpNotification('Notification', eumMessage(inboundWithText('wamid.UNDER', 'y'.repeat(250_000)))), d);
    expect(res.statusCode).toBe(200);
    expect(d.publisher.events).toHaveLength(2);
  });

  it('never echoes an attacker-sized value in full: ignored and rejected texts are cut, with the size', async () => {
    const d = deps();
    const huge = 'q'.repeat(300_000);
    const entry = statusEntry([metaStatus('wamid.CUT', huge, 1767225600), metaStatus('wamid.CUT', 'sent', 1767225601)]);
    const res = await ingestEumHttp(snsHttpNotification('Notification', eumMessage(entry)), d);
    const text = JSON.stringify(res.body);
    expect(res.statusCode).toBe(200);
    expect(text.length).toBeLessThan(2_000);
    expect(text).toContain('bytes)');
    expect(d.publisher.events.map((e) => e.detail.eventId)).toEqual(['status:wamid.CUT:sent']);
  });
});

describe('an invalid inner WhatsApp part (finding 12: what the README says)', () => {
  it('answers 200 with the part in rejected[] (naming the path and the rule); the valid part is published', async () => {
    const d = deps();
    const entry = statusEntry([{ id: 'wamid.NOTIME', status: 'delivered', recipient_id: '15550001111' }, metaStatus('wamid.FINE', 'delivered', 1767225600)]);
    const res = await ingestEumHttp(snsHttpNotification('Notification', eumMessage(entry)), d);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      published: ['status:wamid.FINE:delivered'],
      rejected: [{ path: 'changes[0].value.statuses[0]', reason: expect.stringMatching(/^timestamp: /) }],
    });
  });
});
