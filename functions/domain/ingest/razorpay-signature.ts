import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Razorpay signs the raw request body: hex HMAC-SHA256 with the webhook secret, sent in
 * `X-Razorpay-Signature`. Compared in constant time; any malformed header is simply "not valid".
 */
export function verifyRazorpaySignature(rawBody: string | Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature || !secret || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'hex');
  // Stryker disable next-line ConditionalExpression: replacing the length check by `true` is equivalent — the pattern above makes `given` 32 bytes, as is a SHA-256 (the check stays: timingSafeEqual throws on unequal lengths)
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signRazorpayBody(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}
