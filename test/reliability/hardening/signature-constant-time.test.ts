import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The Razorpay signature check compares in constant time: every well-formed wrong signature —
 * wrong in its first or only in its last byte — goes through crypto.timingSafeEqual on buffers of
 * equal length (no early-exit string comparison), and the genuine one passes.
 */
const calls: { a: number; b: number }[] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      calls.push({ a: a.byteLength, b: b.byteLength });
      return real.timingSafeEqual(a, b);
    },
  };
});

const { verifyRazorpaySignature, signRazorpayBody } = await import('../../../functions/domain/ingest/razorpay-signature.js');

afterEach(() => void (calls.length = 0));

describe('verifyRazorpaySignature', () => {
  const secret = 'whsec_constant_time';
  const body = '{"entity":"event","event":"payment_link.paid"}';
  const good = signRazorpayBody(body, secret);
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1);

  it('wrong in the first byte or in the last byte: both compared with timingSafeEqual on 32-byte buffers, both false', () => {
    const wrong = [flip(good, 0), flip(good, 63), flip(good, 31), '0'.repeat(64), 'f'.repeat(64)];
    const results = wrong.map((s) => verifyRazorpaySignature(body, s, secret));
    expect(results).toEqual(wrong.map(() => false));
    expect(calls).toEqual(wrong.map(() => ({ a: 32, b: 32 })));
    console.log(`RELIABILITY security constant_time_compare wrong_equal_length=${wrong.length} via_timingSafeEqual=${calls.length}`);
  });

  it('the genuine signature passes through the same comparison', () => {
    expect(verifyRazorpaySignature(body, good, secret)).toBe(true);
    expect(verifyRazorpaySignature(body, good.toUpperCase(), secret)).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('malformed signatures are refused before any comparison (length is not secret)', () => {
    for (const s of [undefined, '', good.slice(0, 63), `${good}00`, 'x'.repeat(64)]) expect(verifyRazorpaySignature(body, s, secret)).toBe(false);
    expect(verifyRazorpaySignature(body, good, '')).toBe(false);
    expect(calls).toHaveLength(0);
  });
});
