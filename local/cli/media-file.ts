import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { checkMedia, isMediaKind, mimeTypeForExtension } from '../../functions/domain/media/limits.js';
import { OUTBOUND_MEDIA_PREFIX } from '../../functions/domain/media/keys.js';

import { LOCAL_MEDIA_BUCKET_NAME as LOCAL_BUCKET } from '../iam/local-arns.js';

export class MediaFileError extends Error {}

/**
 * `--file <path>` for send_media / send_template / upload_template_media / create_template /
 * update_template: checks the file against WhatsApp's limits for the message type, puts it in the
 * media bucket under outbound/ and names the object in the request (`media` or `header_media`).
 * Locally the object goes to the runtime's S3 (path style on its port); on AWS to `--bucket`.
 */
export async function attachLocalFile(
  body: Record<string, unknown>,
  opts: { file: string; bucket?: string; localEndpoint?: string; region?: string },
): Promise<Record<string, unknown>> {
  let size: number;
  try {
    size = statSync(opts.file).size;
  } catch {
    throw new MediaFileError(`--file: no such file ${opts.file}`);
  }
  const mimeType = mimeTypeForExtension(extname(opts.file));
  if (!mimeType)
    throw new MediaFileError(
      `--file: cannot tell the media type of ${basename(opts.file)} from its extension (jpg, png, webp, mp3, ogg, m4a, aac, amr, mp4, 3gp, pdf, txt, doc(x), xls(x), ppt(x))`,
    );
  const field = body.action === 'send_media' || body.action === 'upload_template_media' ? 'media' : 'header_media';
  const header = (body.header_media ?? {}) as Record<string, unknown>;
  const kind = String(field === 'media' ? (body.type ?? (body.format as string | undefined)?.toLowerCase() ?? '') : (header.type ?? ''));
  if (isMediaKind(kind)) {
    // Before uploading anything: the same limits the action applies.
    const issues = checkMedia(kind, { mimeType, sizeBytes: size }, { mimeType: '--file', size: '--file' });
    if (issues.length) throw new MediaFileError(issues.map((i) => `${i.field}: ${i.rule}`).join('; '));
  }
  const bytes = readFileSync(opts.file);
  const bucket = opts.bucket ?? (opts.localEndpoint ? LOCAL_BUCKET : undefined);
  if (!bucket) throw new MediaFileError('--file on AWS needs --bucket (the stack output MediaBucketName)');
  const key = `${OUTBOUND_MEDIA_PREFIX}${new Date().toISOString().slice(0, 10)}/${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}-${basename(opts.file).replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const s3 = opts.localEndpoint
    ? new S3Client({ endpoint: opts.localEndpoint, region: 'local', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new S3Client({ region: opts.region });
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: mimeType }));
  } finally {
    s3.destroy();
  }
  return { ...body, [field]: field === 'media' ? { bucket, key } : { ...header, bucket, key } };
}
