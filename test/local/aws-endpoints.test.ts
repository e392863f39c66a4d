import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge/publisher.js';
import { SfnTaskTokenClient } from '../../functions/adapters/stepfunctions/task-token-client.js';
import { BUS_NAME, DetailType } from '../../events/names.js';
import { SECRET_IDS, type Runtime } from '../../local/runtime.js';
import { FIXTURE_MACHINES, globals, sdkConfig, startTestRuntime, until } from './helpers.js';

const MACHINE = 'arn:aws:states:local:000000000000:stateMachine:token-wait';

describe('local AWS JSON endpoints, through the real SDK clients', () => {
  let rt: Runtime;
  let sfn: SFNClient;
  let events: EventBridgeClient;
  beforeAll(async () => {
    rt = await startTestRuntime({ timeScale: 0.001, stateMachinesDir: FIXTURE_MACHINES });
    sfn = new SFNClient(sdkConfig(rt.url));
    events = new EventBridgeClient(sdkConfig(rt.url));
  });
  afterAll(async () => rt?.stop());

  async function startAndPark(name: string, subject: string) {
    const out = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name, input: JSON.stringify({ subject, waitSeconds: 0 }) }));
    const parked = await until(() => globals.__parkedTokens?.find((p) => p.subject === subject));
    return { executionArn: out.executionArn!, token: parked.taskToken };
  }

  describe('EventBridge PutEvents', () => {
    it('reports per-entry failures with FailedEntryCount and keeps the valid entries', async () => {
      // Act
      const out = await events.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: BUS_NAME, Source: 'test.local', DetailType: 'ok.one', Detail: JSON.stringify({ eventId: 'pe-ok-1' }) },
            { EventBusName: BUS_NAME, Source: 'test.local', DetailType: 'bad.detail', Detail: '{not json' },
            { EventBusName: 'no-such-bus', Source: 'test.local', DetailType: 'ok.two', Detail: '{}' },
            { EventBusName: BUS_NAME, Source: 'test.local', DetailType: 'ok.three', Detail: JSON.stringify({ eventId: 'pe-ok-3' }) },
          ],
        }),
      );
      // Assess
      expect(out.FailedEntryCount).toBe(2);
      expect(out.Entries![0]!.EventId).toBeTruthy();
      expect(out.Entries![1]).toMatchObject({ ErrorCode: 'MalformedDetail' });
      expect(out.Entries![2]!.ErrorCode).toBeTruthy();
      expect(out.Entries![3]!.EventId).toBeTruthy();
      const types = rt.events().map((e) => e.detailType);
      expect(types).toEqual(expect.arrayContaining(['ok.one', 'ok.three']));
      expect(types).not.toContain('bad.detail');
    });

    it('rejects a request with more than 10 entries as a whole', async () => {
      const entries = Array.from({ length: 11 }, (_, i) => ({ EventBusName: BUS_NAME, Source: 's', DetailType: 'd', Detail: JSON.stringify({ i }) }));
      await expect(events.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('lets the project publisher retry only the entries that failed', async () => {
      // Prepare: EventBridge fails the next entry once
      rt.bus.failNextEntries = 1;
      const publisher = new EventBridgePublisher(events, { busName: BUS_NAME, sleep: async () => undefined });
      const detail = (id: string) => ({ eventId: id, occurredAt: '2026-03-01T10:00:00.000Z', receivedAt: '2026-03-01T10:00:00.000Z' });
      // Act
      const result = await publisher.publish([
        { detailType: DetailType.AccountUpdated, detail: detail('retry-a') },
        { detailType: DetailType.AccountUpdated, detail: detail('retry-b') },
      ] as never);
      // Assess
      expect(result.failed).toEqual([]);
      expect(result.published.sort()).toEqual(['retry-a', 'retry-b']);
      expect(rt.events().filter((e) => e.detail.eventId === 'retry-a')).toHaveLength(1);
    });
  });

  describe('Step Functions', () => {
    it('StartExecution is idempotent by name and input; another input under the same name is ExecutionAlreadyExists', async () => {
      const input = JSON.stringify({ subject: 'idem', waitSeconds: 0 });
      const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'idem-1', input }));
      const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'idem-1', input }));
      expect(again.executionArn).toBe(first.executionArn);
      expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
      await expect(
        sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'idem-1', input: JSON.stringify({ subject: 'other', waitSeconds: 0 }) })),
      ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
      await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:nope', input }))).rejects.toMatchObject({
        name: 'StateMachineDoesNotExist',
      });
      const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: MACHINE }));
      expect(listed.executions!.filter((e) => e.name === 'idem-1')).toHaveLength(1);
    });

    it('SendTaskSuccess resumes the parked task with its output', async () => {
      // Prepare
      const { executionArn, token } = await startAndPark('token-ok', 'tok-ok');
      // Act
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ result: 'approved' }) }));
      await rt.waitForExecution((e) => e.executionArn === executionArn);
      // Assess
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(d.status).toBe('SUCCEEDED');
      expect(JSON.parse(d.output!).outcome).toEqual({ result: 'approved' });
      // A second answer on the same token is refused the way AWS refuses it; the project's client reads that as "gone".
      await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
      expect(await new SfnTaskTokenClient(sfn).succeed(token, {})).toBe('gone');
    });

    it('SendTaskFailure fails the task with the given error, which Catch handles', async () => {
      const { executionArn, token } = await startAndPark('token-fail', 'tok-fail');
      await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Template.Rejected', cause: 'policy' }));
      await rt.waitForExecution((e) => e.executionArn === executionArn);
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(d.status).toBe('FAILED');
      expect(d.error).toBe('Parked.Failed');
      const history = rt.execution(executionArn)!.history;
      expect(history.some((h) => h.type === 'StateCaught' || (h.type === 'StateFailed' && h.error === 'Template.Rejected'))).toBe(true);
    });

    it('rejects unknown tokens and output that is not JSON', async () => {
      await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'bm9wZQ.bm9wZQ', output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
      await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: '!!', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });
      const { token } = await startAndPark('token-bad-output', 'tok-bad-output');
      await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' }))).rejects.toMatchObject({ name: 'InvalidOutput' });
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ result: 'late but fine' }) }));
    });
  });

  describe('Secrets Manager', () => {
    it('serves the local Razorpay secrets by id and refuses unknown ids', async () => {
      const sm = new SecretsManagerClient(sdkConfig(rt.url));
      const api = await sm.send(new GetSecretValueCommand({ SecretId: SECRET_IDS.razorpayApi }));
      expect(JSON.parse(api.SecretString!)).toEqual({ keyId: expect.stringMatching(/^rzp_test_/), keySecret: expect.any(String) });
      const hook = await sm.send(new GetSecretValueCommand({ SecretId: SECRET_IDS.razorpayWebhook }));
      expect(hook.SecretString).toBeTruthy();
      await expect(sm.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });
});
