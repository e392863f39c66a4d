import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MediaBucket } from '../../ports/media-bucket.js';

export const MEDIA_BUCKET_ENV = 'MEDIA_BUCKET';

let shared: S3Client | undefined;
/** The process's one S3 client. Path-style only where the runtime asks for it (the local S3 on the runtime's port). */
export const s3Client = (): S3Client => (shared ??= new S3Client({ forcePathStyle: process.env.MEDIA_S3_FORCE_PATH_STYLE === 'true', maxAttempts: 4 }));
/** For the local runtime's reset of the live wiring only (wiring/reset.ts): the next call builds the client from the environment again. */
export const dropSharedS3Client = (): void => void (shared = undefined);

export class S3MediaBucket implements MediaBucket {
  /** Uses the S3 client it is given, else the shared one, looked up on each call (constructing the bucket builds nothing). */
  constructor(
    readonly name: string,
    private readonly given?: S3Client,
  ) {}

  private get client(): S3Client {
    return this.given ?? s3Client();
  }

  async head(key: string, bucket = this.name) {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { sizeBytes: out.ContentLength ?? 0, contentType: out.ContentType };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }

  async read(key: string, bucket = this.name) {
    const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async put(key: string, body: Buffer, contentType: string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.name, Key: key, Body: body, ContentType: contentType }));
  }

  presignGet(key: string, expiresInSeconds: number, bucket = this.name) {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
  }

  presignPut(key: string, expiresInSeconds: number) {
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.name, Key: key }), { expiresIn: expiresInSeconds });
  }
}
