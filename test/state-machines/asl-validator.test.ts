import { Template } from 'aws-cdk-lib/assertions';
import aslValidator from 'asl-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app.js';
import { listStateMachines, readStateMachine, substitute } from '../../state-machines/substitutions.js';

/**
 * asl-validator (the Amazon States Language JSON schemas, JSONPath syntax, Resource ARNs) on every
 * ASL file as written, and on every definition as the stack deploys it: the synthesized
 * DefinitionString with its DefinitionSubstitutions resolved as CloudFormation would.
 */
const ACCOUNT = '123456789012';
const REGION = 'ap-south-1';

/** A CloudFormation value of the template as a concrete string (the intrinsics CDK emits here). */
function resolve(value: unknown, resources: Record<string, { Type: string; Properties: any }>): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref === 'AWS::Region') return REGION;
  if (v.Ref === 'AWS::AccountId') return ACCOUNT;
  if (v.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
  if (typeof v.Ref === 'string') {
    const r = resources[v.Ref];
    if (r?.Type === 'AWS::DynamoDB::Table') return `${v.Ref}-table`;
    if (r?.Type === 'AWS::Events::EventBus') return resolve(r.Properties.Name, resources);
    return v.Ref;
  }
  if (Array.isArray(v['Fn::GetAtt'])) {
    const [id, attr] = v['Fn::GetAtt'] as [string, string];
    const r = resources[id];
    if (r?.Type === 'AWS::Lambda::Function' && attr === 'Arn') return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`;
    if (r?.Type === 'AWS::Events::EventBus' && attr === 'Name') return resolve(r.Properties.Name, resources);
    throw new Error(`no stand-in for Fn::GetAtt ${id}.${attr} (${r?.Type})`);
  }
  if (Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolve(p, resources)).join(sep);
  }
  throw new Error(`no stand-in for ${JSON.stringify(value)}`);
}

const validate = (definition: unknown) => {
  const { isValid, errorsText } = aslValidator(definition as never);
  return isValid ? '' : errorsText('\n');
};

describe('asl-validator', () => {
  it('is live: it refuses a Task whose Resource is no ARN and a ResultPath that is no path', () => {
    expect(validate({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'rollup-day', End: true } } })).not.toBe('');
    expect(validate({ StartAt: 'P', States: { P: { Type: 'Pass', ResultPath: 'plan', End: true } } })).not.toBe('');
  });

  it.each(listStateMachines().map((m) => [m.name]))('accepts %s as written', (name) => {
    expect(validate(JSON.parse(readStateMachine(name)))).toBe('');
  });

  it('accepts every definition as deployed, substitutions resolved from the synthesized template', () => {
    const { app, stack } = createApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties: any }>;
    const assembly = app.synth().directory;
    const machines = Object.values(resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(listStateMachines().length);
    for (const m of machines) {
      // DefinitionBody.fromFile deploys the file as an asset (DefinitionS3Location): read the staged copy.
      const key = m.Properties.DefinitionS3Location?.Key as string | undefined;
      const text = key ? readFileSync(join(assembly, `asset.${key}`), 'utf8') : resolve(m.Properties.DefinitionString, resources);
      const values = Object.fromEntries(Object.entries(m.Properties.DefinitionSubstitutions ?? {}).map(([k, v]) => [k, resolve(v, resources)]));
      const deployed = JSON.parse(substitute(text, values));
      expect(JSON.stringify(deployed)).not.toMatch(/\$\{[A-Za-z0-9]+\}/);
      expect(validate(deployed), m.Properties.StateMachineName).toBe('');
    }
  }, 180_000);
});
