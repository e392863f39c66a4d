import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE, rules } from '../../events/index.js';
import { MetaWebhookSchema } from '../../events/inbound/meta-webhook.js';
import { matchesPattern } from '../../events/pattern-matcher.js';
import { normalizeMetaEntry } from '../../functions/domain/ingest/normalize-meta.js';

/** Every inbound media type (test/fixtures/media, see its README) → message.received with Meta's media object → store-inbound-media. */
const webhook = JSON.parse(readFileSync(new URL('../fixtures/media/inbound-media-kinds.webhook.json', import.meta.url), 'utf8'));
const RECEIVED = '2026-01-01T00:01:00.000Z';

describe('inbound media of every kind', () => {
  const parts = MetaWebhookSchema.parse(webhook).entry.map((e) => normalizeMetaEntry(e, { receivedAt: RECEIVED }));
  const result = { events: parts.flatMap((p) => p.events), rejected: parts.flatMap((p) => p.rejected) };
  const received = result.events.filter((e) => e.detailType === 'message.received');

  it('carries the media id, MIME type, base64 sha256 and the per-type fields', () => {
    expect(result.rejected).toEqual([]);
    const media = Object.fromEntries(received.map((e) => [e.detail.type, (e.detail as { media?: unknown }).media]));
    const sha256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
    expect(media).toEqual({
      image: expect.objectContaining({ id: '2000000000000001', mimeType: 'image/jpeg', sha256, caption: 'the broken part' }),
      audio: expect.objectContaining({ id: '2000000000000002', mimeType: 'audio/ogg; codecs=opus', sha256, voice: true }),
      video: expect.objectContaining({ id: '2000000000000003', mimeType: 'video/mp4', caption: 'how it sounds' }),
      document: expect.objectContaining({ id: '2000000000000004', mimeType: 'application/pdf', filename: 'receipt.pdf', caption: 'my receipt' }),
      sticker: expect.objectContaining({ id: '2000000000000005', mimeType: 'image/webp', animated: false }),
      text: undefined,
    });
    expect(received.find((e) => e.detail.type === 'image')!.detail).toMatchObject({ from: '15550001234', fromUserId: 'US.13491208655302741918' });
  });

  it('routes each media message, and only those, to store-media', () => {
    const mediaRule = rules.find((r) => r.name === 'store-inbound-media')!;
    const routed = received.filter((e) => matchesPattern(mediaRule.pattern, { source: EVENT_SOURCE, 'detail-type': e.detailType, detail: JSON.parse(JSON.stringify(e.detail)) }));
    expect(routed.map((e) => e.detail.type).sort()).toEqual(['audio', 'document', 'image', 'sticker', 'video']);
  });
});
