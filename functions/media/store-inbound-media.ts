import { DetailType, makeEvent, type DomainDetail } from '../../events/index.js';
import type { MediaBucket } from '../ports/media-bucket.js';
import type { WhatsAppMediaApi } from '../ports/eum.js';
import { inboundMediaKey, sha256Base64, sha256Matches } from '../domain/media/keys.js';
import { nowIso } from '../domain/shared/time.js';
import { logger } from '../observability/logger.js';
import type { EventPublisher } from '../ports/index.js';
import type { MessageStore, StoredMedia } from '../ports/message-store.js';

export interface StoreMediaDeps {
  bucket: MediaBucket;
  media: WhatsAppMediaApi;
  /** EUM's `phone-number-id-…` for the Meta phone_number_id a webhook names (EUM's media APIs take EUM's id). */
  eumPhoneNumberId(metaPhoneNumberId: string): Promise<string>;
  messages: Pick<MessageStore, 'recordMedia'>;
  publisher: EventPublisher;
}

/** How long EUM has to PUT the file to the presigned URL. */
const UPLOAD_URL_SECONDS = 15 * 60;

/**
 * Fetches one inbound media file into the media bucket and records it on the message. Runs as a
 * rule target, never on the webhook's acknowledgement path. Idempotent: the object key is derived
 * from the message, an object already there is not fetched again, the record and `media.stored`
 * carry the same values each time. A failure throws, so the rule retries and then dead-letters.
 */
export async function storeInboundMedia(d: DomainDetail<'message.received'>, deps: StoreMediaDeps): Promise<'stored' | 'already-in-bucket' | 'no-media'> {
  const media = d.media;
  if (!media) return 'no-media';
  if (!d.phoneNumberId) throw new Error(`message ${d.messageId}: no phone number id, cannot fetch its media`);
  const key = inboundMediaKey({ phoneNumberId: d.phoneNumberId, messageId: d.messageId, occurredAt: d.occurredAt, mimeType: media.mimeType });
  let outcome: 'stored' | 'already-in-bucket' = 'already-in-bucket';
  if (!(await deps.bucket.head(key))) {
    const eumPhone = await deps.eumPhoneNumberId(d.phoneNumberId);
    const url = await deps.bucket.presignPut(key, UPLOAD_URL_SECONDS);
    await deps.media.download(eumPhone, media.id, { url, headers: media.mimeType ? { 'Content-Type': media.mimeType } : {} });
    if (!(await deps.bucket.head(key))) throw new Error(`GetWhatsAppMessageMedia reported success but ${key} is not in the bucket`);
    outcome = 'stored';
  }
  const bytes = await deps.bucket.read(key);
  const sha256 = sha256Base64(bytes);
  const sha256Verified = media.sha256 ? sha256Matches(bytes, media.sha256) : undefined;
  if (sha256Verified === false) logger.error("media sha256 differs from the webhook's", { messageId: d.messageId, key, webhook: media.sha256, stored: sha256 });
  const stored: StoredMedia = {
    id: media.id,
    bucket: deps.bucket.name,
    key,
    sizeBytes: bytes.length,
    mimeType: media.mimeType ?? 'application/octet-stream',
    sha256,
    sha256Verified,
    caption: media.caption,
    filename: media.filename,
    voice: media.voice,
  };
  await deps.messages.recordMedia(d.messageId, stored);
  const event = makeEvent(DetailType.MediaStored, {
    eventId: `media:${d.messageId}`,
    occurredAt: d.occurredAt,
    receivedAt: nowIso(),
    phoneNumberId: d.phoneNumberId,
    wabaId: d.wabaId,
    messageId: d.messageId,
    mediaId: media.id,
    type: d.type,
    bucket: stored.bucket,
    key,
    sizeBytes: stored.sizeBytes,
    mimeType: stored.mimeType,
    sha256,
    sha256Verified,
  });
  const result = await deps.publisher.publish([event]);
  if (result.failed.length) throw new Error(`media.stored for ${d.messageId} could not be published: ${result.failed.map((f) => f.errorCode).join(', ')}`);
  return outcome;
}
