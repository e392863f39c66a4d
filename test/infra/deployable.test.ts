import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { busNameFor } from '../../events/names.js';
import { rules } from '../../events/rules/index.js';
import { capabilities } from '../../functions/actions/registry.js';
import { PAYMENT_MESSAGE_KINDS, paymentTemplateEnvName } from '../../functions/domain/payments/messages.js';
import { createApp } from '../../infra/app.js';
import { functionCatalog } from '../../infra/function-catalog.js';
import { listStateMachines } from '../../state-machines/substitutions.js';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

/** Issue 15 findings 3, 4 and 8: what would break the first (or the second) deploy on AWS. */
const synth = (context: Record<string, unknown> = {}) => {
  const { stack } = createApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources as Resources };
};

/**
 * Properties that give a resource a physical name unique per account and region: two stacks that
 * set the same value cannot both deploy ("already exists").
 */
const PHYSICAL_NAMES: Record<string, string> = {
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Archive': 'ArchiveName',
  'AWS::Events::Rule': 'Name',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Scheduler::Schedule': 'Name',
  'AWS::Scheduler::ScheduleGroup': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::ApiGatewayV2::Api': 'Name',
};
const physicalNames = (resources: Resources) =>
  Object.values(resources).flatMap((r) => {
    const prop = PHYSICAL_NAMES[r.Type];
    const value = prop ? r.Properties?.[prop] : undefined;
    return value === undefined ? [] : [`${r.Type} ${JSON.stringify(value)}`];
  });

describe('a second stack beside the first (finding 3)', () => {
  const first = synth();
  const second = synth({ stackName: 'EumSocialStaging' });

  it('shares no physical name with the first: every fixed name derives from the stack name', () => {
    const a = physicalNames(first.resources);
    const b = new Set(physicalNames(second.resources));
    expect(a.length).toBeGreaterThan(0);
    expect(a.filter((name) => b.has(name))).toEqual([]);
  });

  it('names the bus, state machines and their log groups after the stack', () => {
    second.template.hasResourceProperties('AWS::Events::EventBus', { Name: busNameFor('EumSocialStaging') });
    const machines = Object.values(second.resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(listStateMachines().length);
    for (const m of machines) expect(m.Properties.StateMachineName).toMatch(/^EumSocialStaging-/);
  });

  it("narrows the default-bus rule to the stack's own WABAs when their Meta ids are given", () => {
    const defaultBusRules = rules.filter((r) => r.bus === 'default');
    expect(defaultBusRules.length).toBeGreaterThan(0);
    const scoped = synth({ stackName: 'EumSocialStaging', metaWabaIds: '1163793972139053, 1163793972139054' });
    const deployed = Object.values(scoped.resources).filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventBusName === 'default');
    expect(deployed).toHaveLength(defaultBusRules.length);
    for (const rule of deployed) {
      expect(rule.Properties.EventPattern.detail.wabaId).toEqual(['1163793972139053', '1163793972139054']);
      expect(rule.Properties.EventPattern.source).toEqual(['aws.social-messaging']);
    }
    // The custom-bus rules are the stack's own: left as events/rules says.
    const custom = Object.values(scoped.resources).filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventBusName !== 'default');
    for (const rule of custom) expect(JSON.stringify(rule.Properties.EventPattern)).not.toContain('1163793972139053');
  });

  it('warns at synth when a wabaId is given without the Meta ids that scope the default-bus rule', () => {
    const unscoped = synth({ wabaId: 'waba-0123abc' });
    Annotations.fromStack(unscoped.stack).hasWarning('*', Match.stringLikeRegexp('metaWabaIds is not'));
    const scoped = synth({ wabaId: 'waba-0123abc', metaWabaIds: '1163793972139053' });
    Annotations.fromStack(scoped.stack).hasNoWarning('*', Match.stringLikeRegexp('metaWabaIds is not'));
  });

  it("refuses an EUM id where Meta's WABA id is expected, naming the context key", () => {
    expect(() => synth({ metaWabaIds: 'waba-0123abc' })).toThrow(/context metaWabaIds: Meta's WABA ids/);
  });
});

describe('the alarm topic (finding 4)', () => {
  const { resources } = synth();
  const alarmTopicId = Object.entries(resources).find(([, r]) => r.Type === 'AWS::SNS::Topic' && /alarm/i.test(r.Properties.DisplayName))![0];
  const policy = Object.values(resources).find((r) => r.Type === 'AWS::SNS::TopicPolicy' && JSON.stringify(r.Properties.Topics) === JSON.stringify([{ Ref: alarmTopicId }]));
  const statements = (policy?.Properties.PolicyDocument.Statement ?? []) as any[];

  it('lets CloudWatch publish, for alarms of this account only', () => {
    const allow = statements.find((s) => s.Effect === 'Allow' && s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(allow, 'an Allow for cloudwatch.amazonaws.com').toBeDefined();
    expect(allow.Action).toBe('sns:Publish');
    expect(allow.Resource).toEqual({ Ref: alarmTopicId });
    expect(allow.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(allow.Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:*');
  });

  it('keeps the deny of publishing without TLS', () => {
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });
});

describe('smaller deploy findings (finding 8)', () => {
  it('logs every state machine under /aws/vendedlogs/states/', () => {
    const { resources } = synth();
    const machines = Object.values(resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    for (const m of machines) {
      const logGroupId = m.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      expect(resources[logGroupId]!.Properties.LogGroupName).toBe(`/aws/vendedlogs/states/${m.Properties.StateMachineName}`);
    }
  });

  it('sets PAYMENT_TEMPLATE_<KIND> from context paymentTemplate<Kind>, and refuses a malformed one', () => {
    const context = Object.fromEntries(PAYMENT_MESSAGE_KINDS.map((k) => [`paymentTemplate${k[0]!.toUpperCase()}${k.slice(1)}`, `pay_${k}:en_US`]));
    const { resources } = synth(context);
    const sender = functionCatalog.find((f) => f.name === 'send-payment-message')!;
    const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === sender.description);
    const env = fn!.Properties.Environment.Variables as Record<string, string>;
    for (const k of PAYMENT_MESSAGE_KINDS) expect(env[paymentTemplateEnvName(k)], k).toBe(`pay_${k}:en_US`);
    expect(() => synth({ paymentTemplateLink: 'Pay Link!' })).toThrow(/context paymentTemplateLink: an approved template as name or name:language/);
  });

  it('names IAM actions in capability needs with the IAM prefix social-messaging:, never socialmessaging:', () => {
    const needs = capabilities().flatMap((c) => c.needs);
    expect(needs.some((n) => n.includes('social-messaging:'))).toBe(true);
    expect(needs.filter((n) => /(^|[^-])socialmessaging:/.test(n))).toEqual([]);
  });
});
