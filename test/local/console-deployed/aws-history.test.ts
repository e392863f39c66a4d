import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromAws } from '../../../local/console-api/aws-history.js';
import { executionDetail, executionListItem } from '../../../local/console-api/execution-view.js';
import { runScenarios } from '../../../local/demo/harness.js';
import { startRuntime, type Runtime } from '../../../local/runtime.js';
import { stateMachineArn } from '../../../local/stepfunctions/arns.js';
import { globals, startTestRuntime } from '../helpers.js';

/**
 * The deployed-stack console reads an execution through DescribeExecution + GetExecutionHistory; the
 * twin reads its own record. For the same executions both must give the console the same page: the
 * demo's (token waits, Maps, nested executions) and one machine that walks every path the history
 * can show (a Task retried then caught, a Map, a Parallel, a Fail state, a stop, a redrive).
 */
const everyPath = {
  StartAt: 'Flaky',
  States: {
    Flaky: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${FailWhileFunctionArn}', Payload: { 'subject.$': '$.subject' } },
      Retry: [{ ErrorEquals: ['Downstream.Unavailable'], IntervalSeconds: 1, MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Each' }],
      ResultPath: '$.flaky',
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Echo',
        States: {
          Echo: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${EchoFunctionArn}', Payload: { 'subject.$': '$' } }, End: true },
        },
      },
      ResultPath: '$.each',
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Wait', Seconds: 1, End: true } } },
      ],
      ResultPath: '$.both',
      Next: 'Decide',
    },
    Decide: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.fail', IsPresent: true },
            { Variable: '$.fail', BooleanEquals: true },
          ],
          Next: 'Fail',
        },
      ],
      Default: 'Park',
    },
    Park: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: '${ParkTokenFunctionArn}', Payload: { 'taskToken.$': '$$.Task.Token', 'subject.$': '$.subject' } },
      TimeoutSeconds: 3600,
      End: true,
    },
    Fail: { Type: 'Fail', Error: 'Paths.Failed', Cause: 'asked to fail' },
  },
};

function samePages(rt: Runtime): Set<string> {
  const statuses = new Set<string>();
  const records = rt.stepFunctions.list();
  for (const record of records) {
    const definition = rt.stepFunctions.definitionOf(record.stateMachine);
    const described = rt.stepFunctions.describeExecution(record.executionArn) as Record<string, any>;
    const events = rt.stepFunctions.getExecutionHistory({ executionArn: record.executionArn, maxResults: 1000 }).events;
    const rebuilt = recordFromAws(described, events as never, record.stateMachine);
    const twin = executionDetail(record, { definition }, 1);
    const deployed = executionDetail(rebuilt, { definition }, 1);
    expect(deployed.states, record.executionArn).toEqual(twin.states);
    expect(deployed.waitingFor, record.executionArn).toEqual(twin.waitingFor);
    // startedBy is the twin's trace (which event started it); Step Functions does not know it.
    expect(executionListItem(rebuilt), record.executionArn).toEqual({ ...executionListItem(record), startedBy: undefined });
    // The history itself, event by event, but for what Step Functions has no event for: Parallel branches, and
    // the library starting again on a redrive (Step Functions shows ExecutionRedriven only; local/stepfunctions/history.ts).
    const steps = (h: { type: string; state?: string; parentState?: string }[]) =>
      h.filter((e, i) => !e.type.startsWith('ParallelBranch') && !(e.type === 'ExecutionStarted' && i > 0)).map((e) => `${e.type} ${e.state ?? e.parentState ?? ''}`);
    expect(steps(rebuilt.history), record.executionArn).toEqual(steps(record.history));
    for (const v of Object.values(twin.states)) statuses.add(v.status);
  }
  return statuses;
}

describe('execution pages built from Step Functions answers equal the twin’s own', () => {
  let demo: Runtime;
  let paths: Runtime;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'every-path-'));
    writeFileSync(join(dir, 'every-path.asl.json'), JSON.stringify(everyPath));
    paths = await startTestRuntime({ timeScale: 0.001, stateMachinesDir: dir });
    demo = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
  }, 60_000);
  afterAll(async () => {
    await paths?.stop();
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the demo’s executions', async () => {
    const results = await runScenarios(demo, { quiet: true, only: ['backbone', 'templates', 'payments'] });
    expect(
      results.filter((r) => !r.ok),
      JSON.stringify(results),
    ).toEqual([]);
    await demo.idle();
    expect(demo.stepFunctions.list().length).toBeGreaterThan(2);
    expect([...samePages(demo)]).toEqual(expect.arrayContaining(['succeeded']));
  }, 120_000);

  it('retried, caught, mapped, parallel, failed, waiting, stopped and redriven', async () => {
    const sfn = paths.stepFunctions;
    const arn = stateMachineArn('every-path');
    const g = globals as { __failWhile?: boolean };
    g.__failWhile = true;
    const parked = await sfn.startExecution({ stateMachineArn: arn, name: 'parked', input: JSON.stringify({ subject: 's1', items: ['a', 'b'] }) });
    await expect.poll(() => paths.execution(parked.executionArn)?.history.some((e) => e.type === 'StateEntered' && e.state === 'Park'), { timeout: 10_000 }).toBe(true);
    g.__failWhile = false;
    const failed = await sfn.startExecution({ stateMachineArn: arn, name: 'failed', input: JSON.stringify({ subject: 's2', items: ['c'], fail: true }) });
    await paths.waitForExecution((e) => e.executionArn === failed.executionArn, 10_000);
    sfn.redriveExecution({ executionArn: failed.executionArn });
    await expect.poll(() => paths.execution(failed.executionArn)?.status, { timeout: 10_000 }).toBe('FAILED');
    const stopped = await sfn.startExecution({ stateMachineArn: arn, name: 'stopped', input: JSON.stringify({ subject: 's3', items: [] }) });
    await expect.poll(() => paths.execution(stopped.executionArn)?.history.some((e) => e.state === 'Park'), { timeout: 10_000 }).toBe(true);
    await sfn.stopExecution({ executionArn: stopped.executionArn, error: 'Test.Stop', cause: 'stopped by the test' });

    const statuses = samePages(paths);
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['failed', 'stopped', 'succeeded', 'waiting']));
    // The caught Task keeps the error it was caught with (the twin colours a caught state that exits as succeeded).
    const parkedRecord = paths.execution(parked.executionArn)!;
    const rebuilt = recordFromAws(
      sfn.describeExecution(parked.executionArn) as never,
      sfn.getExecutionHistory({ executionArn: parked.executionArn }).events as never,
      'every-path',
    );
    expect(executionDetail(rebuilt, { definition: everyPath }, 1).states.Flaky).toMatchObject({ error: 'Downstream.Unavailable', entered: 1 });
    expect(parkedRecord.status).toBe('RUNNING');
    expect(paths.execution(failed.executionArn)?.history.some((e) => e.type === 'ExecutionRedriven')).toBe(true);
    expect(paths.execution(parked.executionArn)?.history.some((e) => e.type === 'StateRetried')).toBe(true);
  }, 60_000);
});
