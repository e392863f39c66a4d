import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMessageStore } from '../../functions/adapters/dynamodb/message-store.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { rules as projectRules } from '../../events/rules/index.js';
import { DetailType, EVENT_SOURCE } from '../../events/names.js';
import type { Runtime } from '../../local/runtime.js';
import { flakyRule, globals, startTestRuntime } from './helpers.js';

describe('local EventBridge bus', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startTestRuntime({ timeScale: 0.001, rules: [...projectRules, flakyRule], targetRetry: { attempts: 3, baseDelayMs: 1 } });
  });
  afterAll(async () => rt?.stop());

  it('routes with the project rules: a message.status event reaches record-message, which stores it', async () => {
    // Prepare
    const detail = {
      eventId: 'status:wamid.BUS1:delivered',
      occurredAt: '2026-03-01T10:00:00.000Z',
      receivedAt: '2026-03-01T10:00:01.000Z',
      phoneNumberId: '106540352242922',
      messageKey: 'wamid.BUS1',
      wamid: 'wamid.BUS1',
      status: 'delivered',
      recipient: '15550001111',
      via: 'meta-webhook',
    };
    // Act
    await rt.putEvent(DetailType.MessageStatus, detail, EVENT_SOURCE);
    await rt.idle();
    // Assess
    const trace = rt.trace(detail.eventId)!;
    expect(trace.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['ingress', 'rule-matched', 'target-invoked', 'item-written']));
    expect(trace.steps.find((s) => s.kind === 'rule-matched')?.rule).toBe('record-message');
    const store = new DynamoMessageStore(createDocumentClient(rt.dynamo), rt.tableName);
    expect((await store.getMessage('wamid.BUS1'))?.status).toBe('delivered');
  });

  it('routes aws.social-messaging events on the default bus with the forward rule, and keeps them off the custom bus', async () => {
    const out = await rt.bus.putEvents([
      { EventBusName: 'default', Source: 'aws.social-messaging', DetailType: 'WhatsApp Message Delivered', Detail: JSON.stringify({ probe: 'default-bus-1' }) },
    ]);
    await rt.idle();
    const busEventId = (out.Entries[0] as { EventId: string }).EventId;
    const trace = rt.trace(busEventId)!;
    expect(trace.steps.find((s) => s.kind === 'rule-matched')?.rule).toBe('forward-social-messaging');
    expect(trace.steps.some((s) => s.kind === 'target-invoked' && s.actor === 'lambda:ingest-eum')).toBe(true);
    expect(rt.events().some((e) => e.id === busEventId)).toBe(false);
  });

  it('does not route events no rule matches', async () => {
    await rt.putEvent('nobody.listens', { eventId: 'unrouted-1' }, 'test.local');
    await rt.idle();
    expect(rt.trace('unrouted-1')!.steps.map((s) => s.kind)).toEqual(['ingress']);
  });

  it('retries a failing target, then succeeds without dead-lettering', async () => {
    globals.__flakyFailures = 2;
    globals.__flakyCalls = [];
    await rt.putEvent('flaky.ping', { eventId: 'flaky-recovers' }, 'test.local');
    await rt.idle();
    expect(globals.__flakyCalls).toEqual(['flaky-recovers', 'flaky-recovers', 'flaky-recovers']);
    expect(rt.dlq().filter((d) => d.event.detail.eventId === 'flaky-recovers')).toHaveLength(0);
  });

  it('dead-letters after the last attempt and redrives from the DLQ', async () => {
    // Prepare: more failures than attempts
    globals.__flakyFailures = 3;
    globals.__flakyCalls = [];
    // Act
    await rt.putEvent('flaky.ping', { eventId: 'flaky-dlq' }, 'test.local');
    await rt.idle();
    // Assess: in the DLQ with the error, listed over HTTP
    const letters = rt.dlq().filter((d) => d.event.detail.eventId === 'flaky-dlq');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ rule: 'test-flaky', attempts: 3, target: { kind: 'lambda', name: 'flaky' } });
    expect(letters[0]!.error).toContain('flaky target failed on purpose');
    const listed = (await (await fetch(`${rt.url}/dlq`)).json()) as { deadLetters: { id: string }[] };
    expect(listed.deadLetters.map((d) => d.id)).toContain(letters[0]!.id);
    expect(rt.trace('flaky-dlq')!.steps.some((s) => s.kind === 'dead-lettered')).toBe(true);

    // Act: redrive over HTTP now that the target works
    const res = await fetch(`${rt.url}/dlq/redrive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: [letters[0]!.id] }) });
    // Assess
    expect(await res.json()).toEqual({ redriven: [letters[0]!.id], failedAgain: [] });
    expect(rt.dlq().filter((d) => d.event.detail.eventId === 'flaky-dlq')).toHaveLength(0);
    expect(globals.__flakyCalls!.filter((c) => c === 'flaky-dlq')).toHaveLength(4);
  });

  it('archives every event and replays a time range through the rules', async () => {
    // Prepare
    const from = new Date(Date.now() - 1000);
    globals.__flakyFailures = 0;
    globals.__flakyCalls = [];
    await rt.putEvent('flaky.ping', { eventId: 'replay-me' }, 'test.local');
    await rt.idle();
    const to = new Date(Date.now() + 1000);
    // Act
    const replay = rt.replay({ from, to, name: 'test-replay' });
    await rt.idle();
    // Assess: the target saw the event again, and the replayed copy is marked
    expect(replay.count).toBeGreaterThanOrEqual(1);
    expect(globals.__flakyCalls!.filter((c) => c === 'replay-me')).toHaveLength(2);
    const empty = rt.replay({ from: new Date(0), to: new Date(1000) });
    expect(empty.count).toBe(0);
  });
});
