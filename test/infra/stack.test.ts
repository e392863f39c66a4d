import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { busNameFor } from '../../events/names.js';
import { rules } from '../../events/rules/index.js';
import { schedules } from '../../events/schedules/index.js';
import { DEFAULT_IN_FLIGHT_SECONDS } from '../../functions/adapters/dynamodb/dedupe-store.js';
import { GSI1, GSI2, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/keys.js';
import { createApp } from '../../infra/app.js';
import { functionCatalog } from '../../infra/function-catalog.js';
import { listStateMachines, placeholdersOf, readStateMachine } from '../../state-machines/substitutions.js';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

// Bundling is skipped here (`aws:cdk:bundling-stacks: []`): `npm run synth` bundles for real.
const build = (context: Record<string, unknown> = {}) => createApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });

describe('EumSocialStack', () => {
  let template: Template;
  let resources: Resources;
  let nagViolations: { ruleName: string; description: string; resources: unknown[] }[];

  beforeAll(() => {
    // Prepare
    const { stack, nag, app } = build();
    // Act
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Resources;
    nagViolations = nag.validateScope(app).violations as never;
  });

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  it('passes cdk-nag AwsSolutions with every finding acknowledged by a reason', () => {
    // Assess
    expect(nagViolations.map((v: any) => `${v.ruleName}: ${v.violatingResources.map((r: any) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('has the custom bus and an archive of it', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: busNameFor('EumSocialWorkflows') });
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bus'), 'Arn'] },
      RetentionDays: 30,
    });
  });

  it('deploys each rule of events/rules with its exact pattern, a retry policy and its own DLQ', () => {
    const deployed = ofType('AWS::Events::Rule');
    expect(deployed).toHaveLength(rules.length);
    const dlqs = new Set<string>();
    for (const def of rules) {
      const match = deployed.find(([, r]) => JSON.stringify(r.Properties.EventPattern) === JSON.stringify(def.pattern));
      expect(match, `rule ${def.name}`).toBeDefined();
      const [, rule] = match!;
      expect([undefined, 'default'].includes(rule.Properties.EventBusName)).toBe(def.bus === 'default');
      const targets = rule.Properties.Targets as any[];
      expect(targets).toHaveLength(1);
      expect(targets[0].RetryPolicy).toMatchObject({ MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) });
      expect(targets[0].DeadLetterConfig?.Arn).toBeDefined();
      dlqs.add(JSON.stringify(targets[0].DeadLetterConfig.Arn));
      if (def.target.kind === 'state-machine') expect(targets[0].InputPath ?? targets[0].Input ?? targets[0].InputTransformer).toBeDefined();
    }
    expect(dlqs.size).toBe(rules.length);
  });

  it('deploys every ASL file with exactly the placeholders it uses, logged and traced', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(listStateMachines().length);
    for (const { name } of listStateMachines()) {
      const found = machines.find(([, m]) => String(m.Properties.StateMachineName).endsWith(`-${name}`));
      expect(found, name).toBeDefined();
      const props = found![1].Properties;
      expect(Object.keys(props.DefinitionSubstitutions ?? {}).sort()).toEqual(
        placeholdersOf(readStateMachine(name))
          .map((p) => p.key)
          .sort(),
      );
      expect(props.TracingConfiguration).toEqual({ Enabled: true });
      expect(props.LoggingConfiguration.Level).toBe('ALL');
      expect(props.LoggingConfiguration.IncludeExecutionData).toBe(false);
    }
  });

  it('runs each schedule of events/schedules in UTC with retries and a DLQ', () => {
    const deployed = ofType('AWS::Scheduler::Schedule');
    expect(deployed).toHaveLength(schedules.length);
    for (const def of schedules) {
      const found = deployed.find(([, s]) => s.Properties.ScheduleExpression === def.expression);
      expect(found, def.name).toBeDefined();
      const props = found![1].Properties;
      expect(props.ScheduleExpressionTimezone).toBe('Etc/UTC');
      expect(props.Target.DeadLetterConfig.Arn).toBeDefined();
      expect(props.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(JSON.parse(props.Target.Input)).toEqual(def.input ?? {});
    }
  });

  it('subscribes ingest-eum to an encrypted topic that EUM Social may publish to, with a DLQ', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestEum'), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    const topics = ofType('AWS::SNS::Topic');
    expect(topics.every(([, t]) => t.Properties.KmsMasterKeyId)).toBe(true);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Principal: { Service: 'social-messaging.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it("keeps every asynchronously invoked Lambda's failures in a DLQ with the error", () => {
    const asyncTargets = new Set(['ingest-eum', ...[...rules, ...schedules].flatMap((r) => (r.target.kind === 'lambda' ? [r.target.name] : []))]);
    const configs = ofType('AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(asyncTargets.size);
    for (const [, c] of configs) expect(c.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
  });

  it('stores everything in one on-demand, encrypted, point-in-time-recoverable table with the GSIs of keys.ts', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: GSI1.name }), Match.objectLike({ IndexName: GSI2.name })],
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('builds one ARM64 Lambda per catalogue entry on a current Node runtime, with secret ids (never values) in env', () => {
    const fns = ofType('AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'index.handler');
    expect(fns).toHaveLength(functionCatalog.length);
    for (const [, f] of fns) {
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      const env = f.Properties.Environment.Variables as Record<string, unknown>;
      for (const [k, v] of Object.entries(env)) {
        if (/SECRET/.test(k)) expect(v, k).toEqual({ Ref: expect.stringMatching(/^Razorpay/) });
      }
    }
  });

  it('traces every function (X-Ray, Active, its role may put segments) and sets Powertools up: service per function, the stack as metrics namespace, a log level', () => {
    const fns = ofType('AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'index.handler');
    const policies = ofType('AWS::IAM::Policy');
    for (const [id, f] of fns) {
      const spec = functionCatalog.find((s) => s.description === f.Properties.Description);
      expect(spec, id).toBeDefined();
      expect(f.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(f.Properties.Environment.Variables, id).toMatchObject({
        POWERTOOLS_SERVICE_NAME: `eum-social-${spec!.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'EumSocialWorkflows',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
      const role = f.Properties.Role['Fn::GetAtt'][0] as string;
      const actions = policies
        .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => (r as { Ref?: string }).Ref === role))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
        .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect(actions, id).toContain('xray:PutTraceSegments');
    }
  });

  it('stops an ingest attempt well before its dedupe claims can be taken over by a redelivery', () => {
    // A claim older than the in-flight window is taken for a crashed attempt's: the attempt must be dead by then.
    const ingestDescriptions = functionCatalog.filter((spec) => spec.name.startsWith('ingest-')).map((spec) => spec.description);
    const ingest = ofType('AWS::Lambda::Function').filter(([, f]) => ingestDescriptions.includes(f.Properties.Description));
    expect(ingest).toHaveLength(2);
    for (const [, f] of ingest) expect(f.Properties.Timeout).toBeLessThan(DEFAULT_IN_FLIGHT_SECONDS / 2);
  });

  it('grants no wildcard action (`*` or `service:*`) anywhere', () => {
    const actions = ofType('AWS::IAM::Policy').flatMap(([, p]) => (p.Properties.PolicyDocument.Statement as any[]).flatMap((s) => [s.Action].flat()));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a === '*' || /:\*$/.test(a))).toEqual([]);
  });

  it('authorizes the actions API with IAM and leaves only the signed Razorpay webhook open', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.find((r) => r.RouteKey === 'POST /actions')?.AuthorizationType).toBe('AWS_IAM');
    expect(routes.find((r) => r.RouteKey === 'POST /webhooks/razorpay')?.AuthorizationType ?? 'NONE').toBe('NONE');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: { DestinationArn: Match.anyValue() } });
  });

  it('alarms on every DLQ, failed or timed-out execution, and Lambda errors and throttles', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const queues = ofType('AWS::SQS::Queue').length;
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(queues);
    expect(alarms.filter((a) => a.MetricName === 'ExecutionsFailed')).toHaveLength(listStateMachines().length);
    expect(alarms.filter((a) => a.MetricName === 'ExecutionsTimedOut')).toHaveLength(listStateMachines().length);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(functionCatalog.length);
    expect(alarms.filter((a) => a.MetricName === 'Throttles')).toHaveLength(functionCatalog.length);
    expect(alarms.every((a) => (a.AlarmActions as unknown[]).length === 1)).toBe(true);
  });

  it("outputs every value the README's deploy steps refer to", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const deploy = readme.slice(readme.indexOf('## Deploying to AWS'));
    const referenced = [...new Set([...deploy.matchAll(/<([A-Z][A-Za-z]+(?:Arn|Url|Name))>/g)].map((m) => m[1]!))];
    expect(referenced.length).toBeGreaterThan(2);
    expect(referenced.filter((name) => !(name in template.toJSON().Outputs))).toEqual([]);
  });

  it('rejects a malformed wabaId context with the rule it breaks', () => {
    expect(() => build({ wabaId: '1234567890' })).toThrow(/wabaId: the EUM WABA id \(waba-…/);
  });

  it('passes the WABA and order-to-payment settings to the functions', () => {
    const t = Template.fromStack(build({ wabaId: 'waba-abc123', orderToPayment: 'on' }).stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EUM_WABA_ID: 'waba-abc123', ORDER_TO_PAYMENT: 'on' }) },
    });
  });
});
