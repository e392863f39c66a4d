import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../local/runtime.js';

/**
 * Issue 17: nothing typed in the console can crash the runtime. Every console route of the server side, hostile
 * path segments and hostile JSON bodies: a 4xx with `{error, message}`, never a 5xx (501 for media aside).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
let rt: Runtime;

beforeAll(async () => {
  rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001 });
}, 60_000);
afterAll(async () => rt?.stop());

async function call(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${rt.url}/console/api${path}`, {
    method,
    headers: { authorization: `Bearer ${rt.consoleToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

const POST_ROUTES = [
  '/executions',
  '/executions/{}/stop',
  '/executions/{}/redrive',
  '/dlq/redrive',
  '/replay',
  '/sandbox/customers/{}/text',
  '/sandbox/customers/{}/button',
  '/sandbox/customers/{}/quick-reply',
  '/sandbox/customers/{}/list',
  '/sandbox/customers/{}/flow',
  '/sandbox/customers/{}/order',
  '/sandbox/templates',
  '/sandbox/templates/{}/approve',
  '/sandbox/templates/{}/reject',
  '/sandbox/templates/{}/status',
  '/sandbox/templates/{}/quality',
  '/sandbox/review-plan',
  '/sandbox/phone/quality',
  '/sandbox/delivery-plan',
  '/sandbox/payment-links/{}/pay',
  '/sandbox/payment-links/{}/fail',
  '/sandbox/payment-links/{}/expire',
  '/sandbox/payment-links/{}/cancel',
  '/sandbox/payments/{}/refund',
  '/sandbox/razorpay/webhook-loss',
  '/sandbox/razorpay/redeliver',
  '/sandbox/eum/entries',
  '/sandbox/faults',
];
const GET_ROUTES = ['/executions/{}/history', '/sandbox/conversations/{}', '/state-machines', '/dlq', '/sandbox/state', '/sandbox/faults'];

const segment = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%', '%ff', '%c0%af', '%00', '..', 'arn%3Aaws%3Astates%3Alocal%3A0%3Aexecution%3Ax%3Ay', '919876543210', '%E0%A4'),
);
const hostileValue = fc.oneof(
  fc.constantFrom(null, true, -1, 0, 1e308, -0, '', ' ', '__proto__', 'x'.repeat(5_000), '2026-13-45', '1970-01-01T00:00:00Z'),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
);
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom(
        'stateMachine',
        'name',
        'input',
        'ids',
        'from',
        'to',
        'dryRun',
        'text',
        'id',
        'title',
        'amount',
        'reason',
        'rating',
        'event',
        'outcome',
        'aws',
        'eum',
        'razorpay',
        'entry',
        'template',
        'status',
        'items',
        'catalogId',
        'flowToken',
        'response',
        'on',
        '__proto__',
        'constructor',
      ),
      hostileValue,
    )
    .map((o) => JSON.stringify(o)),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"aws":{"putEvents":{"rate":1e400}}}', '[]', 'null', '"text"', '{', '{"stateMachine":"x"}'),
);

describe('console API under hostile input', () => {
  it('never answers 5xx, and every error names what was wrong', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ROUTES, ...GET_ROUTES), segment, hostileJson, async (template, seg, body) => {
        const path = template.replace('{}', seg);
        const method = GET_ROUTES.includes(template) ? 'GET' : 'POST';
        const { status, text } = await call(method, path, method === 'POST' ? body : undefined);
        const bad = (status >= 500 && status !== 501) || (status >= 400 && typeof JSON.parse(text).error !== 'string');
        if (bad) failures.push(`${method} ${path} ${body.slice(0, 80)} → ${status} ${text.slice(0, 200)}`);
        return !bad;
      }),
      { numRuns: 400, seed: SEED },
    );
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Switched on by a random body? Off again for the other tests of this process.
    await call('POST', '/sandbox/faults', JSON.stringify({ aws: null, eum: null, razorpay: null }));
  });
});
