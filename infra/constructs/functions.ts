import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, RuntimeFamily, Tracing, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INBOUND_MEDIA_PREFIX } from '../../functions/domain/media/keys.js';
import { LAMBDA_RUNTIME_NAME, nodejsFunctionBundling } from '../bundling.js';
import type { FunctionSpec, Grant } from '../function-catalog.js';
import { functionEnvironment, memoryOf, timeoutOf } from '../function-environment.js';
import type { DataPlane } from './data-plane.js';
import { stateMachineArn, executionArnPattern } from './names.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface FunctionsProps {
  catalog: FunctionSpec[];
  data: DataPlane;
  /** Every state machine name (ASL file name): `sfn:*` grants and STATE_MACHINE_ARN_* env use them. */
  stateMachines: string[];
  logRetention: RetentionDays;
  /** Extra environment for every function (deployment settings). */
  environment: Record<string, string>;
}

/**
 * One NodejsFunction per entry of the function catalogue, bundled as deployed everywhere
 * (infra/bundling.ts), each with only the grants its entry names.
 */
export class Functions extends Construct {
  readonly byName = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    for (const spec of props.catalog) {
      const fn = this.createFunction(spec, props);
      this.byName.set(spec.name, fn);
      grant(fn, spec, props);
    }
  }

  get(name: string): IFunction {
    const fn = this.byName.get(name);
    if (!fn) throw new Error(`no function "${name}" in infra/function-catalog.ts (referenced by a rule, schedule or ASL placeholder)`);
    return fn;
  }

  private createFunction(spec: FunctionSpec, props: FunctionsProps): NodejsFunction {
    const id = pascal(spec.name);
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    return new NodejsFunction(this, id, {
      description: spec.description,
      entry: join(PROJECT_ROOT, 'functions', 'handlers', `${spec.name}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: new Runtime(LAMBDA_RUNTIME_NAME, RuntimeFamily.NODEJS, { supportsInlineCode: true }),
      architecture: Architecture.ARM_64,
      memorySize: memoryOf(spec),
      timeout: Duration.seconds(timeoutOf(spec)),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: functionEnvironment(spec, {
        tableName: props.data.table.tableName,
        busName: props.data.bus.eventBusName,
        razorpayWebhookSecretId: props.data.secrets.webhook.secretArn,
        razorpayApiSecretId: props.data.secrets.api.secretArn,
        stateMachines: props.stateMachines,
        stateMachineArn: (m) => stateMachineArn(Stack.of(this), m),
        deployment: props.environment,
        mediaBucket: props.data.mediaBucket.bucketName,
      }),
      // Shared with the twin's bundles mode and the bench: infra/bundling.ts.
      bundling: { format: OutputFormat.ESM, ...nodejsFunctionBundling() },
    });
  }
}

/** EUM Social IAM actions per grant. */
const EUM_ACTIONS: Record<'eum:send' | 'eum:templates' | 'eum:flows' | 'eum:phone-numbers', string[]> = {
  'eum:send': ['SendWhatsAppMessage'],
  'eum:phone-numbers': ['GetLinkedWhatsAppBusinessAccountPhoneNumber', 'GetLinkedWhatsAppBusinessAccount', 'ListLinkedWhatsAppBusinessAccounts'],
  'eum:templates': [
    'CreateWhatsAppMessageTemplate',
    'CreateWhatsAppMessageTemplateFromLibrary',
    'CreateWhatsAppMessageTemplateMedia',
    'UpdateWhatsAppMessageTemplate',
    'DeleteWhatsAppMessageTemplate',
    'GetWhatsAppMessageTemplate',
    'ListWhatsAppMessageTemplates',
    'ListWhatsAppTemplateLibrary',
  ],
  'eum:flows': [
    'CreateWhatsAppFlow',
    'UpdateWhatsAppFlow',
    'UpdateWhatsAppFlowAssets',
    'ListWhatsAppFlowAssets',
    'PublishWhatsAppFlow',
    'DeprecateWhatsAppFlow',
    'DeleteWhatsAppFlow',
    'GetWhatsAppFlow',
    'GetWhatsAppFlowPreview',
    'ListWhatsAppFlows',
  ],
};

/**
 * Resources per EUM grant, from the Service Authorization Reference for social-messaging:
 * sends and phone-number reads are scoped to the account's phone numbers, WABA reads to its WABAs;
 * template and Flow operations and ListLinkedWhatsAppBusinessAccounts define no resource type there,
 * so IAM only accepts "*" for them (the actions are still enumerated, never `social-messaging:*`).
 */
function eumResources(stack: Stack, g: keyof typeof EUM_ACTIONS): { action: string; resources: string[] }[] {
  const arn = (resource: string) => stack.formatArn({ service: 'social-messaging', resource, resourceName: '*' });
  if (g === 'eum:send') return [{ action: 'SendWhatsAppMessage', resources: [arn('phone-number-id')] }];
  if (g === 'eum:phone-numbers')
    return [
      { action: 'GetLinkedWhatsAppBusinessAccountPhoneNumber', resources: [arn('phone-number-id')] },
      { action: 'GetLinkedWhatsAppBusinessAccount', resources: [arn('waba')] },
      { action: 'ListLinkedWhatsAppBusinessAccounts', resources: ['*'] },
    ];
  return EUM_ACTIONS[g].map((action) => ({ action, resources: ['*'] }));
}

function grant(fn: NodejsFunction, spec: FunctionSpec, props: FunctionsProps): void {
  const stack = Stack.of(fn);
  const { table, bus, secrets } = props.data;
  const machines = props.stateMachines.map((m) => stateMachineArn(stack, m));
  const apply: Record<Grant, (g: IGrantable) => void> = {
    'table:read': (g) => table.grantReadData(g),
    'table:write': (g) => table.grantWriteData(g),
    'bus:put': (g) => bus.grantPutEventsTo(g),
    'sfn:start': (g) => g.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: machines })),
    'sfn:read': (g) =>
      g.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['states:DescribeExecution'], resources: props.stateMachines.map((m) => executionArnPattern(stack, m)) }),
      ),
    'sfn:task-token': (g) =>
      g.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: machines }),
      ),
    'eum:send': (g) => grantEum(g, stack, 'eum:send'),
    'eum:templates': (g) => grantEum(g, stack, 'eum:templates'),
    'eum:flows': (g) => grantEum(g, stack, 'eum:flows'),
    'eum:phone-numbers': (g) => grantEum(g, stack, 'eum:phone-numbers'),
    'secret:razorpay-webhook': (g) => secrets.webhook.grantRead(g),
    'secret:razorpay-api': (g) => secrets.api.grantRead(g),
    // Media (issue 19): reads anywhere in the bucket (presigned GETs, sources of uploads); writes only
    // where store-media puts inbound files (the presigned PUT EUM uploads to is signed with this role).
    'media:read': (g) => g.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.data.mediaBucket.arnForObjects('*')] })),
    'media:write-inbound': (g) =>
      g.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [props.data.mediaBucket.arnForObjects(`${INBOUND_MEDIA_PREFIX}*`)] })),
    'eum:media': (g) =>
      g.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['social-messaging:GetWhatsAppMessageMedia', 'social-messaging:PostWhatsAppMessageMedia', 'social-messaging:DeleteWhatsAppMessageMedia'],
          resources: [stack.formatArn({ service: 'social-messaging', resource: 'phone-number-id', resourceName: '*' })],
        }),
      ),
  };
  for (const g of new Set(spec.grants)) apply[g](fn);
}

function grantEum(g: IGrantable, stack: Stack, which: keyof typeof EUM_ACTIONS): void {
  for (const { action, resources } of eumResources(stack, which)) {
    g.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [`social-messaging:${action}`], resources }));
  }
}

export const pascal = (kebab: string): string =>
  kebab
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
