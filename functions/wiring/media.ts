import { EumWhatsAppMedia } from '../adapters/eum/media.js';
import type { WhatsAppMediaApi } from '../ports/eum.js';
import { EumPhoneNumberDirectory, eumPhoneNumberIdLookup } from '../adapters/eum/phone-numbers.js';
import { MEDIA_BUCKET_ENV, S3MediaBucket } from '../adapters/s3/media-bucket.js';
import type { MediaBucket } from '../ports/media-bucket.js';

/** The media adapters, built from configuration only: store-media's, and the actions' through their context. */
export interface MediaAdapters {
  /** Undefined when MEDIA_BUCKET is not set (a deployment without the media concern). */
  bucket: MediaBucket | undefined;
  media: WhatsAppMediaApi;
  eumPhoneNumberId(metaPhoneNumberId: string): Promise<string>;
}

let cached: MediaAdapters | undefined;

export function mediaAdapters(): MediaAdapters {
  if (cached) return cached;
  const eumIdOf = eumPhoneNumberIdLookup(new EumPhoneNumberDirectory());
  const bucketName = process.env[MEDIA_BUCKET_ENV];
  cached = {
    bucket: bucketName ? new S3MediaBucket(bucketName) : undefined,
    media: new EumWhatsAppMedia(),
    async eumPhoneNumberId(metaPhoneNumberId) {
      const id = await eumIdOf(metaPhoneNumberId);
      if (!id) throw new Error(`no EUM phone number links Meta phone_number_id ${metaPhoneNumberId}`);
      return id;
    },
  };
  return cached;
}

export function requireMediaBucket(): MediaBucket {
  const bucket = mediaAdapters().bucket;
  if (!bucket) throw new Error(`environment variable ${MEDIA_BUCKET_ENV} is not set (the media bucket)`);
  return bucket;
}
