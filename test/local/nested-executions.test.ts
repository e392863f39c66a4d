import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateMachineArn } from '../../local/stepfunctions/arns.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';

/** `states:startExecution.sync:2` on the local engine, as Step Functions' optimized integration behaves. */
const dir = mkdtempSync(join(tmpdir(), 'nested-sfn-'));
const child = {
  StartAt: 'Decide',
  States: {
    Decide: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Broke' }], Default: 'Answer' },
    Answer: { Type: 'Pass', Parameters: { 'echo.$': '$.value', 'parent.$': '$.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID' }, End: true },
    Broke: { Type: 'Fail', Error: 'ChildBroke', Cause: 'asked to fail' },
  },
};
const parent = {
  StartAt: 'RunChild',
  States: {
    RunChild: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: {
        StateMachineArn: stateMachineArn('nested-child'),
        Input: { 'value.$': '$.value', 'fail.$': '$.fail', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
      },
      TimeoutSeconds: 60,
      ResultSelector: { 'status.$': '$.Status', 'output.$': '$.Output', 'child.$': '$.ExecutionArn' },
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
      End: true,
    },
    Caught: { Type: 'Pass', End: true },
  },
};
writeFileSync(join(dir, 'nested-child.asl.json'), JSON.stringify(child));
writeFileSync(join(dir, 'nested-parent.asl.json'), JSON.stringify(parent));

let rt: Runtime;
beforeAll(async () => {
  rt = await startRuntime({ memory: true, port: 0, quiet: true, sandboxes: false, rules: [], stateMachinesDir: dir } as never);
});
afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const runParent = async (name: string, input: unknown) => {
  const { executionArn } = await rt.stepFunctions.startExecution({ stateMachineArn: stateMachineArn('nested-parent'), name, input: JSON.stringify(input) });
  return rt.waitForExecution((e) => e.executionArn === executionArn, 10_000);
};

describe('startExecution.sync:2 locally', () => {
  it("waits for the child and answers its description, with the child's Output as JSON", async () => {
    const done = await runParent('waits', { value: 42, fail: false });

    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toMatchObject({ status: 'SUCCEEDED', output: { echo: 42, parent: done.executionArn } });
    const childRecord = rt.stepFunctions.get((done.output as { child: string }).child);
    expect(childRecord?.stateMachine).toBe('nested-child');
    expect(childRecord?.status).toBe('SUCCEEDED');
  });

  it('fails the task with States.TaskFailed, the child description as its Cause, when the child fails', async () => {
    const done = await runParent('child-fails', { value: 1, fail: true });

    expect(done.status).toBe('SUCCEEDED');
    const error = (done.output as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('States.TaskFailed');
    expect(JSON.parse(error.Cause)).toMatchObject({ Status: 'FAILED', Error: 'ChildBroke', Cause: 'asked to fail' });
  });
});
