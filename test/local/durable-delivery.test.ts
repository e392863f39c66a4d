import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DeliveryOutbox } from '../../local/bus/outbox.js';
import type { BusEvent } from '../../local/bus/types.js';
import type { Runtime } from '../../local/runtime.js';
import { flakyRule, globals, startTestRuntime } from './helpers.js';

/**
 * Issue 15, finding 9: a target delivery the bus accepted is on disk before PutEvents answers, and one
 * still pending when the process died is redelivered on the next start — no manual replay. (The
 * SIGKILL-mid-storm proof is test/reliability/hardening/durable-delivery-crash.test.ts.)
 */
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'eum-outbox-'));
  dirs.push(d);
  return d;
};
let rt: Runtime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
  globals.__flakyCalls = [];
  globals.__flakyFailures = 0;
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const event = (eventId: string): BusEvent => ({
  version: '0',
  id: `bus-${eventId}`,
  'detail-type': 'flaky.ping',
  source: 'test.local',
  account: '000000000000',
  time: new Date().toISOString(),
  region: 'local',
  resources: [],
  detail: { eventId },
});
const start = (dataDir: string) => startTestRuntime({ memory: false, dataDir, timeScale: 0.001, rules: [flakyRule], targetRetry: { attempts: 2, baseDelayMs: 1 } });

describe('the delivery outbox', () => {
  it('keeps what is pending across instances (a crash), forgets what is done, survives a torn last line', async () => {
    const dir = tmp();
    const first = new DeliveryOutbox(dir);
    const [a, b] = await first.add([
      { rule: 'r', target: flakyRule.target, event: event('A') },
      { rule: 'r', target: flakyRule.target, event: event('B') },
    ]);
    first.done(a!.id);
    await first.flush();
    appendFileSync(join(dir, 'deliveries.jsonl'), '{"pending":{"id":"torn'); // killed mid-write
    const afterCrash = await new DeliveryOutbox(dir).load();
    expect(afterCrash.map((p) => p.id)).toEqual([b!.id]);
    // Loading compacts: only the pending line is left.
    expect(readFileSync(join(dir, 'deliveries.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('durable target delivery on the runtime', () => {
  it('PutEvents answers only once the delivery is on disk', async () => {
    const dir = tmp();
    rt = await start(dir);
    await rt.putEvent('flaky.ping', { eventId: 'ON-DISK-1' }, 'test.local');
    // Read at once: whether or not the target has finished, the pending line was written first.
    const lines = readFileSync(join(dir, 'deliveries.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ pending: { rule: 'test-flaky', target: flakyRule.target, event: { detail: { eventId: 'ON-DISK-1' } } } });
    await rt.idle();
    expect(globals.__flakyCalls).toEqual(['ON-DISK-1']);
  });

  it('redelivers on start what the last process left pending, without a replay; once only', async () => {
    // Prepare: a process accepted two deliveries and died before their targets ran.
    const dir = tmp();
    const dead = new DeliveryOutbox(dir);
    await dead.add([
      { rule: 'test-flaky', target: flakyRule.target, event: event('PENDING-1') },
      { rule: 'test-flaky', target: flakyRule.target, event: event('PENDING-2') },
    ]);
    // Act
    rt = await start(dir);
    await rt.idle();
    // Assess
    expect([...(globals.__flakyCalls ?? [])].sort()).toEqual(['PENDING-1', 'PENDING-2']);
    expect(rt.trace('PENDING-1')?.steps.map((s) => s.kind)).toEqual(['delivery-resumed', 'target-invoked']);
    await rt.stop();
    rt = undefined;
    globals.__flakyCalls = [];
    rt = await start(dir);
    await rt.idle();
    expect(globals.__flakyCalls).toEqual([]);
  });

  it('a pending delivery that fails again goes to the DLQ (retry policy), one past the maximum event age straight to it', async () => {
    const dir = tmp();
    await new DeliveryOutbox(dir).add([{ rule: 'test-flaky', target: flakyRule.target, event: event('FAILS-AGAIN') }]);
    const old = { id: 'old-1', rule: 'test-flaky', target: flakyRule.target, event: event('TOO-OLD'), acceptedAt: new Date(Date.now() - 25 * 3600_000).toISOString() };
    appendFileSync(join(dir, 'deliveries.jsonl'), `${JSON.stringify({ pending: old })}\n`);
    globals.__flakyFailures = 2;
    rt = await start(dir);
    await rt.idle();
    expect(globals.__flakyCalls).toEqual(['FAILS-AGAIN', 'FAILS-AGAIN']);
    const letters = rt.dlq().map((l) => ({ id: (l.event.detail as { eventId: string }).eventId, error: l.error }));
    expect(letters.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'FAILS-AGAIN', error: expect.stringMatching(/flaky target failed on purpose/) },
      { id: 'TOO-OLD', error: expect.stringMatching(/^MaximumEventAgeExceeded/) },
    ]);
  });
});
