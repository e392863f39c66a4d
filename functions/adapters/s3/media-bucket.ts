import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MediaBucket } from '../../ports/media-bucket.js';

export const MEDIA_BUCKET_ENV = 'MEDIA_BUCKET';

let client: S3Client | undefined;
/** Path-style only where the runtime asks for it (the local S3 on the runtime's port). */
export const s3Client = (): S3Client => (client ??= new S3Client({ forcePathStyle: process.env.MEDIA_S3_FORCE_PATH_STYLE === 'true', maxAttempts: 4 }));
export const setS3Client = (c: S3Client | undefined): void => void (client = c);

export class S3MediaBucket implements MediaBucket {
  constructor(readonly name: string) {}

  async head(key: string, bucket = this.name) {
    try {
      const out = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { sizeBytes: out.ContentLength ?? 0, contentType: out.ContentType };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }

  async read(key: string, bucket = this.name) {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async put(key: string, body: Buffer, contentType: string) {
    await s3Client().send(new PutObjectCommand({ Bucket: this.name, Key: key, Body: body, ContentType: contentType }));
  }

  presignGet(key: string, expiresInSeconds: number, bucket = this.name) {
    return getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
  }

  presignPut(key: string, expiresInSeconds: number) {
    return getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: this.name, Key: key }), { expiresIn: expiresInSeconds });
  }
}
