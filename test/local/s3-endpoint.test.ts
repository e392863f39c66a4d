import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleS3, LocalS3Store, s3Checks } from '../../local/aws-endpoints/s3.js';

/** The local S3 as the runtime serves it, driven by the real @aws-sdk/client-s3 and presigner. */
const BUCKET = 'media-test';
const store = new LocalS3Store();
store.createBucket(BUCKET);
let now = () => new Date();
const checked: { action: string; resource: string }[] = [];
let server: http.Server;
let s3: S3Client;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    void handleS3(req, res, url, { store, secretFor: (k) => (k === 'local' ? 'local' : undefined), now: () => now(), authorize: (_k, c) => void checked.push(...c) });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s3 = new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('local S3 (path style, SigV4)', () => {
  it('PutObject, HeadObject, GetObject and DeleteObject round-trip the bytes, type and metadata', async () => {
    const body = Buffer.from('%PDF-1.7 invoice');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'out/invoice 1.pdf', Body: body, ContentType: 'application/pdf', Metadata: { sha256: 'abc' } }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'out/invoice 1.pdf' }));
    expect(head).toMatchObject({ ContentLength: body.length, ContentType: 'application/pdf', Metadata: { sha256: 'abc' } });
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'out/invoice 1.pdf' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'out/invoice 1.pdf' }));
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'out/invoice 1.pdf' }))).rejects.toBeInstanceOf(NoSuchKey);
    expect(checked.map((c) => c.action)).toEqual(['s3:PutObject', 's3:GetObject', 's3:GetObject', 's3:DeleteObject', 's3:GetObject']);
    expect(checked[0]!.resource).toBe(`arn:aws:s3:::${BUCKET}/out/invoice 1.pdf`);
  });

  it('a streamed upload (aws-chunked) stores the bytes, not the chunk framing', async () => {
    const body = Buffer.alloc(200_000, 7);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'stream.bin', Body: Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]), ContentLength: body.length }));
    expect(store.get(BUCKET, 'stream.bin')!.body.equals(body)).toBe(true);
  });

  it('an unknown bucket is NoSuchBucket', async () => {
    const err = await s3.send(new GetObjectCommand({ Bucket: 'nope', Key: 'k' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3ServiceException);
    expect((err as S3ServiceException).name).toBe('NoSuchBucket');
  });

  it('a presigned GET works without credentials until it expires; an edited one is refused', async () => {
    store.put(BUCKET, 'in/photo.jpg', Buffer.from('jpeg-bytes'), 'image/jpeg');
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'in/photo.jpg' }), { expiresIn: 60 });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(await ok.text()).toBe('jpeg-bytes');
    const edited = await fetch(url.replace('in/photo.jpg', 'in/other.jpg'));
    expect(edited.status).toBe(403);
    expect(await edited.text()).toContain('SignatureDoesNotMatch');
    now = () => new Date(Date.now() + 61_000);
    try {
      const late = await fetch(url);
      expect(late.status).toBe(403);
      expect(await late.text()).toContain('Request has expired');
    } finally {
      now = () => new Date();
    }
  });

  it('a presigned PUT stores what is uploaded to it', async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: 'in/voice.ogg' }), { expiresIn: 60 });
    const res = await fetch(url, { method: 'PUT', body: Buffer.from('OggS'), headers: { 'content-type': 'audio/ogg' } });
    expect(res.status).toBe(200);
    expect(store.get(BUCKET, 'in/voice.ogg')).toMatchObject({ contentType: 'audio/ogg', body: Buffer.from('OggS') });
  });

  it('an unsigned request is refused', async () => {
    const res = await fetch(`${endpoint}/${BUCKET}/in/photo.jpg?X-Amz-Credential=x/20260101/local/s3/aws4_request`);
    expect(res.status).toBe(403);
  });

  it('names the IAM action and object ARN of each call', () => {
    expect(s3Checks('HEAD', 'b', 'a/b.jpg')).toEqual([{ action: 's3:GetObject', resource: 'arn:aws:s3:::b/a/b.jpg' }]);
    expect(s3Checks('POST', 'b', 'k')).toEqual([]);
  });
});
