import type { Stack } from 'aws-cdk-lib';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../events/rules/index.js';
import { createApp } from '../../infra/app.js';
import type { Functions } from '../../infra/constructs/functions.js';
import { cdkResource } from '../../infra/constructs/policies.js';
import { stateMachineArn } from '../../infra/constructs/names.js';
import type { Workflows } from '../../infra/constructs/workflows.js';
import { functionCatalog } from '../../infra/function-catalog.js';
import { grantContext, systemPolicies, type Statement } from '../../infra/grants.js';
import { readStateMachine } from '../../state-machines/substitutions.js';

/**
 * The stack's IAM is what infra/grants.ts says, pair for pair (action × resource): every function
 * role, every state machine role and every rule target role; the twin enforces the same module.
 */
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
// Granted by the CDK for tracing, log delivery and the async-invoke failure destination (the Lambda
// service's own delivery to the DLQ, no call of the function's code), not by the module.
const PLATFORM = /^(xray|logs|sqs):/;

let stack: Stack;
let resources: Resources;
let functions: Functions;
let workflows: Workflows;
let data: Parameters<typeof cdkResource>[2]['data'];

beforeAll(() => {
  const built = createApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = built.stack;
  resources = built.app.synth().getStackByName(stack.stackName).template.Resources as Resources;
  functions = stack.node.findChild('Functions') as Functions;
  workflows = stack.node.findChild('Workflows') as Workflows;
  data = {
    table: (stack.node.findChild('Storage') as any).table,
    bus: stack.node.findChild('Bus') as any,
    secrets: stack.node.findChild('Razorpay') as any,
    mediaBucket: (stack.node.findChild('Media') as any).bucket,
  };
});

const pairsOfRole = (roleLogicalId: string): string[] =>
  [
    ...new Set(
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as any[]).some((ref) => ref.Ref === roleLogicalId))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as any[])
        .flatMap((s) => [s.Action].flat().flatMap((a: string) => [s.Resource].flat().map((res: unknown) => `${a} ${JSON.stringify(res)}`)))
        .filter((pair) => !PLATFORM.test(pair)),
    ),
  ].sort();

const pairsOfModule = (statements: Statement[]): string[] =>
  [
    ...new Set(
      statements.flatMap((s) =>
        s.actions.flatMap((a) =>
          s.resources.map((r) => `${a} ${JSON.stringify(stack.resolve(cdkResource(stack, r, { data, functionArn: (n) => functions.get(n).functionArn })))}`),
        ),
      ),
    ),
  ].sort();

const roleOf = (arnRef: unknown): string => (arnRef as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

describe('stack IAM = infra/grants.ts', () => {
  const system = systemPolicies({ catalog: functionCatalog, rules, schedules: [] });

  it('every function role holds exactly its catalogue grants', () => {
    for (const spec of functionCatalog) {
      const fn = resources[stack.getLogicalId(functions.byName.get(spec.name)!.node.defaultChild as any)]!;
      expect(pairsOfRole(roleOf(fn.Properties.Role)), spec.name).toEqual(pairsOfModule(system.functions.get(spec.name)!));
    }
  });

  it('every state machine role holds exactly what its ASL placeholders resolve to', () => {
    for (const [name, sm] of workflows.byName as Map<string, StateMachine>) {
      const res = resources[stack.getLogicalId(sm.node.defaultChild as any)]!;
      expect(pairsOfRole(roleOf(res.Properties.RoleArn)), name).toEqual(pairsOfModule(system.stateMachines.get(name)!));
    }
  });

  it('every state-machine rule target role may start exactly its machine', () => {
    const targets = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Events::Rule')
      .flatMap((r) => r.Properties.Targets as any[])
      .filter((t) => t.RoleArn);
    const machineRules = rules.filter((r) => r.target.kind === 'state-machine');
    expect(targets).toHaveLength(machineRules.length);
    const expected = machineRules.map((r) => pairsOfModule(system.rules.get(r.name)!).join(',')).sort();
    // The CDK target names the machine by Ref, the module by its (explicit) name: the same ARN.
    const byRef = new Map(
      [...workflows.byName].map(([name, sm]) => [
        JSON.stringify({ Ref: stack.getLogicalId(sm.node.defaultChild as any) }),
        JSON.stringify(stack.resolve(stateMachineArn(stack, name))),
      ]),
    );
    const sameArn = (pair: string) => [...byRef].reduce((p, [ref, arn]) => p.replace(ref, arn), pair);
    expect(targets.map((t) => pairsOfRole(roleOf(t.RoleArn)).map(sameArn).join(',')).sort()).toEqual(expected);
  });

  it('task-token grants name only the state machines with token waits (finding 8)', () => {
    const { tokenWaitMachines, stateMachines } = grantContext();
    const recordPayment = resources[stack.getLogicalId(functions.byName.get('record-payment-event')!.node.defaultChild as any)]!;
    const sendTask = pairsOfRole(roleOf(recordPayment.Properties.Role)).filter((p) => p.startsWith('states:SendTaskSuccess'));
    expect(sendTask).toHaveLength(tokenWaitMachines.length);
    expect(tokenWaitMachines.length).toBeLessThan(stateMachines.length);
    for (const m of stateMachines.filter((x) => !tokenWaitMachines.includes(x))) expect(sendTask.join()).not.toContain(`-${m}`);
    for (const m of tokenWaitMachines) expect(sendTask.join()).toContain(`-${m}`);
    expect(readStateMachine(tokenWaitMachines[0]!)).toContain('.waitForTaskToken');
  });

  it('finding 1: actions-payments (cancel_payment_request, refund_payment) and payment-from-order may resume payment-lifecycle tokens', () => {
    for (const name of ['actions-payments', 'payment-from-order']) {
      const fn = resources[stack.getLogicalId(functions.byName.get(name)!.node.defaultChild as any)]!;
      expect(
        pairsOfRole(roleOf(fn.Properties.Role))
          .filter((p) => p.startsWith('states:SendTaskSuccess'))
          .join(),
        name,
      ).toContain('-payment-lifecycle');
    }
  });
});
