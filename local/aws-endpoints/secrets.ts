import { randomBytes } from 'node:crypto';
import type { LocalSecrets } from './json-protocol.js';

/** Secret ids the handlers get in RAZORPAY_WEBHOOK_SECRET_ID / RAZORPAY_API_SECRET_ID. */
export const SECRET_IDS = { razorpayWebhook: 'local/razorpay/webhook-secret', razorpayApi: 'local/razorpay/api-key' } as const;

export function localSecrets(): LocalSecrets & { raw: { webhookSecret: string; keyId: string; keySecret: string } } {
  // Local-only values: from the environment if given, else generated per process.
  const raw = {
    webhookSecret: process.env.LOCAL_RAZORPAY_WEBHOOK_SECRET ?? `whsec_${randomBytes(12).toString('hex')}`,
    keyId: process.env.LOCAL_RAZORPAY_KEY_ID ?? `rzp_test_${randomBytes(7).toString('hex')}`,
    keySecret: process.env.LOCAL_RAZORPAY_KEY_SECRET ?? randomBytes(18).toString('base64url'),
  };
  const values = new Map<string, string>([
    [SECRET_IDS.razorpayWebhook, raw.webhookSecret],
    [SECRET_IDS.razorpayApi, JSON.stringify({ keyId: raw.keyId, keySecret: raw.keySecret })],
  ]);
  return {
    raw,
    get: (id) => {
      const name = id.replace(/^arn:aws:secretsmanager:[^:]*:[^:]*:secret:/, '');
      const value = values.get(name);
      return value === undefined ? undefined : { name, value };
    },
  };
}
