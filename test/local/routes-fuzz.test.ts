import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.js';
import { startTestRuntime } from './helpers.js';

/**
 * Issue 15, finding 11: a path that does not decode, or names nothing, is the caller's error (400 / 404),
 * never a 500 — on every route of the runtime. The fixed cases are the ones the black-box probe found;
 * the property runs every route template with hostile segments.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
let rt: Runtime;

beforeAll(async () => {
  rt = await startTestRuntime({
    scheduleDefinitions: [{ name: 'known', description: 'test', expression: 'rate(1 day)', target: { kind: 'lambda', name: 'flaky' }, input: { id: 'x' } }],
  });
}, 60_000);
afterAll(async () => rt?.stop());

async function call(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${rt.url}${path}`, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, text: await res.text() };
}

describe('malformed URL encoding and unknown names', () => {
  it.each([
    ['GET', '/executions/%ff', 400],
    ['GET', '/events/%/trace', 400],
    ['GET', '/events/%E0%A4%A/trace', 400],
    ['POST', '/schedules/%zz/run', 400],
    ['POST', '/schedules/no-such/run', 404],
    ['GET', '/executions/arn:aws:states:local:000000000000:execution:none:none', 404],
    ['GET', '/events/no-such-event/trace', 404],
  ])('%s %s → %i', async (method, path, expected) => {
    const { status, text } = await call(method, path);
    expect(status).toBe(expected);
    expect(JSON.parse(text)).toHaveProperty('error');
  });

  it('an unknown schedule name is named in the 404, cut when attacker-sized', async () => {
    const long = 'x'.repeat(10_000);
    const { status, text } = await call('POST', `/schedules/${long}/run`);
    expect(status).toBe(404);
    expect(text.length).toBeLessThan(1_000);
    expect(text).toContain('(10000 bytes)');
  });

  it('every route, every method, hostile segments: never a 5xx', async () => {
    const templates = ['/executions/{}', '/events/{}/trace', '/schedules/{}/run', '/dlq/{}', '/events/{}', '/{}', '/webhooks/{}', '/{}/{}'];
    const segment = fc.oneof(
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
      fc.constantFrom('%', '%f', '%ff', '%c0%af', '%ed%a0%80', '%00', '..', '%2e%2e', '%252f', '~', '%u0041', '%E0%A4'),
      fc.stringMatching(/^[%A-Za-z0-9._~:-]{0,30}$/),
    );
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...templates),
        fc.array(segment, { minLength: 2, maxLength: 2 }),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        async (template, segs, method) => {
          const path = template.replace('{}', segs[0]!).replace('{}', segs[1]!);
          const { status, text } = await call(method, path, method === 'POST' ? '{}' : undefined);
          if (status >= 500) failures.push(`${method} ${path} → ${status} ${text.slice(0, 200)}`);
          return status < 500;
        },
      ),
      { numRuns: 300, seed: SEED },
    );
    expect(failures).toEqual([]);
  });
});
