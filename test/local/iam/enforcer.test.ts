import { describe, expect, it } from 'vitest';
import { rules } from '../../../events/rules/index.js';
import { schedules } from '../../../events/schedules/index.js';
import { functionCatalog } from '../../../infra/function-catalog.js';
import { systemPolicies } from '../../../infra/grants.js';
import { AccessDenied, formatUnusedGrants, grantUsage, IamEnforcer, mergeGrantUsage } from '../../../local/iam/enforcer.js';
import { awsJsonChecks, dynamoChecks, eumCheck } from '../../../local/iam/requests.js';
import { runTaskResource, TaskError } from '../../../local/stepfunctions/task-router.js';

const table = 'arn:aws:dynamodb:local:000000000000:table/eum-social';
const enforcer = (enabled = true) => new IamEnforcer(systemPolicies({ catalog: functionCatalog, rules, schedules }), { enabled });
const tokenOf = (executionArn: string) => `${Buffer.from(executionArn).toString('base64url')}.opaque`;

describe('local/iam/requests.ts: what each call is authorized as', () => {
  it('DynamoDB: the operation on the table, a GSI query on its index, transactions item by item', () => {
    expect(dynamoChecks('PutItem', { TableName: 'eum-social' })).toEqual([{ action: 'dynamodb:PutItem', resource: table }]);
    expect(dynamoChecks('Query', { TableName: 'eum-social', IndexName: 'gsi1' })).toEqual([{ action: 'dynamodb:Query', resource: `${table}/index/gsi1` }]);
    expect(
      dynamoChecks('TransactWriteItems', {
        TransactItems: [{ Put: { TableName: 'eum-social' } }, { Update: { TableName: 'eum-social' } }, { ConditionCheck: { TableName: 'eum-social' } }],
      }).map((c) => c.action),
    ).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']);
    expect(dynamoChecks('BatchWriteItem', { RequestItems: { 'eum-social': [], other: [] } }).map((c) => c.resource)).toEqual([
      table,
      'arn:aws:dynamodb:local:000000000000:table/other',
    ]);
  });

  it('Step Functions: SendTask* on the state machine whose execution issued the token', () => {
    const token = tokenOf('arn:aws:states:local:000000000000:execution:payment-lifecycle:pr_1');
    expect(awsJsonChecks('AWSStepFunctions.SendTaskSuccess', { taskToken: token })).toEqual([
      { action: 'states:SendTaskSuccess', resource: 'arn:aws:states:local:000000000000:stateMachine:payment-lifecycle' },
    ]);
    expect(awsJsonChecks('AWSStepFunctions.SendTaskFailure', { taskToken: 'garbage' })).toEqual([]);
    expect(awsJsonChecks('AWSStepFunctions.DescribeExecution', { executionArn: 'arn:x' })).toEqual([{ action: 'states:DescribeExecution', resource: 'arn:x' }]);
  });

  it('PutEvents on each named bus (default when unnamed), GetSecretValue on the secret, EUM on the phone number', () => {
    expect(awsJsonChecks('AWSEvents.PutEvents', { Entries: [{ EventBusName: 'eum-social' }, {}] }).map((c) => c.resource)).toEqual([
      'arn:aws:events:local:000000000000:event-bus/eum-social',
      'arn:aws:events:local:000000000000:event-bus/default',
    ]);
    expect(awsJsonChecks('secretsmanager.GetSecretValue', { SecretId: 'local/razorpay/api-key' })).toEqual([
      { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:local:000000000000:secret:local/razorpay/api-key' },
    ]);
    expect(eumCheck('SendWhatsAppMessage', new URLSearchParams(), { originationPhoneNumberId: 'phone-number-id-1' })).toEqual({
      action: 'social-messaging:SendWhatsAppMessage',
      resource: 'arn:aws:social-messaging:local:000000000000:phone-number-id/phone-number-id-1',
    });
    expect(eumCheck('ListWhatsAppMessageTemplates', new URLSearchParams('id=waba-1'), {})).toEqual({ action: 'social-messaging:ListWhatsAppMessageTemplates', resource: '*' });
  });
});

describe('local/iam/enforcer.ts', () => {
  it('checks a function against its catalogue grants and names it as AWS does', () => {
    const iam = enforcer();
    expect(() => iam.authorize('record-message', 'dynamodb:PutItem', table)).not.toThrow();
    const denied = (() => {
      try {
        iam.authorize('record-message', 'events:PutEvents', 'arn:aws:events:local:000000000000:event-bus/eum-social');
      } catch (err) {
        return err as AccessDenied;
      }
    })();
    expect(denied).toBeInstanceOf(AccessDenied);
    expect(denied!.message).toBe(
      'User: arn:aws:sts::000000000000:assumed-role/eum-social-RecordMessageServiceRole/record-message is not authorized to perform: events:PutEvents on resource: arn:aws:events:local:000000000000:event-bus/eum-social because no identity-based policy allows the events:PutEvents action',
    );
    expect(iam.denials).toEqual([{ principal: 'record-message', action: 'events:PutEvents', resource: 'arn:aws:events:local:000000000000:event-bus/eum-social' }]);
  });

  it('gives a state machine role only what its ASL names, and a rule role only its target', () => {
    const iam = enforcer();
    expect(() => iam.authorize('state-machine/payment-lifecycle', 'lambda:InvokeFunction', 'arn:aws:lambda:local:000000000000:function:register-payment-waiter')).not.toThrow();
    expect(() => iam.authorize('state-machine/payment-lifecycle', 'lambda:InvokeFunction', 'arn:aws:lambda:local:000000000000:function:rollup-day')).toThrow(AccessDenied);
    const rule = rules.find((r) => r.target.kind === 'state-machine')!;
    expect(() => iam.authorize(`rule/${rule.name}`, 'states:StartExecution', `arn:aws:states:local:000000000000:stateMachine:${rule.target.name}`)).not.toThrow();
    expect(() => iam.authorize(`rule/${rule.name}`, 'states:StartExecution', 'arn:aws:states:local:000000000000:stateMachine:analytics-rollup')).toThrow(
      /assumed-role\/eum-social-.*EventsRole/,
    );
  });

  it('leaves the operator and principals the system does not define unchecked; disabled, it only records usage', () => {
    expect(() => enforcer().authorize(undefined, 'dynamodb:DeleteTable', table)).not.toThrow();
    expect(() => enforcer().authorize('echo', 'dynamodb:DeleteTable', table)).not.toThrow();
    const off = enforcer(false);
    expect(() => off.authorize('record-message', 'events:PutEvents', '*')).not.toThrow();
    expect(off.denials).toEqual([]);
  });

  it('reports per function the grants it never used, merged over runs', () => {
    // Arrange
    const a = enforcer();
    const b = enforcer();
    a.authorize('record-message', 'dynamodb:GetItem', table);
    b.authorize('record-message', 'dynamodb:PutItem', table);
    // Act
    const merged = mergeGrantUsage([grantUsage(a), grantUsage(b)]);
    const onlyA = grantUsage(a).find((u) => u.principal === 'record-message')!;
    // Assert
    expect(onlyA).toEqual({ principal: 'record-message', grants: ['table:read', 'table:write'], used: ['table:read'] });
    expect(merged.find((u) => u.principal === 'record-message')!.used.sort()).toEqual(['table:read', 'table:write']);
    expect(formatUnusedGrants(merged)).not.toMatch(/record-message/);
    expect(formatUnusedGrants(grantUsage(a))).toMatch(/record-message\s+table:write\n/);
  });
});

describe('state machine tasks are checked against the role (local/stepfunctions/task-router.ts)', () => {
  it('a denied integration fails the Task as <Service>.AccessDeniedException before calling anything', async () => {
    // Arrange
    const invoked: string[] = [];
    const deps = {
      lambdas: { invoke: async (name: string) => invoked.push(name) },
      bus: { putEvents: async () => ({ FailedEntryCount: 0, Entries: [] }) },
      dynamo: () => undefined,
      startExecution: async () => ({ executionArn: 'x', startDate: new Date() }),
      authorize: (action: string, resource: string) => enforcer().authorize('state-machine/quality-recording', action, resource),
    } as never;
    // Act
    const out = runTaskResource('arn:aws:states:::lambda:invoke', { FunctionName: 'arn:aws:lambda:local:000000000000:function:rollup-day', Payload: {} }, deps);
    // Assert
    await expect(out).rejects.toBeInstanceOf(TaskError);
    await expect(out).rejects.toMatchObject({ name: 'Lambda.AccessDeniedException' });
    expect(invoked).toEqual([]);
  });
});
