import { baseMimeType, checkMedia, MEDIA_LIMITS, type MediaIssue, type MediaKind } from '../domain/media/limits.js';
import { S3ObjectInput, type S3ObjectRef } from '../media/s3-object-input.js';
import { ActionError } from './types.js';
import type { MediaAdapters } from '../wiring/media.js';

export { S3ObjectInput, type S3ObjectRef };

/** Meta's template media headers: IMAGE jpg/png, VIDEO mp4, DOCUMENT pdf. */
export const HEADER_FORMATS: Record<'IMAGE' | 'VIDEO' | 'DOCUMENT', { kind: MediaKind; mimeTypes: string[] }> = {
  IMAGE: { kind: 'image', mimeTypes: ['image/jpeg', 'image/png'] },
  VIDEO: { kind: 'video', mimeTypes: ['video/mp4'] },
  DOCUMENT: { kind: 'document', mimeTypes: ['application/pdf'] },
};

const invalid = (issues: MediaIssue[]) => new ActionError(issues.map((i) => `${i.field}: ${i.rule}`).join('; '), 400, 'ValidationError', { issues });

/**
 * Looks the object up (HeadObject) and checks it against WhatsApp's limits for `kind` before
 * anything is sent: a missing object, a wrong type or a file too large is a 400 naming the field.
 */
export async function checkedObject({ bucket }: MediaAdapters, ref: S3ObjectRef, kind: MediaKind, field: string, allowedMimeTypes?: string[]) {
  const bucketName = ref.bucket ?? bucket?.name;
  if (!bucket || !bucketName) throw invalid([{ field: `${field}.bucket`, rule: 'required (no media bucket is configured: MEDIA_BUCKET)' }]);
  const head = await bucket.head(ref.key, bucketName);
  if (!head) throw invalid([{ field: `${field}.key`, rule: `no object s3://${bucketName}/${ref.key}` }]);
  const issues = checkMedia(kind, { mimeType: head.contentType, sizeBytes: head.sizeBytes }, { mimeType: `${field}.key`, size: `${field}.key` });
  if (!issues.length && allowedMimeTypes && head.contentType && !allowedMimeTypes.includes(baseMimeType(head.contentType))) {
    issues.push({ field: `${field}.key`, rule: `${baseMimeType(head.contentType)} cannot be this header: it takes ${allowedMimeTypes.join(', ')}` });
  }
  if (issues.length)
    throw invalid(issues.map((i) => ({ field: i.field, rule: `${i.rule} (s3://${bucketName}/${ref.key}, ${head.contentType ?? 'no Content-Type'}, ${head.sizeBytes} bytes)` })));
  return { bucket: bucketName, key: ref.key, mimeType: head.contentType!, sizeBytes: head.sizeBytes };
}

/** Checks, then uploads the object to WhatsApp (PostWhatsAppMessageMedia); the media id to send. */
export async function uploadForSend(
  media: MediaAdapters,
  originationPhoneNumberId: string,
  ref: S3ObjectRef,
  kind: MediaKind,
  field: string,
): Promise<{ mediaId: string; mimeType: string; sizeBytes: number }> {
  const object = await checkedObject(media, ref, kind, field);
  const { mediaId } = await media.media.upload(originationPhoneNumberId, object);
  return { mediaId, mimeType: object.mimeType, sizeBytes: object.sizeBytes };
}

/** Checks, then turns the object into a template header handle (CreateWhatsAppMessageTemplateMedia). */
export async function headerHandleFor(
  media: MediaAdapters,
  wabaId: string,
  ref: S3ObjectRef,
  format: keyof typeof HEADER_FORMATS,
  field: string,
): Promise<{ handle: string; mimeType: string; sizeBytes: number }> {
  const spec = HEADER_FORMATS[format];
  const object = await checkedObject(media, ref, spec.kind, field, spec.mimeTypes);
  const { handle } = await media.media.templateHeaderHandle(wabaId, object);
  return { handle, mimeType: object.mimeType, sizeBytes: object.sizeBytes };
}

/**
 * `header_media` of create_template / update_template: fills `example.header_handle` of the
 * components' IMAGE / VIDEO / DOCUMENT header with a handle made from the S3 object.
 */
export async function withHeaderHandle(
  media: MediaAdapters,
  components: Record<string, unknown>[],
  ref: S3ObjectRef | undefined,
  wabaId: string,
): Promise<Record<string, unknown>[]> {
  if (!ref) return components;
  const index = components.findIndex((c) => String(c.type).toUpperCase() === 'HEADER');
  const header = components[index];
  const format = String(header?.format ?? '').toUpperCase();
  if (!header || !(format in HEADER_FORMATS)) {
    throw invalid([{ field: 'header_media', rule: 'needs a HEADER component with format IMAGE, VIDEO or DOCUMENT in components' }]);
  }
  const { handle } = await headerHandleFor(media, wabaId, ref, format as keyof typeof HEADER_FORMATS, 'header_media');
  const example = typeof header.example === 'object' && header.example !== null ? (header.example as Record<string, unknown>) : {};
  return components.map((c, i) => (i === index ? { ...c, example: { ...example, header_handle: [handle] } } : c));
}

export const captionsAllowed = (kind: MediaKind) => MEDIA_LIMITS[kind].captions;
