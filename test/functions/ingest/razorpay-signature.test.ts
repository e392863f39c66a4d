import { describe, expect, it } from 'vitest';
import { signRazorpayBody, verifyRazorpaySignature } from '../../../functions/domain/ingest/razorpay-signature.js';

/** Razorpay's webhook signature: hex HMAC-SHA256 of the raw body with the webhook secret. */
const SECRET = 'whsec_signature_unit';
const BODY = '{"entity":"event","event":"payment.captured"}';

describe('verifyRazorpaySignature', () => {
  it('accepts the signature Razorpay computes, in either hex case, over the same bytes as string or Buffer', () => {
    const sig = signRazorpayBody(BODY, SECRET);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyRazorpaySignature(BODY, sig, SECRET)).toBe(true);
    expect(verifyRazorpaySignature(Buffer.from(BODY), sig.toUpperCase(), SECRET)).toBe(true);
  });

  it('refuses another body, another secret, a missing or malformed header', () => {
    const sig = signRazorpayBody(BODY, SECRET);
    expect(verifyRazorpaySignature(`${BODY} `, sig, SECRET)).toBe(false);
    expect(verifyRazorpaySignature(BODY, sig, 'whsec_other')).toBe(false);
    expect(verifyRazorpaySignature(BODY, undefined, SECRET)).toBe(false);
    expect(verifyRazorpaySignature(BODY, '', SECRET)).toBe(false);
    expect(verifyRazorpaySignature(BODY, sig.slice(0, 63), SECRET)).toBe(false);
    expect(verifyRazorpaySignature(BODY, `${sig}0`, SECRET)).toBe(false);
    expect(verifyRazorpaySignature(BODY, `${sig.slice(0, 63)}g`, SECRET)).toBe(false);
    expect(verifyRazorpaySignature(BODY, ` ${sig}`, SECRET)).toBe(false);
  });

  it('with no secret configured nothing is valid, not even a body signed with the empty secret', () => {
    expect(verifyRazorpaySignature(BODY, signRazorpayBody(BODY, ''), '')).toBe(false);
  });
});
