/**
 * WhatsApp's media types and sizes (AWS EUM Social user guide, "Supported media file types and
 * sizes in WhatsApp", after Meta's "Supported media types"). One table for inbound checks,
 * outbound checks and the local sandbox.
 */
export const MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

const MB = 1024 * 1024;
const KB = 1024;

export const MEDIA_LIMITS: Record<MediaKind, { mimeTypes: readonly string[]; maxBytes: number; maxLabel: string; captions: boolean }> = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB, maxLabel: '5 MB', captions: true },
  audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB, maxLabel: '16 MB', captions: false },
  // AWS's table says video/3gp, Meta's video/3gpp: both are accepted.
  video: { mimeTypes: ['video/mp4', 'video/3gpp', 'video/3gp'], maxBytes: 16 * MB, maxLabel: '16 MB', captions: true },
  document: {
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
    maxLabel: '100 MB',
    captions: true,
  },
  // 100 KB static, 500 KB animated: the larger bound here, the static one when the bytes are known.
  sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * KB, maxLabel: '500 KB (animated; 100 KB static)', captions: false },
};
export const STATIC_STICKER_MAX_BYTES = 100 * KB;
export const MAX_CAPTION_LENGTH = 1024;

export const isMediaKind = (t: string): t is MediaKind => (MEDIA_KINDS as readonly string[]).includes(t);

/** `audio/ogg; codecs=opus` → `audio/ogg`. */
export const baseMimeType = (mimeType: string): string => mimeType.split(';')[0]!.trim().toLowerCase();

export interface MediaIssue {
  field: string;
  rule: string;
}

/** What is wrong with a media file for WhatsApp, each issue naming the field and the limit. */
export function checkMedia(
  kind: MediaKind,
  file: { mimeType?: string; sizeBytes?: number; animatedSticker?: boolean },
  fields: { mimeType: string; size: string } = { mimeType: 'mime_type', size: 'media' },
): MediaIssue[] {
  const limits = MEDIA_LIMITS[kind];
  const issues: MediaIssue[] = [];
  const mime = file.mimeType ? baseMimeType(file.mimeType) : undefined;
  if (!mime) issues.push({ field: fields.mimeType, rule: `the file's MIME type is unknown; ${kind} takes ${limits.mimeTypes.join(', ')}` });
  else if (!limits.mimeTypes.includes(mime)) issues.push({ field: fields.mimeType, rule: `${mime} cannot be sent as ${kind}: WhatsApp takes ${limits.mimeTypes.join(', ')}` });
  if (file.sizeBytes !== undefined) {
    const max = kind === 'sticker' && file.animatedSticker === false ? STATIC_STICKER_MAX_BYTES : limits.maxBytes;
    const label = kind === 'sticker' && file.animatedSticker === false ? '100 KB (static sticker)' : limits.maxLabel;
    if (file.sizeBytes > max) issues.push({ field: fields.size, rule: `${file.sizeBytes} bytes is over WhatsApp's ${kind} limit of ${label}` });
    if (file.sizeBytes === 0) issues.push({ field: fields.size, rule: 'the file is empty' });
  }
  return issues;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'video/3gp': '3gp',
  'text/plain': 'txt',
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};
export const extensionFor = (mimeType: string | undefined): string => (mimeType && EXTENSIONS[baseMimeType(mimeType)]) || 'bin';
export const mimeTypeForExtension = (ext: string): string | undefined =>
  Object.entries(EXTENSIONS).find(([, e]) => e === ext.toLowerCase().replace(/^\./, ''))?.[0] ??
  (ext.toLowerCase() === '.jpeg' || ext.toLowerCase() === 'jpeg' ? 'image/jpeg' : undefined);
