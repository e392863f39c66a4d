import { createHash } from 'node:crypto';
import type { LocalS3Store } from '../../aws-endpoints/s3.js';
import { baseMimeType, extensionFor, MEDIA_KINDS, MEDIA_LIMITS, type MediaKind } from '../../../functions/domain/media/limits.js';
import type { IdFactory } from '../shared/scheduler.js';
import { matchesPhone, matchesWaba, type SandboxAccount } from './account.js';
import { EumError, notFound, validation } from './errors.js';

/** A file WhatsApp holds: uploaded by the business (PostWhatsAppMessageMedia) or sent by a customer. */
interface HeldMedia {
  bytes: Buffer;
  mimeType: string;
  /** EUM phone number id that uploaded it (a business upload may only be sent from that number). */
  uploadedBy?: string;
  deleted?: boolean;
}

type Body = Record<string, unknown>;
const invalid = (message: string) => new EumError('InvalidParametersException', message);

/** The kind WhatsApp would file a MIME type under (image/webp is a sticker). */
function kindOf(mimeType: string): MediaKind | undefined {
  const mime = baseMimeType(mimeType);
  return MEDIA_KINDS.find((k) => MEDIA_LIMITS[k].mimeTypes.includes(mime));
}

/** Meta's limits, as the Cloud API applies them to an upload. */
function checkUpload(bytes: Buffer, mimeType: string, field: string): void {
  const kind = kindOf(mimeType);
  if (!kind) throw invalid(`${field}: media type ${mimeType} is not supported by WhatsApp (131053: Media upload error)`);
  const limit = MEDIA_LIMITS[kind];
  if (bytes.length > limit.maxBytes) throw invalid(`${field}: ${bytes.length} bytes is over WhatsApp's ${kind} limit of ${limit.maxLabel} (131053: Media upload error)`);
  if (bytes.length === 0) throw invalid(`${field}: the file is empty`);
}

/**
 * EUM Social's media operations against the local S3 (wire shapes from the SDK model):
 * GetWhatsAppMessageMedia, PostWhatsAppMessageMedia, DeleteWhatsAppMessageMedia and
 * CreateWhatsAppMessageTemplateMedia. Presigned URLs are used over HTTP, so their signature and
 * expiry are checked by the local S3 exactly as for any other caller.
 */
export class MediaDesk {
  private readonly held = new Map<string, HeldMedia>();
  readonly headerHandles = new Map<string, { mimeType: string; bytes: number }>();

  constructor(
    private readonly account: SandboxAccount,
    private readonly ids: IdFactory,
    private readonly s3: LocalS3Store | undefined,
  ) {}

  /** A file a simulated customer sends: WhatsApp's media id and the base64 sha256 its webhook carries. */
  receive(bytes: Buffer, mimeType: string): { id: string; sha256: string } {
    const id = this.ids.digits('media', 16);
    this.held.set(id, { bytes, mimeType });
    return { id, sha256: createHash('sha256').update(bytes).digest('base64') };
  }

  /** Why a send may not use this media id (undefined when it may). */
  checkSendable(mediaId: string, originationPhoneNumberId: string): string | undefined {
    const m = this.held.get(mediaId);
    if (!m || m.deleted) return `(#131053) Media upload error: media id ${mediaId} does not exist or was deleted`;
    if (m.uploadedBy && !matchesPhone(this.account, originationPhoneNumberId)) return `(#131053) media id ${mediaId} was uploaded by another phone number`;
    return undefined;
  }

  async get(b: Body): Promise<{ mimeType: string; fileSize: number }> {
    const mediaId = this.requireString(b.mediaId, 'mediaId');
    this.requirePhone(b.originationPhoneNumberId);
    const m = this.held.get(mediaId);
    if (!m || m.deleted) throw notFound(`Media ${mediaId} not found`);
    const out = { mimeType: m.mimeType, fileSize: Math.ceil(m.bytes.length / 1024) };
    if (b.metadataOnly === true) return out;
    const file = b.destinationS3File as { bucketName?: string; key?: string } | undefined;
    const presigned = b.destinationS3PresignedUrl as { url?: string; headers?: Record<string, string> } | undefined;
    if (file && presigned) throw invalid('use either destinationS3File or destinationS3PresignedUrl, not both');
    if (!file && !presigned) throw invalid('a destination is required (destinationS3File or destinationS3PresignedUrl) unless metadataOnly is true');
    if (file) {
      const store = this.requireStore();
      const bucket = this.requireString(file.bucketName, 'destinationS3File.bucketName');
      if (!store.hasBucket(bucket)) throw invalid(`destinationS3File.bucketName: bucket ${bucket} does not exist in this account and Region`);
      // The key is a prefix combined with the media id (SDK model, S3File.key); the extension is inferred.
      store.put(bucket, `${file.key ?? ''}${mediaId}.${extensionFor(m.mimeType)}`, m.bytes, m.mimeType);
      return out;
    }
    const url = this.requireString(presigned!.url, 'destinationS3PresignedUrl.url');
    const res = await fetch(url, { method: 'PUT', body: new Uint8Array(m.bytes), headers: { 'content-type': m.mimeType, ...(presigned!.headers ?? {}) } });
    if (!res.ok) throw invalid(`destinationS3PresignedUrl: S3 answered ${res.status} ${(await res.text()).slice(0, 200)}`);
    return out;
  }

