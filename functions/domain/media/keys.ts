import { createHash } from 'node:crypto';
import { extensionFor } from './limits.js';

/**
 * Object keys of the media bucket. Inbound media go under a key derived from the message alone
 * (phone number, day, a digest of the wamid — wamids hold `/`, `+` and `=`), so a redelivery or a
 * retry writes the same object, and the bucket's lifecycle rule can expire the `inbound/` prefix.
 */
export const INBOUND_MEDIA_PREFIX = 'inbound/';
export const OUTBOUND_MEDIA_PREFIX = 'outbound/';

export function inboundMediaKey(m: { phoneNumberId?: string; messageId: string; occurredAt: string; mimeType?: string }): string {
  const digest = createHash('sha256').update(m.messageId).digest('hex').slice(0, 40);
  return `${INBOUND_MEDIA_PREFIX}${m.phoneNumberId ?? 'unknown-phone'}/${m.occurredAt.slice(0, 10)}/${digest}.${extensionFor(m.mimeType)}`;
}

/** Meta sends sha256 as base64; some captures show hex. True when `expected` names these bytes' digest either way. */
export function sha256Matches(bytes: Buffer, expected: string): boolean {
  const digest = createHash('sha256').update(bytes).digest();
  return expected === digest.toString('base64') || expected.toLowerCase() === digest.toString('hex');
}
export const sha256Base64 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64');
