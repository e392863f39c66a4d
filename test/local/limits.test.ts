import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaInvoker } from '../../local/bus/lambda-invoker.js';
import type { Runtime } from '../../local/runtime.js';
import { HANDLER_DIRS, sdkConfig, startTestRuntime } from './helpers.js';

/**
 * Issue 15, "its limits": the local engine, bus and Lambda invoker refuse what AWS refuses, with
 * AWS's error names — Step Functions' 256 KiB state data, 25,000 history events, execution names,
 * input and token sizes; EventBridge's 256 KB PutEvents request; Lambda's 6 MB payloads.
 */
const SIZED = 'arn:aws:lambda:local:000000000000:function:sized';
const KB = 1024;
const machines: Record<string, unknown> = {
  'big-result': {
    StartAt: 'Make',
    States: {
      Make: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: SIZED, Payload: { 'bytes.$': '$.bytes' } },
        ResultSelector: { 'status.$': '$.StatusCode' },
        End: true,
      },
    },
  },
  'big-params': {
    StartAt: 'Call',
    States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: SIZED, Payload: { 'a.$': '$.s', 'b.$': '$.s' } }, End: true } },
  },
  'big-pass': { StartAt: 'Double', States: { Double: { Type: 'Pass', Parameters: { 'a.$': '$.s', 'b.$': '$.s' }, Next: 'Done' }, Done: { Type: 'Succeed' } } },
  spin: {
    StartAt: 'Spin',
    States: {
      Spin: { Type: 'Pass', Next: 'Again' },
      Again: { Type: 'Choice', Choices: [{ Variable: '$.spin', BooleanEquals: true, Next: 'Spin' }], Default: 'Stop' },
      Stop: { Type: 'Succeed' },
    },
  },
  park: {
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: SIZED, Payload: { 'token.$': '$$.Task.Token' } },
        TimeoutSeconds: 3600,
        End: true,
      },
    },
  },
};
const arn = (name: string) => `arn:aws:states:local:000000000000:stateMachine:${name}`;
const dir = mkdtempSync(join(tmpdir(), 'eum-limits-'));
let rt: Runtime;
let sfn: SFNClient;

beforeAll(async () => {
  for (const [name, def] of Object.entries(machines)) writeFileSync(join(dir, `${name}.asl.json`), JSON.stringify(def));
  rt = await startTestRuntime({ timeScale: 0.001, stateMachinesDir: dir });
  sfn = new SFNClient(sdkConfig(rt.url));
}, 60_000);
afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(machine: string, input: unknown, name?: string) {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn(machine), name, input: JSON.stringify(input) }));
  return rt.waitForExecution((e) => e.executionArn === executionArn, 60_000);
}

describe('Step Functions: 256 KiB of state data (States.DataLimitExceeded)', () => {
  it('a Task result over the limit fails the execution, even when ResultSelector would shrink it; under it succeeds', async () => {
    const over = await run('big-result', { bytes: 300 * KB });
    expect(over).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: "The state/task 'Make' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
    expect((await run('big-result', { bytes: 200 * KB })).status).toBe('SUCCEEDED');
  });

  it('a Task input over the limit once Parameters are applied fails before the call is made', async () => {
    const g = globalThis as { __sizedCalls?: number };
    const before = g.__sizedCalls ?? 0;
    const done = await run('big-params', { s: 'y'.repeat(150 * KB) });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: expect.stringMatching(/^The state\/task 'Call' has an input with a size exceeding/) });
    expect(g.__sizedCalls ?? 0).toBe(before);
  });

  it('a state output over the limit (a Pass doubling its input) fails the execution', async () => {
    const done = await run('big-pass', { s: 'z'.repeat(150 * KB) });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: expect.stringContaining("'Double' returned a result") });
    expect((await run('big-pass', { s: 'z'.repeat(100 * KB) })).status).toBe('SUCCEEDED');
  });
});

describe('Step Functions: history, names, API sizes', () => {
  it('an execution that reaches 25,000 history events fails with States.Runtime', async () => {
    const done = await run('spin', { spin: true });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: 'The execution reached the maximum number of history events (25000).' });
  }, 120_000);

  it('execution names: 1–80 characters, no whitespace, brackets, wildcards or special characters; non-ASCII allowed', async () => {
    for (const bad of ['x'.repeat(81), 'a b', 'a/b', 'a:b', 'a*b', 'a{b', 'tab\there', 'a#b']) {
      await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn('big-pass'), name: bad, input: '{"s":""}' }))).rejects.toMatchObject({ name: 'InvalidName' });
    }
    for (const good of ['x'.repeat(80), 'order.1234', 'café-ü', 'a+b=c@d']) {
      await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn('big-pass'), name: good, input: '{"s":""}' }))).resolves.toHaveProperty('executionArn');
    }
  });

  it('StartExecution input over 256 KiB, a task token over 2,048 characters and task output over 256 KiB are ValidationExceptions', async () => {
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn('big-pass'), input: JSON.stringify({ s: 'i'.repeat(257 * KB) }) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/'input' failed to satisfy constraint: Member must have length less than or equal to 262144/),
    });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 't'.repeat(2049), output: '{}' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/'taskToken'/),
    });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'a.b', output: JSON.stringify({ o: 'o'.repeat(257 * KB) }) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/'output'/),
    });
  });
});

describe('EventBridge: 256 KB per PutEvents request, sized as AWS documents', () => {
  it('refuses the whole request when its entries together are over the limit; accepts it just under', async () => {
    const eb = new EventBridgeClient(sdkConfig(rt.url));
    const entry = (bytes: number, extra: { Time?: Date; Resources?: string[] } = {}) => ({
      EventBusName: 'eum-social',
      Source: 'test.local',
      DetailType: 'size',
      Detail: JSON.stringify({ b: 'e'.repeat(bytes) }),
      ...extra,
    });
    await expect(eb.send(new PutEventsCommand({ Entries: [entry(140 * KB), entry(140 * KB)] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    // Exactly 256 KB with Source (10) + DetailType (4) + Detail: accepted; one more byte of Resources is over.
    const detailBytes = 256 * KB - 10 - 4 - '{"b":""}'.length;
    expect((await eb.send(new PutEventsCommand({ Entries: [entry(detailBytes)] }))).FailedEntryCount).toBe(0);
    await expect(eb.send(new PutEventsCommand({ Entries: [entry(detailBytes, { Resources: ['r'] })] }))).rejects.toMatchObject({ name: 'ValidationException' });
    // Time counts 14 bytes.
    await expect(eb.send(new PutEventsCommand({ Entries: [entry(detailBytes - 13, { Time: new Date() })] }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('Lambda: 6 MB synchronous payloads', () => {
  const lambdas = new LambdaInvoker(HANDLER_DIRS);
  it('refuses a request over 6 MB before the function runs', async () => {
    const g = globalThis as { __sizedCalls?: number };
    const before = g.__sizedCalls ?? 0;
    await expect(lambdas.invoke('sized', { pad: 'p'.repeat(6 * 1024 * KB) })).rejects.toMatchObject({
      name: 'Lambda.RequestEntityTooLargeException',
      message: expect.stringMatching(/limit 6291456 bytes/),
    });
    expect(g.__sizedCalls ?? 0).toBe(before);
  });
  it('turns a response over 6 MB into Function.ResponseSizeTooLarge; one under it is returned', async () => {
    await expect(lambdas.invoke('sized', { bytes: 6 * 1024 * KB + 100 })).rejects.toMatchObject({
      name: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
    await expect(lambdas.invoke('sized', { bytes: 5 * 1024 * KB })).resolves.toHaveProperty('blob');
  });
});
