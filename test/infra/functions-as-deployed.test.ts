import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNameEnv } from '../../functions/config/function-names.js';
import { createApp } from '../../infra/app.js';
import { LAMBDA_RUNTIME_NAME } from '../../infra/bundling.js';
import { functionCatalog } from '../../infra/function-catalog.js';
import { DEPLOYMENT_SETTING_NAMES, functionEnvironment } from '../../infra/function-environment.js';

type Resource = { Type: string; Properties: Record<string, any> };
const description = (name: string) => functionCatalog.find((f) => f.name === name)!.description;

/** The stack and the twin's bundles mode share the runtime and the per-function environment: check the stack really uses them. */
describe('functions as the stack deploys them', () => {
  let resources: Record<string, Resource>;
  const fn = (name: string): [string, Resource] => Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === description(name))!;
  beforeAll(() => {
    resources = Template.fromStack(createApp({ context: { 'aws:cdk:bundling-stacks': [] } }).stack).toJSON().Resources;
  }, 120_000);

  it('every function runs on the declared Lambda runtime with exactly the variables functionEnvironment gives it', () => {
    for (const spec of functionCatalog) {
      const [, r] = fn(spec.name);
      expect(r.Properties.Runtime, spec.name).toBe(LAMBDA_RUNTIME_NAME);
      const expected = functionEnvironment(spec, {
        tableName: 't',
        busName: 'b',
        razorpayWebhookSecretId: 's1',
        razorpayApiSecretId: 's2',
        stateMachines: [],
        stateMachineArn: () => 'arn',
        functionName: () => 'fn',
        deployment: {},
        mediaBucket: 'media',
      });
      // Deployment settings and state-machine ARNs depend on context and the ASL files: the rest must match exactly.
      const deployedKeys = Object.keys(r.Properties.Environment.Variables).filter((k) => !k.startsWith('STATE_MACHINE_ARN_') && !DEPLOYMENT_SETTING_NAMES.includes(k));
      expect(deployedKeys.sort(), spec.name).toEqual(Object.keys(expected).sort());
    }
  });

  it('the actions front may invoke its concern functions, and knows their deployed names', () => {
    const [frontId, front] = fn('actions');
    const vars = front.Properties.Environment.Variables as Record<string, unknown>;
    const role = front.Properties.Role['Fn::GetAtt'][0] as string;
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === role));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    for (const callee of functionCatalog.find((f) => f.name === 'actions')!.invokes!) {
      const [calleeId] = fn(callee);
      expect(vars[functionNameEnv(callee)], callee).toEqual({ Ref: calleeId });
      expect(JSON.stringify(statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'))), callee).toContain(calleeId);
    }
    expect(frontId).toBeTruthy();
  });
});
