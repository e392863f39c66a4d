import { afterEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../functions/wiring/shared.js';

// Each case imports the modules fresh: which module registers the gateway is what is under test.
const sentToDynamo: { TableName?: string }[] = [];
const db = { send: async (command: { input: { TableName?: string } }) => (sentToDynamo.push(command.input), {}) };
const base = { tableName: 't', db, messages: {}, publisher: {}, secrets: { get: async () => '{}' } } as unknown as Deps;

describe('payment deps wiring', () => {
  afterEach(async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    delete process.env.RAZORPAY_API_SECRET_ID;
  });

  it('without the Razorpay wiring, reaching for the gateway fails with what to import; the store works', async () => {
    // Prepare
    const { getPaymentDeps } = await import('../../../functions/adapters/razorpay/payment-deps.js');
    sentToDynamo.length = 0;
    // Act
    const deps = getPaymentDeps(base);
    // Assess
    expect(() => deps.gateway.fetchLink('plink_1')).toThrow(/Razorpay is not wired into this function \(gateway\.fetchLink\).*live-payment-deps/);
    expect(await deps.store.get('pr_none')).toBeUndefined();
    expect(sentToDynamo).toEqual([expect.objectContaining({ TableName: 't' })]);
    // built once per set of shared adapters
    expect(getPaymentDeps(base)).toBe(deps);
    expect(getPaymentDeps({ ...base })).not.toBe(deps);
  });

  it('live-payment-deps wires the Razorpay gateway, also into deps built before it was imported', async () => {
    // Prepare
    process.env.RAZORPAY_API_SECRET_ID = 'local/razorpay/api-key';
    const core = await import('../../../functions/adapters/razorpay/payment-deps.js');
    const before = core.getPaymentDeps(base);
    // Act
    const live = await import('../../../functions/adapters/razorpay/live-payment-deps.js');
    const { RazorpayGateway } = await import('../../../functions/adapters/razorpay/client.js');
    const after = live.getPaymentDeps(base);
    // Assess
    expect(after).not.toBe(before);
    expect(after.gateway).toBeInstanceOf(RazorpayGateway);
  });
});
