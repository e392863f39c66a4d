import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { FIXTURE_MACHINES, globals, HANDLER_DIRS, sdkConfig, until } from './helpers.js';

const MACHINE = 'arn:aws:states:local:000000000000:stateMachine:token-wait';
const options = { port: 0, quiet: true, sandboxes: false, timeScale: 0.001, rules: [], stateMachinesDir: FIXTURE_MACHINES, handlersDir: HANDLER_DIRS };

describe('Step Functions engine (aws-local-stepfunctions + local integrations)', () => {
  let rt: Runtime;
  let sfn: SFNClient;
  beforeAll(async () => {
    rt = await startRuntime({ ...options, memory: true });
    sfn = new SFNClient(sdkConfig(rt.url));
  });
  afterAll(async () => rt?.stop());

  it('runs Wait (SecondsPath, scaled), lambda:invoke with $.Payload, a token wait, dynamodb:putItem and events:putEvents', async () => {
    // Prepare: 600 s of Wait is 0.6 s at ×0.001
    const start = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'full-path', input: JSON.stringify({ subject: 'full', waitSeconds: 600 }) }));
    // Act: the execution is in its Wait; the runtime counts that as idle
    await rt.idle();
    expect(globals.__parkedTokens?.some((p) => p.subject === 'full')).toBeFalsy();
    const parked = await until(() => globals.__parkedTokens?.find((p) => p.subject === 'full'), 10_000);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: parked.taskToken, output: JSON.stringify({ result: 'approved' }) }));
    const done = await rt.waitForExecution((e) => e.executionArn === start.executionArn);
    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toMatchObject({ enriched: { echoed: 'full', status: 200 }, outcome: { result: 'approved' } });
    const item = await rt.dynamo.send(new GetItemCommand({ TableName: rt.tableName, Key: { pk: { S: 'TEST#full' }, sk: { S: 'OUTCOME' } } }));
    expect(item.Item?.outcome?.S).toBe('approved');
    expect(rt.events({ detailType: 'test.done' }).map((e) => e.detail)).toContainEqual({ eventId: 'done:full', subject: 'full', echoed: 'full' });
    const types = rt.execution(start.executionArn!)!.history.map((h) => `${h.type}${h.state ? `:${h.state}` : ''}`);
    expect(types).toEqual(expect.arrayContaining(['ExecutionStarted', 'StateEntered:Pause', 'StateExited:Park', 'ExecutionSucceeded']));
  });

  it('times a token wait out on the scaled clock (TimeoutSeconds 600 ≈ 0.6 s) as States.Timeout, which Catch handles', async () => {
    const start = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'times-out', input: JSON.stringify({ subject: 'late', waitSeconds: 0 }) }));
    const done = await rt.waitForExecution((e) => e.executionArn === start.executionArn, 10_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toMatchObject({ final: 'timed-out', error: { Error: 'States.Timeout' } });
    // The dead token is refused afterwards.
    const token = globals.__parkedTokens!.find((p) => p.subject === 'late')!.taskToken;
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('reads TimeoutSecondsPath from the state input, as Step Functions does, and scales it', async () => {
    // Prepare: the library alone would look for $.clock.seconds in the Parameters output and fail the execution
    const machine = 'arn:aws:states:local:000000000000:stateMachine:timeout-path';
    const late = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'path-late', input: JSON.stringify({ subject: 'path-late', clock: { seconds: 300 } }) }),
    );
    const kept = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'path-kept', input: JSON.stringify({ subject: 'path-kept', clock: { seconds: 100_000 } }) }),
    );
    // Act: 300 s ≈ 0.3 s runs out; the other is resumed before its 100 s
    const lateDone = await rt.waitForExecution((e) => e.executionArn === late.executionArn, 10_000);
    const parked = await until(() => globals.__parkedTokens?.find((p) => p.subject === 'path-kept'));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: parked.taskToken, output: JSON.stringify({ result: 'in time' }) }));
    const keptDone = await rt.waitForExecution((e) => e.executionArn === kept.executionArn);
    // Assess: the task saw only its own Payload, never the engine's carrier field
    expect(lateDone).toMatchObject({ status: 'SUCCEEDED', output: { final: 'timed-out', error: { Error: 'States.Timeout' } } });
    expect(keptDone).toMatchObject({ status: 'SUCCEEDED', output: { outcome: { result: 'in time' } } });
    expect(Object.keys(parked).sort()).toEqual(['subject', 'taskToken']);
  });

  it('fails a token wait without heartbeats after HeartbeatSeconds (scaled), and keeps one that heartbeats alive', async () => {
    // Prepare: HeartbeatSeconds 2000 ≈ 2 s (wide enough that a loaded machine's latency never eats a beat)
    const hb = 'arn:aws:states:local:000000000000:stateMachine:heartbeat';
    const silent = await sfn.send(new StartExecutionCommand({ stateMachineArn: hb, name: 'hb-silent', input: JSON.stringify({ subject: 'hb-silent' }) }));
    const alive = await sfn.send(new StartExecutionCommand({ stateMachineArn: hb, name: 'hb-alive', input: JSON.stringify({ subject: 'hb-alive' }) }));
    const token = (await until(() => globals.__parkedTokens?.find((p) => p.subject === 'hb-alive'))).taskToken;
    // Act: heartbeat the second one every 0.25 s for ~3 s (longer than one window), then succeed it
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ result: 'kept alive' }) }));
    // Assess
    const silentDone = await rt.waitForExecution((e) => e.executionArn === silent.executionArn);
    expect(silentDone).toMatchObject({ status: 'FAILED', error: 'Parked.NoHeartbeat' });
    const aliveDone = await rt.waitForExecution((e) => e.executionArn === alive.executionArn);
    expect(aliveDone.status).toBe('SUCCEEDED');
    expect(aliveDone.output.outcome).toEqual({ result: 'kept alive' });
  });

  it('provides the Context Object fields the ASL files use ($$.Execution.*, $$.StateMachine.Name, $$.State.Name/EnteredTime)', async () => {
    const start = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:context-object', name: 'ctx-1', input: JSON.stringify({ a: 1 }) }),
    );
    const done = await rt.waitForExecution((e) => e.executionArn === start.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toMatchObject({
      executionId: start.executionArn,
      executionName: 'ctx-1',
      input: { a: 1 },
      machine: 'context-object',
      state: 'Describe Me',
      eventId: 'workflow-failed:ctx-1:Describe Me',
    });
    expect(Date.parse(done.output.enteredAt)).not.toBeNaN();
    expect(Date.parse(done.output.startTime)).not.toBeNaN();
  });

  it('traces executions under the event that started them and the event that resumed them', async () => {
    // Prepare: a rule-less start, traced through the SDK context of a "handler"
    const start = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'traced', input: JSON.stringify({ subject: 'traced', waitSeconds: 0 }) }));
    const parked = await until(() => globals.__parkedTokens?.find((p) => p.subject === 'traced'));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: parked.taskToken, output: JSON.stringify({ result: 'ok' }) }));
    await rt.waitForExecution((e) => e.executionArn === start.executionArn);
    await rt.idle();
    // Assess: the event the execution published carries its own trace
    expect(rt.trace('done:traced')!.steps[0]).toMatchObject({ kind: 'ingress', detailType: 'test.done' });
  });
});

