import * as z from 'zod';

/**
 * An id the caller gives that becomes part of a DynamoDB key. DynamoDB caps a sort key at 1,024
 * bytes (a partition key at 2,048); with our prefixes, 512 UTF-8 bytes always fit, and no provider
 * id comes close (wamids ~60, Razorpay ids ~20, Meta ids ~16 digits).
 */
export const MAX_KEY_ID_BYTES = 512;
const utf8 = new TextEncoder();

export const keyId = (what = 'id') =>
  z
    .string()
    .min(1, `${what} is required`)
    .refine((v) => utf8.encode(v).length <= MAX_KEY_ID_BYTES, `must be at most ${MAX_KEY_ID_BYTES} bytes (UTF-8)`);