  async post(b: Body): Promise<{ mediaId: string }> {
    const phone = this.requirePhone(b.originationPhoneNumberId);
    const { bytes, mimeType } = await this.readSource(b.sourceS3File, b.sourceS3PresignedUrl, 'PostWhatsAppMessageMedia');
    checkUpload(bytes, mimeType, b.sourceS3File ? 'sourceS3File' : 'sourceS3PresignedUrl');
    const mediaId = this.ids.digits('media', 16);
    this.held.set(mediaId, { bytes, mimeType: baseMimeType(mimeType), uploadedBy: phone });
    return { mediaId };
  }

  delete(q: URLSearchParams): { success: boolean } {
    const mediaId = this.requireString(q.get('mediaId'), 'mediaId');
    this.requirePhone(q.get('originationPhoneNumberId'));
    const m = this.held.get(mediaId);
    if (!m || m.deleted || !m.uploadedBy) throw notFound(`Media ${mediaId} not found`);
    m.deleted = true;
    return { success: true };
  }

  async templateMedia(b: Body): Promise<{ metaHeaderHandle: string }> {
    if (typeof b.id !== 'string' || !b.id) throw validation('id: required (the linked WhatsApp Business Account id)');
    if (!matchesWaba(this.account, b.id)) throw notFound(`WhatsApp Business Account ${b.id} not found`);
    if (!b.sourceS3File) throw invalid('sourceS3File: required');
    const { bytes, mimeType } = await this.readSource(b.sourceS3File, undefined, 'CreateWhatsAppMessageTemplateMedia');
    // Template headers take an image, a video or a document (Meta's resumable upload).
    const kind = kindOf(mimeType);
    if (kind !== 'image' && kind !== 'video' && kind !== 'document') throw invalid(`sourceS3File: a media header must be an image, video or document, not ${mimeType}`);
    checkUpload(bytes, mimeType, 'sourceS3File');
    const handle = `4::${Buffer.from(baseMimeType(mimeType)).toString('base64')}:ARb${this.ids.hex('header-handle', 24)}`;
    this.headerHandles.set(handle, { mimeType: baseMimeType(mimeType), bytes: bytes.length });
    return { metaHeaderHandle: handle };
  }

  private async readSource(file: unknown, presigned: unknown, operation: string): Promise<{ bytes: Buffer; mimeType: string }> {
    if (file && presigned) throw invalid('use either sourceS3File or sourceS3PresignedUrl, not both');
    if (!file && !presigned) throw invalid(`${operation}: a source is required (sourceS3File or sourceS3PresignedUrl)`);
    if (file) {
      const f = file as { bucketName?: string; key?: string };
      const store = this.requireStore();
      const bucket = this.requireString(f.bucketName, 'sourceS3File.bucketName');
      const key = this.requireString(f.key, 'sourceS3File.key');
      if (!store.hasBucket(bucket)) throw invalid(`sourceS3File.bucketName: bucket ${bucket} does not exist in this account and Region`);
      const o = store.get(bucket, key);
      if (!o) throw invalid(`sourceS3File: s3://${bucket}/${key} does not exist`);
      return { bytes: o.body, mimeType: o.contentType };
    }
    const p = presigned as { url?: string; headers?: Record<string, string> };
    const url = this.requireString(p.url, 'sourceS3PresignedUrl.url');
    const contentType = Object.entries(p.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    if (!contentType) throw invalid('sourceS3PresignedUrl.headers: Content-Type is required');
    const res = await fetch(url);
    if (!res.ok) throw invalid(`sourceS3PresignedUrl: S3 answered ${res.status} ${(await res.text()).slice(0, 200)}`);
    return { bytes: Buffer.from(await res.arrayBuffer()), mimeType: contentType };
  }

  private requireStore(): LocalS3Store {
    if (!this.s3) throw new EumError('DependencyException', 'the sandbox has no S3 (start it with the runtime, or pass s3)');
    return this.s3;
  }
  private requireString(v: unknown, field: string): string {
    if (typeof v !== 'string' || v === '') throw validation(`${field}: required`);
    return v;
  }
  private requirePhone(id: unknown): string {
    const phone = this.requireString(id, 'originationPhoneNumberId');
    if (!matchesPhone(this.account, phone)) throw notFound(`Phone number ${phone} not found`);
    return phone;
  }
}
