import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.js';
import { FIXTURES, flakyRule, globals, startTestRuntime } from './helpers.js';

const g = globalThis as { __failWhile?: boolean; __failWhileCalls?: string[] };

/** The console API over HTTP, as the console calls it (bearer token, JSON). */
describe('console API (server routes): executions, history, DLQ, replay, stream', () => {
  let rt: Runtime;
  let api: (path: string, init?: { method?: string; body?: unknown }) => Promise<{ status: number; body: any }>;
  beforeAll(async () => {
    rt = await startTestRuntime({
      timeScale: 0.001,
      rules: [flakyRule],
      targetRetry: { attempts: 2, baseDelayMs: 1 },
      stateMachinesDir: join(FIXTURES, 'sfn-operations'),
    });
    api = async (path, init = {}) => {
      const res = await fetch(`${rt.url}/console/api${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${rt.consoleToken}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: res.status, body: await res.json() };
    };
  });
  afterAll(async () => rt?.stop());
  beforeEach(() => {
    g.__failWhile = false;
    g.__failWhileCalls = [];
  });

  it('lists the state machines with their deployed definition', async () => {
    const { status, body } = await api('/state-machines');
    expect(status).toBe(200);
    expect(body.map((m: { name: string }) => m.name).sort()).toEqual(['long-wait', 'redrivable']);
    const redrivable = body.find((m: { name: string }) => m.name === 'redrivable');
    expect(redrivable.arn).toBe('arn:aws:states:local:000000000000:stateMachine:redrivable');
    // Placeholders resolved, as deployed locally
    expect(redrivable.definition.States.Step.Parameters.FunctionName).toMatch(/^arn:aws:lambda:local:\d+:function:fail-while$/);
    expect(redrivable.examples).toEqual([]);
  });

  it('starts, fails, redrives and exports the history of an execution', async () => {
    g.__failWhile = true;
    const started = await api('/executions', { method: 'POST', body: { stateMachine: 'redrivable', name: 'console-run', input: { subject: 'c1', items: [] } } });
    expect(started.status).toBe(200);
    expect(started.body.executionArn).toBe('arn:aws:states:local:000000000000:execution:redrivable:console-run');
    expect(Number.isNaN(Date.parse(started.body.startDate))).toBe(false);
    const arn = encodeURIComponent(started.body.executionArn);
    await rt.waitForExecution((e) => e.executionArn === started.body.executionArn);
    g.__failWhile = false;
    const redriven = await api(`/executions/${arn}/redrive`, { method: 'POST' });
    expect(redriven.status).toBe(200);
    const done = await rt.waitForExecution((e) => e.executionArn === started.body.executionArn && e.status !== 'RUNNING');
    expect(done.status).toBe('SUCCEEDED');
    const history = await api(`/executions/${arn}/history`);
    expect(history.status).toBe(200);
    const types = history.body.events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toContain('ExecutionRedriven');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(history.body.events[0]).toMatchObject({ id: 1, previousEventId: 0, executionStartedEventDetails: { input: JSON.stringify({ subject: 'c1', items: [] }) } });
    expect(Date.parse(history.body.events[0].timestamp)).toBeGreaterThan(0);
    // A second redrive of a succeeded execution: 409 with the AWS error name
    const again = await api(`/executions/${arn}/redrive`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'ExecutionNotRedrivable', message: expect.stringContaining('SUCCEEDED') });
  });

  it('stops a running execution with a reason', async () => {
    const started = await api('/executions', { method: 'POST', body: { stateMachine: 'long-wait', input: {} } });
    const arn = encodeURIComponent(started.body.executionArn);
    const stopped = await api(`/executions/${arn}/stop`, { method: 'POST', body: { error: 'Console.Stop', cause: 'by hand' } });
    expect(stopped.status).toBe(200);
    expect(Number.isNaN(Date.parse(stopped.body.stopDate))).toBe(false);
    expect(rt.execution(started.body.executionArn)).toMatchObject({ status: 'ABORTED', error: 'Console.Stop', cause: 'by hand' });
  });

  it('gives field-level errors for bad input', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['/executions', 'POST', { input: {} }, 400, 'stateMachine'],
      ['/executions', 'POST', { stateMachine: 'nope' }, 400, 'stateMachine'],
      ['/executions', 'POST', { stateMachine: 'long-wait', name: 'has spaces' }, 400, 'name'],
      [`/executions/${encodeURIComponent('arn:aws:states:local:000000000000:execution:long-wait:none')}/stop`, 'POST', {}, 404, ''],
      [`/executions/not-an-arn/history`, 'GET', undefined, 400, 'executionArn'],
      ['/dlq/redrive', 'POST', { ids: 'all' }, 400, 'ids'],
      ['/dlq/redrive', 'POST', { ids: ['no-such-letter'] }, 404, 'ids'],
      ['/replay', 'POST', { from: 'yesterday' }, 400, 'from'],
      ['/replay', 'POST', { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 400, 'from'],
    ];
    for (const [path, method, body, status, field] of cases) {
      const res = await api(path, { method, body });
      expect([path, res.status]).toEqual([path, status]);
      expect(typeof res.body.error).toBe('string');
      expect(typeof res.body.message).toBe('string');
      if (field) expect([path, res.body.field]).toEqual([path, field]);
    }
    // Same name, other input: the API's ExecutionAlreadyExists
    await api('/executions', { method: 'POST', body: { stateMachine: 'long-wait', name: 'twice', input: { a: 1 } } });
    const clash = await api('/executions', { method: 'POST', body: { stateMachine: 'long-wait', name: 'twice', input: { a: 2 } } });
    expect([clash.status, clash.body.error]).toEqual([409, 'ExecutionAlreadyExists']);
    await api(`/executions/${encodeURIComponent('arn:aws:states:local:000000000000:execution:long-wait:twice')}/stop`, { method: 'POST', body: {} });
  });

  it('lists and redrives dead letters', async () => {
    globals.__flakyFailures = 2;
    globals.__flakyCalls = [];
    await rt.putEvent('flaky.ping', { eventId: 'console-dlq' }, 'test.local');
    await rt.idle();
    const listed = await api('/dlq');
    const letter = listed.body.deadLetters.find((l: any) => l.event.detail.eventId === 'console-dlq');
    expect(letter).toMatchObject({ rule: 'test-flaky', attempts: 2 });
    const redriven = await api('/dlq/redrive', { method: 'POST', body: { ids: [letter.id] } });
    expect(redriven.body).toEqual({ redriven: [letter.id], failedAgain: [] });
    expect((await api('/dlq')).body.deadLetters.some((l: any) => l.id === letter.id)).toBe(false);
  });

  it('counts a replay on a dry run without replaying, then replays', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    await rt.putEvent('replayed.thing', { eventId: 'rp-1' }, 'test.local');
    await rt.putEvent('replayed.thing', { eventId: 'rp-2' }, 'test.local');
    const seen = () => rt.events({ detailType: 'replayed.thing' }).length;
    const before = seen();
    const to = new Date(Date.now() + 1000).toISOString();
    // Event times have EventBridge's second precision: count what the archive holds in the range.
    const inRange = rt.events().filter((e) => !e.detail?.['replay-name'] && Date.parse(e.time) >= Date.parse(from) && Date.parse(e.time) < Date.parse(to)).length;
    const dry = await api('/replay', { method: 'POST', body: { from, to, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, count: inRange });
    expect(dry.body.count).toBeGreaterThanOrEqual(2);
    expect(seen()).toBe(before);
    const real = await api('/replay', { method: 'POST', body: { from, to, name: 'console-replay' } });
    expect(real.body).toMatchObject({ dryRun: false, count: inRange, replayName: 'console-replay' });
    expect(seen()).toBe(before + 2);
  });

  it('streams bus events, execution status changes and dead letters as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${rt.url}/console/api/stream`, { headers: { authorization: `Bearer ${rt.consoleToken}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const received: { event: string; data: any }[] = [];
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.+)$/m.exec(frame)?.[1];
          const data = /^data: (.+)$/m.exec(frame)?.[1];
          if (event && data) received.push({ event, data: JSON.parse(data) });
        }
      }
    })().catch(() => undefined);
    const waitFor = async (pred: (e: { event: string; data: any }) => boolean) => {
      for (let i = 0; i < 400 && !received.some(pred); i++) await new Promise((r) => setTimeout(r, 10));
      return received.find(pred);
    };
    try {
      // An open console does not keep the runtime busy.
      await rt.idle(3_000);
      await rt.putEvent('streamed.thing', { eventId: 'st-1' }, 'test.local');
      expect(await waitFor((e) => e.event === 'bus-event' && e.data.record.detail.eventId === 'st-1')).toMatchObject({
        data: { bus: 'custom', record: { detailType: 'streamed.thing' } },
      });
      const started = await api('/executions', { method: 'POST', body: { stateMachine: 'long-wait', name: 'streamed', input: {} } });
      expect(await waitFor((e) => e.event === 'execution' && e.data.executionArn === started.body.executionArn && e.data.status === 'RUNNING')).toBeDefined();
      await api(`/executions/${encodeURIComponent(started.body.executionArn)}/stop`, { method: 'POST', body: {} });
      expect(await waitFor((e) => e.event === 'execution' && e.data.executionArn === started.body.executionArn && e.data.status === 'ABORTED')).toBeDefined();
      globals.__flakyFailures = 2;
      await rt.putEvent('flaky.ping', { eventId: 'streamed-dlq' }, 'test.local');
      expect(await waitFor((e) => e.event === 'dead-letter' && e.data.change === 'added' && e.data.letter.event.detail.eventId === 'streamed-dlq')).toBeDefined();
      await api('/dlq/redrive', { method: 'POST', body: {} });
      expect(await waitFor((e) => e.event === 'dead-letter' && e.data.change === 'redriven' && e.data.letter.event.detail.eventId === 'streamed-dlq')).toBeDefined();
    } finally {
      controller.abort();
      await pump;
    }
  });
});