describe('execution records survive a restart', () => {
  it('lists executions that were running when the process stopped as INTERRUPTED', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'eum-local-'));
    try {
      // Prepare: a persisted runtime with one execution parked on a token
      const first = await startRuntime({ ...options, memory: false, dataDir });
      const sfn = new SFNClient(sdkConfig(first.url));
      const start = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'crossing-restart', input: JSON.stringify({ subject: 'restart', waitSeconds: 0 }) }),
      );
      await until(() => globals.__parkedTokens?.find((p) => p.subject === 'restart'));
      await first.putEvent('kept.event', { eventId: 'kept-1' }, 'test.local');
      // Act
      await first.stop();
      const second = await startRuntime({ ...options, memory: false, dataDir });
      try {
        // Assess
        const listed = await second.executions();
        expect(listed.find((e) => e.executionArn === start.executionArn)).toMatchObject({ status: 'INTERRUPTED', error: 'Local.Interrupted' });
        const replayed = second.replay({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 1000) });
        expect(replayed.count).toBeGreaterThanOrEqual(1);
        const item = await second.dynamo.send(new GetItemCommand({ TableName: second.tableName, Key: { pk: { S: 'TEST#none' }, sk: { S: 'OUTCOME' } } }));
        expect(item.Item).toBeUndefined();
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
