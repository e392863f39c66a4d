import { describe, expect, it } from 'vitest';
import { rules } from '../../events/rules/index.js';
import { schedules } from '../../events/schedules/index.js';
import { functionCatalog, type Grant } from '../../infra/function-catalog.js';
import { functionStatements, grantContext, grantStatements, hasTokenWait, stateMachineStatements, systemPolicies, TASK_TOKEN_ACTIONS } from '../../infra/grants.js';
import { listStateMachines, placeholdersOf, readStateMachine } from '../../state-machines/substitutions.js';

const ctx = grantContext();
const actionsOf = (grant: Grant) => grantStatements(grant, ctx).flatMap((s) => s.actions);

describe('infra/grants.ts', () => {
  it('sfn:task-token covers exactly the state machines that have a .waitForTaskToken task (finding 8)', () => {
    // Arrange
    const withWaits = listStateMachines()
      .map((m) => m.name)
      .filter((m) => readStateMachine(m).includes('.waitForTaskToken'));
    // Act
    const [statement] = grantStatements('sfn:task-token', ctx);
    // Assert
    expect(withWaits.length).toBeGreaterThan(0);
    expect(withWaits.length).toBeLessThan(listStateMachines().length);
    expect(statement!.actions).toEqual(TASK_TOKEN_ACTIONS);
    expect(statement!.resources).toEqual(withWaits.map((name) => ({ kind: 'state-machine', name })));
  });

  it('tells a token wait from a plain Task', () => {
    expect(hasTokenWait('{"States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken"}}}')).toBe(true);
    expect(hasTokenWait('{"States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke"}}}')).toBe(false);
  });

  it('reads are reads and writes are writes, on the table and its indexes', () => {
    expect(actionsOf('table:read')).toContain('dynamodb:Query');
    expect(actionsOf('table:read')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('table:write')).toContain('dynamodb:PutItem');
    expect(actionsOf('table:write')).not.toContain('dynamodb:Query');
    expect(grantStatements('table:read', ctx)[0]!.resources).toEqual([{ kind: 'table' }, { kind: 'table-indexes' }]);
  });

  it('names EUM actions with the social-messaging: IAM prefix, enumerated, scoped where IAM allows', () => {
    // Act
    const send = grantStatements('eum:send', ctx);
    const all = (['eum:send', 'eum:templates', 'eum:flows', 'eum:phone-numbers'] as const).flatMap((g) => actionsOf(g));
    // Assert
    expect(send).toEqual([{ source: 'eum:send', actions: ['social-messaging:SendWhatsAppMessage'], resources: [{ kind: 'eum', type: 'phone-number-id' }] }]);
    expect(all.every((a) => /^social-messaging:[A-Z][A-Za-z]+$/.test(a))).toBe(true);
  });

  it('gives each secret grant only its own secret', () => {
    expect(grantStatements('secret:razorpay-api', ctx)[0]!.resources).toEqual([{ kind: 'secret', secret: 'razorpay-api' }]);
    expect(grantStatements('secret:razorpay-webhook', ctx)[0]!.resources).toEqual([{ kind: 'secret', secret: 'razorpay-webhook' }]);
  });

  it('gives every function the statements of its grants and no other (finding 1: the payments/templates actions and payment-from-order resume tokens)', () => {
    for (const spec of functionCatalog) {
      const sources = new Set(functionStatements(spec, ctx).map((s) => s.source));
      // Plus one lambda:InvokeFunction statement per function it invokes (the actions front).
      expect([...sources].sort(), spec.name).toEqual([...new Set(spec.grants), ...(spec.invokes ?? []).map((f) => `invokes:${f}`)].sort());
    }
    const resumers = functionCatalog.filter((f) => f.grants.includes('sfn:task-token')).map((f) => f.name);
    // `actions` is split per concern: its payments and templates functions resume the waits.
    expect(resumers).toEqual(expect.arrayContaining(['actions-payments', 'actions-templates', 'payment-from-order', 'record-payment-event', 'record-template-status']));
  });

  it("gives a state machine's role one statement per ASL placeholder", () => {
    for (const { name } of listStateMachines()) {
      const text = readStateMachine(name);
      const statements = stateMachineStatements(text);
      const fromPlaceholders = statements.filter((s) => s.source !== 'states:startExecution.sync');
      expect(fromPlaceholders.map((s) => s.source).sort(), name).toEqual(
        placeholdersOf(text)
          .map((p) => `\${${p.key}}`)
          .sort(),
      );
    }
    const lambdaOnly = stateMachineStatements('{"Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"${RecordMessageFunctionArn}"}}');
    expect(lambdaOnly).toEqual([
      {
        source: '${RecordMessageFunctionArn}',
        actions: ['lambda:InvokeFunction'],
        resources: [
          { kind: 'function', name: 'record-message' },
          { kind: 'function-versions', name: 'record-message' },
        ],
      },
    ]);
  });

  it('gives a state machine that waits for child executions (.sync) what Step Functions needs to follow them, and no other machine', () => {
    // Arrange
    const parent = '{"Resource":"arn:aws:states:::states:startExecution.sync:2","Parameters":{"StateMachineArn":"${AnalyticsRollupStateMachineArn}"}}';
    const starter = '{"Resource":"arn:aws:states:::states:startExecution","Parameters":{"StateMachineArn":"${AnalyticsRollupStateMachineArn}"}}';
    // Act
    const sync = stateMachineStatements(parent).filter((s) => s.source === 'states:startExecution.sync');
    // Assert
    expect(sync.map((s) => s.actions)).toEqual([
      ['states:DescribeExecution', 'states:StopExecution'],
      ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    ]);
    expect(sync[0]!.resources).toEqual([{ kind: 'executions', machine: 'analytics-rollup' }]);
    expect(stateMachineStatements(starter).some((s) => s.source === 'states:startExecution.sync')).toBe(false);
  });

  it('gives each rule and schedule target role the one call that reaches its target', () => {
    // Act
    const system = systemPolicies({ catalog: functionCatalog, rules, schedules });
    // Assert
    for (const rule of rules) {
      const [statement] = system.rules.get(rule.name)!;
      const expected = rule.target.kind === 'lambda' ? 'lambda:InvokeFunction' : 'states:StartExecution';
      expect(statement!.actions, rule.name).toEqual([expected]);
      expect(statement!.resources[0], rule.name).toEqual(
        rule.target.kind === 'lambda' ? { kind: 'function', name: rule.target.name } : { kind: 'state-machine', name: rule.target.name },
      );
    }
    expect([...system.schedules.keys()]).toEqual(schedules.map((s) => s.name));
    expect([...system.functions.keys()]).toEqual(functionCatalog.map((f) => f.name));
  });
});
