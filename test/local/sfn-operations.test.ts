import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.js';
import { FIXTURES, sdkConfig, startTestRuntime } from './helpers.js';

const MACHINES = join(FIXTURES, 'sfn-operations');

const REDRIVABLE = 'arn:aws:states:local:000000000000:stateMachine:redrivable';
const LONG_WAIT = 'arn:aws:states:local:000000000000:stateMachine:long-wait';
const g = globalThis as { __failWhile?: boolean; __failWhileCalls?: string[] };

describe('StopExecution, RedriveExecution, GetExecutionHistory (AWS JSON endpoint)', () => {
  let rt: Runtime;
  let sfn: SFNClient;
  beforeAll(async () => {
    rt = await startTestRuntime({ timeScale: 0.001, stateMachinesDir: MACHINES });
    sfn = new SFNClient(sdkConfig(rt.url));
  });
  afterAll(async () => rt?.stop());
  beforeEach(() => {
    g.__failWhile = false;
    g.__failWhileCalls = [];
  });

  const history = async (executionArn: string): Promise<HistoryEvent[]> => (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

  it('redrives a FAILED execution from the failed state, same ARN, without rerunning what succeeded', async () => {
    // Prepare: Step fails
    g.__failWhile = true;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: REDRIVABLE, name: 'redrive-me', input: JSON.stringify({ subject: 'r1', items: [1, 2] }) }),
    );
    const failed = await rt.waitForExecution((e) => e.executionArn === executionArn);
    expect(failed.status).toBe('FAILED');
    const before = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect([before.redriveCount, before.redriveStatus]).toEqual([0, 'REDRIVABLE']);
    const eventsBefore = (await history(executionArn!)).length;
    // Act: the downstream is back; redrive
    g.__failWhile = false;
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const done = await rt.waitForExecution((e) => e.executionArn === executionArn && e.status !== 'RUNNING');
    // Assess: same execution, succeeded, Step ran twice, Prepare (an echo Task before it) once
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toMatchObject({ subject: 'r1', prepared: { echoed: 'r1' }, step: { value: 'done:r1' }, fanned: [1, 2] });
    expect(g.__failWhileCalls).toEqual(['r1', 'r1']);
    const after = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(after.status).toBe('SUCCEEDED');
    expect(after.redriveCount).toBe(1);
    expect(after.redriveDate?.getTime()).toBe(redriven.redriveDate?.getTime());
    expect(after.redriveStatus).toBe('NOT_REDRIVABLE');
    expect(after.redriveStatusReason).toBe('Execution is SUCCEEDED and cannot be redriven.');
    // The history is appended to: ExecutionFailed, ExecutionRedriven, then Step again — Prepare entered once.
    const events = await history(executionArn!);
    const types = events.map((e) => e.type);
    expect(events.length).toBeGreaterThan(eventsBefore);
    expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
    const redrivenAt = types.indexOf('ExecutionRedriven');
    expect(types[redrivenAt - 1]).toBe('ExecutionFailed');
    expect(events[redrivenAt]!.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
    expect(events.slice(redrivenAt + 1, redrivenAt + 2).map((e) => [e.type, e.stateEnteredEventDetails?.name])).toEqual([['TaskStateEntered', 'Step']]);
    expect(events.filter((e) => e.stateEnteredEventDetails?.name === 'Prepare')).toHaveLength(1);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    // A succeeded execution cannot be redriven.
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
  });

  it('answers GetExecutionHistory in AWS shape: ids, previousEventId, per-type details, Task and Map events', async () => {
    g.__failWhile = true;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: REDRIVABLE, name: 'history-shape', input: JSON.stringify({ subject: 'h1', items: ['a'] }) }),
    );
    await rt.waitForExecution((e) => e.executionArn === executionArn);
    const events = await history(executionArn!);
    expect(events.map((e) => e.id)).toEqual(events.map((_e, i) => i + 1));
    expect(events.map((e) => e.previousEventId)).toEqual(events.map((_e, i) => i));
    expect(events.every((e) => e.timestamp instanceof Date && !Number.isNaN(e.timestamp.getTime()))).toBe(true);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'ExecutionFailed',
    ]);
    expect(events[0]!.executionStartedEventDetails).toMatchObject({ input: JSON.stringify({ subject: 'h1', items: ['a'] }), roleArn: expect.any(String) });
    expect(events[2]!.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
    expect(JSON.parse(events[5]!.stateExitedEventDetails!.output!)).toMatchObject({ prepared: { echoed: 'h1' } });
    expect(events[9]!.taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: expect.any(String) });
    expect(events[10]!.executionFailedEventDetails?.error).toBe(events[9]!.taskFailedEventDetails?.error);

    // Redrive to success: the Map's events follow.
    g.__failWhile = false;
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    await rt.waitForExecution((e) => e.executionArn === executionArn && e.status === 'SUCCEEDED');
    const all = await history(executionArn!);
    const types = all.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'PassStateEntered', 'MapIterationSucceeded', 'MapStateSucceeded', 'MapStateExited']),
    );
    expect(all.find((e) => e.type === 'MapStateStarted')!.mapStateStartedEventDetails).toEqual({ length: 1 });
    expect(all.find((e) => e.type === 'MapIterationStarted')!.mapIterationStartedEventDetails).toEqual({ name: 'Fan', index: 0 });
    // Paging and reverse order
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
    expect(page.events!.map((e) => e.id)).toEqual([1, 2, 3]);
    const next = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: page.nextToken }));
    expect(next.events!.map((e) => e.id)).toEqual([4, 5, 6]);
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(reversed.events![0]!.type).toBe('ExecutionSucceeded');
  });

  it('stops a running execution (ABORTED with error and cause) and then redrives it from the state it was in', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: LONG_WAIT, name: 'stop-me', input: '{"n":1}' }));
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable', message: expect.stringContaining('RUNNING') });
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator.Stop', cause: 'stopped from the test' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect([described.status, described.error, described.cause]).toEqual(['ABORTED', 'Operator.Stop', 'stopped from the test']);
    const events = await history(executionArn!);
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Operator.Stop', cause: 'stopped from the test' } });
    // Redriven, it waits in Hold again (the state it was stopped in), under the same ARN.
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    const again = await history(executionArn!);
    expect(again.slice(-2).map((e) => [e.type, e.stateEnteredEventDetails?.name])).toEqual([
      ['ExecutionRedriven', undefined],
      ['WaitStateEntered', 'Hold'],
    ]);
    await sfn.send(new StopExecutionCommand({ executionArn }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).redriveCount).toBe(1);
  });

  it('redrives an execution the runtime was stopped under (INTERRUPTED, ABORTED to the SDK) after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-redrive-'));
    const persisted = { memory: false, dataDir, timeScale: 0.001, stateMachinesDir: MACHINES };
    try {
      const first = await startTestRuntime(persisted);
      const { executionArn } = await new SFNClient(sdkConfig(first.url)).send(
        new StartExecutionCommand({ stateMachineArn: LONG_WAIT, name: 'outlives-restart', input: '{"kept":true}' }),
      );
      await first.idle();
      await first.stop();
      const second = await startTestRuntime(persisted);
      try {
        const client = new SFNClient(sdkConfig(second.url));
        const before = await client.send(new DescribeExecutionCommand({ executionArn }));
        expect([before.status, before.error, before.redriveStatus]).toEqual(['ABORTED', 'Local.Interrupted', 'REDRIVABLE']);
        await client.send(new RedriveExecutionCommand({ executionArn }));
        const events = (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events!;
        expect(events.slice(-3).map((e) => [e.type, e.executionAbortedEventDetails?.error ?? e.stateEnteredEventDetails?.name])).toEqual([
          ['ExecutionAborted', 'Local.Interrupted'],
          ['ExecutionRedriven', undefined],
          ['WaitStateEntered', 'Hold'],
        ]);
        expect(JSON.parse(events.at(-1)!.stateEnteredEventDetails!.input!)).toEqual({ kept: true });
        await client.send(new StopExecutionCommand({ executionArn }));
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names the field and the rule on bad calls', async () => {
    await expect(sfn.send(new StopExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    const missing = 'arn:aws:states:local:000000000000:execution:redrivable:nope';
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: missing }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sfn.send(new GetExecutionHistoryCommand({ executionArn: missing }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: LONG_WAIT, name: 'bad-stop' }));
    await expect(sfn.send(new StopExecutionCommand({ executionArn, error: 'x'.repeat(257) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("'error'"),
    });
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });
});
