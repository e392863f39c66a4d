import { describe, expect, it } from 'vitest';
import { RazorpayGateway } from '../../../functions/adapters/razorpay/client.js';
import { paymentDeps } from '../../../functions/wiring/payments.js';
import type { Deps } from '../../../functions/wiring/shared.js';

const sentToDynamo: { TableName?: string }[] = [];
const db = { send: async (command: { input: { TableName?: string } }) => (sentToDynamo.push(command.input), {}) };
const base = { tableName: 't', db, messages: {}, publisher: {}, secrets: { get: async () => '{}' } } as unknown as Deps;

describe('payment deps wiring', () => {
  it('without the Razorpay gateway in its wiring, reaching for the gateway fails with what to pass; the store works', async () => {
    // Prepare
    sentToDynamo.length = 0;
    // Act
    const deps = paymentDeps(base);
    // Assess
    expect(() => deps.gateway.fetchLink('plink_1')).toThrow(/Razorpay is not wired into this function \(gateway\.fetchLink\).*razorpayGateway/);
    expect(await deps.store.get('pr_none')).toBeUndefined();
    expect(sentToDynamo).toEqual([expect.objectContaining({ TableName: 't' })]);
    // built once per set of shared adapters
    expect(paymentDeps(base)).toBe(deps);
    expect(paymentDeps({ ...base })).not.toBe(deps);
  });

  it('a function whose wiring passes razorpayGateway gets Razorpay; loading that wiring gives it to no other function', async () => {
    // Prepare
    process.env.RAZORPAY_API_SECRET_ID = 'local/razorpay/api-key';
    try {
      // Act: what handlers/reconcile-payment.ts and the payments actions do; the registry loads them all in one process locally
      const { razorpayGateway } = await import('../../../functions/wiring/razorpay.js');
      await import('../../../functions/actions/registry.js');
      await import('../../../functions/handlers/actions-payments.js');
      const withRazorpay = paymentDeps(base, razorpayGateway);
      const without = paymentDeps(base);
      // Assess
      expect(withRazorpay.gateway).toBeInstanceOf(RazorpayGateway);
      expect(() => without.gateway.createLink({} as never)).toThrow(/Razorpay is not wired into this function/);
    } finally {
      delete process.env.RAZORPAY_API_SECRET_ID;
    }
  });
});
