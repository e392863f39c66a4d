import { describe, expect, it } from 'vitest';
import { makeEvent, type DomainDetail } from '../../../events/index.js';
import type { MediaBucket } from '../../../functions/ports/media-bucket.js';
import { storeInboundMedia, type StoreMediaDeps } from '../../../functions/media/store-inbound-media.js';
import type { StoredMedia } from '../../../functions/ports/message-store.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { createHash } from 'node:crypto';

/** A bucket in memory; `download` of the fake EUM writes into it, as EUM's PUT to the presigned URL does. */
class MemoryBucket implements MediaBucket {
  readonly name = 'bucket';
  objects = new Map<string, Buffer>();
  async head(key: string) {
    const o = this.objects.get(key);
    return o ? { sizeBytes: o.length } : undefined;
  }
  async read(key: string) {
    return this.objects.get(key)!;
  }
  async put(key: string, body: Buffer) {
    this.objects.set(key, body);
  }
  async presignGet(key: string) {
    return `presigned-get:${key}`;
  }
  async presignPut(key: string) {
    return `presigned-put:${key}`;
  }
}

const PHOTO = Buffer.from('jpeg bytes');
const photoSha = createHash('sha256').update(PHOTO).digest('base64');
const received = (sha256?: string): DomainDetail<'message.received'> =>
  makeEvent('message.received', {
    eventId: 'msg:wamid.M1',
    occurredAt: '2026-03-01T10:00:00.000Z',
    receivedAt: '2026-03-01T10:00:01.000Z',
    phoneNumberId: '106540352242922',
    messageId: 'wamid.M1',
    from: '919800000001',
    type: 'image',
    mediaId: '777',
    media: { id: '777', mimeType: 'image/jpeg', sha256, caption: 'hi' },
  }).detail as DomainDetail<'message.received'>;

function wire(onDownload: (bucket: MemoryBucket, url: string) => void = (b, url) => void b.objects.set(url.replace('presigned-put:', ''), PHOTO)) {
  const bucket = new MemoryBucket();
  const recorded: StoredMedia[] = [];
  let downloads = 0;
  const deps: StoreMediaDeps = {
    bucket,
    media: {
      download: async (_phone, _id, dest) => {
        downloads++;
        onDownload(bucket, dest.url);
        return { mimeType: 'image/jpeg' };
      },
      upload: async () => ({ mediaId: 'x' }),
      delete: async () => undefined,
      templateHeaderHandle: async () => ({ handle: 'h' }),
    },
    eumPhoneNumberId: async () => 'phone-number-id-1',
    messages: { recordMedia: async (_k, m) => void recorded.push(m) },
    publisher: new CollectingPublisher(),
  };
  return { deps, bucket, recorded, downloads: () => downloads, publisher: deps.publisher as CollectingPublisher };
}

describe('storeInboundMedia', () => {
  it('fetches once, records size / type / sha256 checked against the webhook, and publishes media.stored; a second run fetches nothing', async () => {
    const w = wire();
    expect(await storeInboundMedia(received(photoSha), w.deps)).toBe('stored');
    expect(await storeInboundMedia(received(photoSha), w.deps)).toBe('already-in-bucket');
    expect(w.downloads()).toBe(1);
    expect(w.recorded).toEqual([w.recorded[0], w.recorded[0]]);
    expect(w.recorded[0]).toMatchObject({ sizeBytes: PHOTO.length, mimeType: 'image/jpeg', sha256: photoSha, sha256Verified: true, caption: 'hi' });
    expect(w.publisher.events.map((e) => e.detail.eventId)).toEqual(['media:wamid.M1', 'media:wamid.M1']);
  });

  it("a file that does not match the webhook's sha256 is recorded as unverified", async () => {
    const w = wire();
    await storeInboundMedia(received(createHash('sha256').update('other').digest('base64')), w.deps);
    expect(w.recorded[0]).toMatchObject({ sha256: photoSha, sha256Verified: false });
  });

  it('throws when EUM fails or reports success without the object, so the rule retries and then dead-letters', async () => {
    const failing = wire(() => {
      throw new Error('EUM Social ThrottledRequestException');
    });
    await expect(storeInboundMedia(received(photoSha), failing.deps)).rejects.toThrow('Throttled');
    const silent = wire(() => undefined);
    await expect(storeInboundMedia(received(photoSha), silent.deps)).rejects.toThrow('is not in the bucket');
    expect([...failing.recorded, ...silent.recorded]).toEqual([]);
  });

  it('throws when media.stored cannot be published', async () => {
    const w = wire();
    w.publisher.failNext.set('media:wamid.M1', 1);
    await expect(storeInboundMedia(received(photoSha), w.deps)).rejects.toThrow('could not be published');
  });
});
