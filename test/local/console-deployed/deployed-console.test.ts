import http from 'node:http';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedConsole, type DeployedConsole } from '../../../local/console-deployed/server.js';
import { resolveStack } from '../../../local/console-deployed/stack.js';
import { startRuntime, type Runtime } from '../../../local/runtime.js';

/**
 * The deployed-stack console against the local runtime as if it were a deployed stack: actions through
 * the runtime's `/actions` signed with SigV4 (the runtime checks the signature), Step Functions through
 * the runtime's AWS-protocol endpoint (`--endpoint-url`), credentials from the environment (the runtime
 * put its own key there, as `npm start` does for its handlers).
 */
describe('deployed-stack console against the local runtime', () => {
  let rt: Runtime;
  let dc: DeployedConsole;
  const example = {
    wabaId: 'waba-0123456789abcdef',
    metaTemplateId: '1234567890123456',
    name: 'order_update',
    language: 'en_US',
    version: 1,
    maxWaitSeconds: 172800,
    clock: { tick: 0, elapsedSeconds: 0 },
  };

  const call = async (path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${dc.url}/console/api${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${init.token ?? dc.token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** The twin's own console API, to compare with. */
  const twin = async (path: string) => (await (await fetch(`${rt.url}/console/api${path}`, { headers: { authorization: `Bearer ${rt.consoleToken}` } })).json()) as any;

  beforeAll(async () => {
    // Real time: a template approval parks on its first one-minute wait long enough to be stopped.
    rt = await startRuntime({ memory: true, port: 0, timeScale: 1, schedules: false, quiet: true });
    await rt.runSchedule('analytics-rollup-daily');
    await rt.idle();
    const target = await resolveStack({ stackUrl: `${rt.url}/actions`, region: 'local', endpointUrl: rt.url });
    dc = await startDeployedConsole(target);
  }, 60_000);
  afterAll(async () => {
    await dc?.close();
    await rt?.stop();
  });

  it('finds the stack’s state machines and says it is the deployed mode', async () => {
    const mode = await call('/mode');
    expect(mode.status).toBe(200);
    expect(mode.body).toMatchObject({ mode: 'deployed', region: 'local', actionsUrl: `${rt.url}/actions` });
    expect(mode.body.stateMachines.map((m: any) => m.name).sort()).toEqual(rt.stepFunctions.machineNames().sort());
    // The twin says it is the twin.
    expect(await twin('/mode')).toEqual({ mode: 'local' });
  });

  it('lists the runtime’s executions, filtered by machine and status, with the twin’s rows', async () => {
    const all = await rt.executions();
    expect(all.length).toBeGreaterThan(0);
    const listed = await call('/executions');
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(all.length);
    const mine = await twin('/executions');
    // The same rows as the twin's own list, but for what only the twin records (which event started it, input subjects).
    expect(listed.body.executions).toEqual(mine.executions.map((e: any) => ({ ...e, startedBy: undefined, subject: undefined, error: undefined })));
    const rollups = await call('/executions?machine=analytics-rollup&status=SUCCEEDED');
    expect(rollups.body.executions.map((e: any) => e.executionArn)).toEqual(
      all
        .filter((e) => e.stateMachine === 'analytics-rollup' && e.status === 'SUCCEEDED')
        .map((e) => e.executionArn)
        .reverse(),
    );
    expect((await call('/executions?machine=nope')).body).toMatchObject({ error: 'ValidationError', field: 'machine' });
  });

  it('starts, describes (graph states as the twin colours them), stops, redrives and exports an execution', async () => {
    const started = await call('/executions', { body: { stateMachine: 'template-approval', name: `deployed-${Date.now()}`, input: example } });
    expect(started.status).toBe(200);
    const arn = started.body.executionArn as string;
    expect(rt.execution(arn)?.status).toBe('RUNNING');
    await expect.poll(async () => (await call(`/executions/${encodeURIComponent(arn)}`)).body.states?.WaitOneMinute?.status, { timeout: 10_000 }).toBe('waiting');
    const page = await call(`/executions/${encodeURIComponent(arn)}`);
    const own = await twin(`/executions/${encodeURIComponent(arn)}`);
    expect(page.body.states).toEqual(own.states);
    expect(page.body.definition).toEqual(own.definition);
    expect(page.body.waitingFor.map((w: any) => [w.state, w.kind])).toEqual([['WaitOneMinute', 'task-token']]);

    const stopped = await call(`/executions/${encodeURIComponent(arn)}/stop`, { body: { error: 'Console.Stopped', cause: 'from the deployed console' } });
    expect(stopped.status).toBe(200);
    expect(rt.execution(arn)).toMatchObject({ status: 'ABORTED', error: 'Console.Stopped' });

    const redriven = await call(`/executions/${encodeURIComponent(arn)}/redrive`, { body: {} });
    expect(redriven.status, JSON.stringify(redriven.body)).toBe(200);
    expect(rt.execution(arn)).toMatchObject({ status: 'RUNNING', redriveCount: 1 });

    const exported = await call(`/executions/${encodeURIComponent(arn)}/history`);
    expect(exported.body.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['ExecutionStarted', 'ExecutionAborted', 'ExecutionRedriven']));
    expect(typeof exported.body.events[0].timestamp).toBe('string');

    // Step Functions' own refusals keep their names.
    const again = await call('/executions', { body: { stateMachine: 'template-approval', name: arn.split(':').pop(), input: { other: true } } });
    expect(again).toMatchObject({ status: 409, body: { error: 'ExecutionAlreadyExists' } });
    expect((await call('/executions', { body: { stateMachine: 'nope', input: {} } })).body).toMatchObject({ error: 'ValidationError', field: 'stateMachine' });
    // Only this stack's executions: an ARN of another machine is refused before any call.
    const foreign = encodeURIComponent('arn:aws:states:local:000000000000:execution:someone-elses:x');
    expect((await call(`/executions/${foreign}/stop`, { body: {} })).status).toBe(404);
  });

  it('runs an action through the signed actions API', async () => {
    const answer = await call('/actions', { body: { action: 'list_capabilities' } });
    expect(answer.status).toBe(200);
    expect(answer.body.answer.capabilities.map((c: any) => c.action)).toContain('send_text');
    const invalid = await call('/actions', { body: { action: 'send_text', to: 'x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.answer.error.code).toBe('ValidationError');
    // The forms are the registry's, as on the twin.
    expect((await call('/actions')).body.actions.length).toBe((await twin('/actions')).actions.length);
  });

  it('a bad signature is refused by the actions API', async () => {
    const target = await resolveStack({
      stackUrl: `${rt.url}/actions`,
      region: 'local',
      endpointUrl: rt.url,
      stateMachines: ['arn:aws:states:local:000000000000:stateMachine:template-approval'],
      credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: 'not-the-secret' },
    });
    const forged = await startDeployedConsole(target);
    try {
      const res = await fetch(`${forged.url}/console/api/actions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${forged.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'list_capabilities' }),
      });
      expect(res.status).toBe(403);
      expect(JSON.stringify(await res.json())).toContain('signature');
    } finally {
      await forged.close();
    }
  });

  it('twin-only routes answer 501 with what is missing and where to look in AWS', async () => {
    const journey = await call('/events/evt-1/journey');
    expect(journey.status).toBe(501);
    expect(journey.body.error).toBe('NotAvailableOnDeployedStack');
    expect(journey.body.message).toMatch(/CloudWatch Logs Insights/);
    for (const [path, init] of [
      ['/events', {}],
      ['/dlq', {}],
      ['/sandbox/customers/919812345678/text', { body: { text: 'hi' } }],
      ['/schedules/analytics-rollup-daily/run', { body: {} }],
      ['/replay', { body: { from: new Date().toISOString(), dryRun: true } }],
      ['/something-new', {}],
    ] as const) {
      const r = await call(path, init);
      expect([path, r.status, r.body.error]).toEqual([path, 501, 'NotAvailableOnDeployedStack']);
      expect(r.body.message.length).toBeGreaterThan(40);
    }
    const health = await call('/health');
    expect(health.status).toBe(200);
    expect(health.body.deployed.note).toMatch(/dead-letter queues/);
    expect(health.body.stateMachines.find((m: any) => m.name === 'analytics-rollup').executions).toBe(
      (await rt.executions()).filter((e) => e.stateMachine === 'analytics-rollup').length,
    );
  });

  it('hostile paths and bodies get a 4xx naming what was wrong, never a 5xx but the twin-only 501', async () => {
    const routes = [
      'GET /executions/{}',
      'GET /executions/{}/history',
      'POST /executions/{}/stop',
      'POST /executions/{}/redrive',
      'POST /executions',
      'GET /executions?limit={}',
      'GET /executions?cursor={}',
      'GET /executions?from={}',
    ];
    const segment = fc.oneof(
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
      fc.constantFrom('%', '%ff', '..', encodeURIComponent('arn:aws:states:local:000000000000:execution:template-approval:missing'), '-1', '1e9'),
    );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .dictionary(fc.constantFrom('stateMachine', 'name', 'input', 'error', 'cause'), fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null)))
        .map((o) => JSON.stringify(o)),
      fc.constantFrom('{', '[]', 'null', '{"__proto__":{"x":1}}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), segment, body, async (route, seg, raw) => {
        const [method, path] = route.replace('{}', seg).split(' ') as [string, string];
        const res = await fetch(`${dc.url}/console/api${path}`, {
          method,
          headers: { authorization: `Bearer ${dc.token}`, 'content-type': 'application/json' },
          body: method === 'POST' ? raw : undefined,
        });
        const answer = (await res.json()) as { error?: string; message?: string };
        if (res.status >= 500) expect(answer.error, `${route} ${seg} ${raw}: ${JSON.stringify(answer)}`).toBe('NotAvailableOnDeployedStack');
        if (res.status >= 400) expect(typeof answer.message, `${route} ${seg}`).toBe('string');
      }),
      { numRuns: 60, seed: 20261206 },
    );
  });

  it('keeps the front door: token, Host and Origin', async () => {
    expect((await call('/executions', { token: '' })).status).toBe(401);
    expect((await call('/executions', { token: `${dc.token}x` })).status).toBe(401);
    const raw = (headers: Record<string, string>, method = 'GET', body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${dc.url}/console/api/executions`, { method, headers: { authorization: `Bearer ${dc.token}`, ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await raw({ host: 'evil.example:80' })).toBe(421);
    expect(await raw({ host: `localhost:${dc.port}` })).toBe(200);
    const start = JSON.stringify({ stateMachine: 'template-approval', input: example });
    expect(await raw({ origin: 'http://evil.example', 'content-type': 'application/json' }, 'POST', start)).toBe(403);
    expect(await raw({ 'content-type': 'text/plain' }, 'POST', start)).toBe(415);
    // The bundle itself needs no token (it holds no data); anything else is not served.
    expect((await fetch(`${dc.url}/elsewhere`)).status).toBe(404);
  });
});
