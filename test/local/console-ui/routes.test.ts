import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../events/pattern-matcher.js';
import { startRuntime, type Runtime } from '../../../local/runtime.js';

/** console-ui's half of the console API, over HTTP against an in-memory runtime. */
describe('console API (console-ui routes)', () => {
  let rt: Runtime;
  const get = async (path: string, token = rt.consoleToken) => {
    const res = await fetch(`${rt.url}/console/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${rt.url}/console/api${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.consoleToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
    for (let i = 0; i < 3; i++) await rt.runSchedule('analytics-rollup-daily');
    await rt.putEvent('test.one', { eventId: 'evt-one', templateName: 'order_ready' });
    await rt.putEvent('test.two', { eventId: 'evt-two', phoneNumberId: 'phone-number-id-9' });
    await rt.bus.putEvents([{ EventBusName: 'default', Source: 'aws.social-messaging', DetailType: 'test.default', Detail: JSON.stringify({ eventId: 'evt-default' }) }]);
    await rt.idle();
  });
  afterAll(async () => rt?.stop());

  it('refuses a missing or wrong token', async () => {
    expect((await get('/executions', '')).status).toBe(401);
    expect((await get('/executions', `${rt.consoleToken}x`)).status).toBe(401);
  });

  it('pages executions newest first, filters by machine and status, searches subjects', async () => {
    const all = (await rt.executions()).filter((e) => e.stateMachine === 'analytics-rollup');
    expect(all).toHaveLength(3);
    const first = await get('/executions?machine=analytics-rollup&limit=2');
    expect(first.body.total).toBe(3);
    expect(first.body.executions.map((e: any) => e.executionArn)).toEqual([all[2]!.executionArn, all[1]!.executionArn]);
    const second = await get(`/executions?machine=analytics-rollup&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.executions.map((e: any) => e.executionArn)).toEqual([all[0]!.executionArn]);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await get(`/executions?machine=analytics-rollup&q=${encodeURIComponent(all[1]!.name.toUpperCase())}`)).body.executions.map((e: any) => e.name)).toEqual([all[1]!.name]);
    expect((await get('/executions?status=RUNNING&machine=analytics-rollup')).body.total).toBe(all.filter((e) => e.status === 'RUNNING').length);
    expect((await get('/executions?machine=template-approval')).body.total).toBe(0);
  });

  it('gives the field of a bad query parameter', async () => {
    expect(await get('/executions?limit=0')).toMatchObject({ status: 400, body: { error: 'ValidationError', field: 'limit' } });
    expect(await get('/executions?cursor=-1')).toMatchObject({ status: 400, body: { field: 'cursor' } });
    expect(await get('/executions?from=yesterday')).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await get('/events?bus=other')).toMatchObject({ status: 400, body: { field: 'bus' } });
  });

  it('one execution: record, definition, per-state status, history', async () => {
    const e = (await rt.executions()).find((x) => x.stateMachine === 'analytics-rollup')!;
    const { status, body } = await get(`/executions/${encodeURIComponent(e.executionArn)}`);
    expect(status).toBe(200);
    expect(body.execution.executionArn).toBe(e.executionArn);
    expect(Object.keys(body.definition.States)).toContain(body.definition.StartAt);
    expect(body.states[body.definition.StartAt].status).toBe('succeeded');
    expect(body.history.length).toBe(rt.execution(e.executionArn)!.history.length);
    expect((await get('/executions/arn%3Anope')).status).toBe(404);
  });

  it('events: filter by detail type and search; the journey of one', async () => {
    const one = await get('/events?detailType=test.one');
    expect(one.body.events.map((e: any) => e.detail.eventId)).toEqual(['evt-one']);
    expect((await get('/events?q=phone-number-id-9')).body.events.map((e: any) => e.detail.eventId)).toEqual(['evt-two']);
    expect((await get('/events')).body.detailTypes).toEqual(expect.arrayContaining(['test.one', 'test.two', 'test.default']));
    // Both buses: the default bus's events too (bus.events() keeps the custom bus only).
    expect((await get('/events?bus=default')).body.events.map((e: any) => e.detailType)).toEqual(['test.default']);
    expect((await get('/events?bus=custom')).body.events.map((e: any) => e.detailType)).not.toContain('test.default');
    const journey = await get('/events/evt-one/journey');
    expect(journey.body.eventId).toBe('evt-one');
    expect(journey.body.steps[0].kind).toBe('ingress');
    expect((await get('/events/unknown-id/journey')).status).toBe(404);
  });

  it('pattern tester: the matcher’s error for an invalid pattern; the same matches as the matcher', async () => {
    const invalid = await post('/patterns/test', { pattern: { 'detail-type': 'test.one' } });
    expect(invalid).toMatchObject({ status: 400, body: { error: 'InvalidEventPattern', field: 'pattern' } });
    expect(invalid.body.message).toMatch(/detail-type/);
    expect(await post('/patterns/test', { pattern: '{not json' })).toMatchObject({ status: 400, body: { field: 'pattern' } });
    const pattern = { 'detail-type': [{ prefix: 'test.' }] };
    const ok = await post('/patterns/test', { pattern });
    const expected = rt.events().filter((e) => matchesPattern(pattern, { 'detail-type': e.detailType, source: e.source, detail: e.detail }));
    // …and the default bus's test.default, which rt.events() (custom bus) does not list.
    expect(ok.body.matchCount).toBe(expected.length + 1);
    expect(ok.body.matches.map((e: any) => e.detailType).sort()).toEqual([...expected.map((e) => e.detailType), 'test.default'].sort());
  });

  it('actions: the registry as JSON Schema; a bad request answers with the action’s field issues', async () => {
    const { body } = await get('/actions');
    const sendText = body.actions.find((a: any) => a.name === 'send_text');
    expect(sendText.schema.required).toEqual(expect.arrayContaining(['from', 'to', 'text']));
    expect(sendText.schema.properties.text.maxLength).toBeGreaterThan(0);
    const refused = await post('/actions', { action: 'send_text', from: 'p', to: 'not a phone', text: 'hi' });
    expect(refused.status).toBe(400);
    expect(refused.body.answer.error.details.issues.map((i: any) => i.field)).toEqual(['to']);
    const listed = await post('/actions', { action: 'list_capabilities' });
    expect(listed).toMatchObject({ status: 200, body: { status: 200, causedEvents: [] } });
  });

  it('health lists machines, rules and schedules with their next run; run now runs one, an unknown one is 404', async () => {
    const { body } = await get('/health');
    expect(body.stateMachines.map((m: any) => m.name).sort()).toEqual(rt.stepFunctions.machineNames().sort());
    expect(body.stateMachines.map((m: any) => m.name)).toEqual(expect.arrayContaining(['analytics-rollup', 'payment-lifecycle', 'quality-recording', 'template-approval']));
    expect(body.rules.length).toBeGreaterThan(0);
    for (const s of body.schedules) expect(Date.parse(s.nextRun)).toBeGreaterThan(Date.now() - 1000);
    const rollups = async () => (await rt.executions()).filter((e) => e.stateMachine === 'analytics-rollup').length;
    const before = await rollups();
    expect((await post('/schedules/analytics-rollup-daily/run', {})).status).toBe(200);
    expect(await rollups()).toBe(before + 1);
    expect((await post('/schedules/nope/run', {})).status).toBe(404);
  });

  it('nothing typed into a console form or filter gets a 5xx or stops the runtime', async () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('', '-1', '1e9', 'NaN', '%', '%E0%A4%A', '../../etc', '{', '[]', 'null', '\u0000'));
    const json = fc.jsonValue({ maxDepth: 3 });
    const seed = Number(process.env.FUZZ_SEED ?? 20261206);
    await fc.assert(
      fc.asyncProperty(text, text, json, async (a, b, body) => {
        const q = `machine=${encodeURIComponent(a)}&status=${encodeURIComponent(b)}&q=${encodeURIComponent(a)}&from=${encodeURIComponent(b)}&cursor=${encodeURIComponent(a)}&limit=${encodeURIComponent(b)}`;
        const replies = await Promise.all([
          get(`/executions?${q}`),
          get(`/events?bus=${encodeURIComponent(a)}&detailType=${encodeURIComponent(b)}&${q}`),
          get(`/executions/${encodeURIComponent(a)}`),
          get(`/events/${encodeURIComponent(a || 'x')}/journey`),
          post('/patterns/test', { pattern: body }),
          post('/patterns/test', { pattern: a }),
          post('/actions', body),
          post('/actions', { action: 'send_text', from: a, to: b, text: body }),
        ]);
        for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      }),
      { numRuns: 60, seed },
    );
    expect((await fetch(`${rt.url}/health`)).status).toBe(200);
  }, 60_000);
});
