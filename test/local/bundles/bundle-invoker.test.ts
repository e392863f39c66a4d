import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FunctionSpec } from '../../../infra/function-catalog.js';
import { LAMBDA_NODE_MAJOR } from '../../../infra/bundling.js';
import { LambdaInvoker } from '../../../local/bus/lambda-invoker.js';
import { BundleInvoker } from '../../../local/lambda/bundle-invoker.js';
import { localFunctionEnvironment, type LocalDeployment } from '../../../local/lambda/bundles-mode.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'local', 'bundled-handlers');

// The same fixture handler under three catalogue entries: only the grant differs.
const catalog: FunctionSpec[] = [{ name: 'probe', description: 'granted the Razorpay API secret', grants: ['table:read', 'secret:razorpay-api'], timeoutSeconds: 1 }];
const deployment: LocalDeployment = {
  tableName: 'eum-social',
  stateMachines: ['payment-lifecycle'],
  endpoints: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' },
  deploymentDefaults: {},
};

function invoker(specs: FunctionSpec[]): BundleInvoker {
  return new BundleInvoker({ catalog: specs, handlerDirs: [FIXTURES], environmentFor: (spec) => localFunctionEnvironment(spec, deployment), quiet: true });
}

const granted = invoker(catalog);
const ungranted = invoker([{ ...catalog[0]!, grants: ['table:read'] }]);
afterAll(async () => {
  await granted.close();
  await ungranted.close();
});

async function lambdaError(p: Promise<unknown>): Promise<{ errorType: string; errorMessage: string }> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { errorType?: string; errorMessage?: string } | undefined;
  if (!err) throw new Error('the invocation succeeded');
  return { errorType: err.errorType!, errorMessage: err.errorMessage! };
}

describe('bundles mode: each function in its own process, as deployed', () => {
  it('runs on the Node major of the Lambda runtime the stack declares, with a Lambda context', async () => {
    const out = (await granted.invoke('probe', { kind: 'whoami' })) as { node: string; functionName: string; remainingMs: number; pid: number };
    expect(Number(out.node.split('.')[0])).toBe(LAMBDA_NODE_MAJOR);
    expect(out.pid).not.toBe(process.pid);
    expect(out.functionName).toBe('probe');
    expect(out.remainingMs).toBeGreaterThan(0);
    expect(out.remainingMs).toBeLessThanOrEqual(1000);
  });

  it('gives a function exactly the variables its catalogue entry earns: a variable it is not given is missing', async () => {
    // Granted secret:razorpay-api: the stack sets RAZORPAY_API_SECRET_ID for it.
    expect(await granted.invoke('probe', { kind: 'env', name: 'RAZORPAY_API_SECRET_ID' })).toEqual({ value: 'local/razorpay/api-key' });
    // Not granted: the variable is absent even though this test process (and the in-process twin) has it.
    process.env.RAZORPAY_API_SECRET_ID = 'set-in-the-parent';
    try {
      expect(await lambdaError(ungranted.invoke('probe', { kind: 'env', name: 'RAZORPAY_API_SECRET_ID' }))).toEqual({
        errorType: 'Error',
        errorMessage: 'environment variable RAZORPAY_API_SECRET_ID is not set',
      });
      // The single-process twin cannot see the difference: the handler reads the parent's environment.
      expect(await new LambdaInvoker(FIXTURES).invoke('probe', { kind: 'env', name: 'RAZORPAY_API_SECRET_ID' })).toEqual({ value: 'set-in-the-parent' });
    } finally {
      delete process.env.RAZORPAY_API_SECRET_ID;
    }
  });

  it('fails a handler that relies on a dependency only another handler wired, as on AWS', async () => {
    // One shared process: uses-gateway works once wires-gateway has loaded the wiring module.
    const shared = new LambdaInvoker(FIXTURES);
    expect(await shared.invoke('wires-gateway', {})).toEqual({ gateway: 'live gateway' });
    expect(await shared.invoke('uses-gateway', {})).toEqual({ gateway: 'live gateway' });
    // Own bundle, own process: the forgotten import shows.
    const bundles = invoker([]);
    try {
      expect(await bundles.invoke('wires-gateway', {})).toEqual({ gateway: 'live gateway' });
      expect(await lambdaError(bundles.invoke('uses-gateway', {}))).toEqual({ errorType: 'Error', errorMessage: 'no gateway wired: import gateway-live.ts first' });
    } finally {
      await bundles.close();
    }
  });

  it('fails an invocation that runs past the timeout as Lambda reports it, and replaces the environment', async () => {
    const before = (await granted.invoke('probe', { kind: 'whoami' })) as { pid: number };
    const err = await lambdaError(granted.invoke('probe', { kind: 'sleep', ms: 3000 }));
    expect(err.errorType).toBe('Sandbox.Timedout');
    expect(err.errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
    const after = (await granted.invoke('probe', { kind: 'whoami' })) as { pid: number };
    expect(after.pid).not.toBe(before.pid);
    expect(granted.stats().probe!.timeouts).toBe(1);
  });

  it('returns thrown errors as { errorType, errorMessage } and keeps the process warm', async () => {
    const cold = granted.stats().probe!.coldStarts;
    const { pid } = (await granted.invoke('probe', { kind: 'whoami' })) as { pid: number };
    expect(await lambdaError(granted.invoke('probe', { kind: 'throw' }))).toEqual({ errorType: 'GatewayDown', errorMessage: 'the gateway is down' });
    expect(((await granted.invoke('probe', { kind: 'whoami' })) as { pid: number }).pid).toBe(pid);
    expect(granted.stats().probe!.coldStarts).toBe(cold);
  });

  it('answers an unknown function as Lambda does', async () => {
    await expect(granted.invoke('no-such-function', {})).rejects.toThrow(/Function not found/);
  });
});
