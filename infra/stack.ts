import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';

import type { Construct } from 'constructs';
import { busNameFor } from '../events/names.js';
import { rules } from '../events/rules/index.js';
import { schedules } from '../events/schedules/index.js';
import { listStateMachines, pascal } from '../state-machines/substitutions.js';
import type { DeploymentConfig } from './config.js';
import { DeadLetters } from './constructs/dead-letters.js';
import { Functions } from './constructs/functions.js';
import { ASYNC_MAX_EVENT_AGE, ASYNC_RETRY_ATTEMPTS, Ingress } from './constructs/ingress.js';
import { Observability } from './constructs/observability.js';
import { Routing } from './constructs/routing.js';
import { Scheduling } from './constructs/scheduling.js';
import { RazorpaySecrets } from './constructs/secrets.js';
import { INBOUND_MEDIA_PREFIX } from '../functions/domain/media/keys.js';
import { MediaStorage } from './constructs/media-storage.js';
import { Storage } from './constructs/storage.js';
import { Workflows } from './constructs/workflows.js';
import { stateMachineName } from './constructs/names.js';
import { functionCatalog } from './function-catalog.js';
import { acknowledge, findingToken } from './nag.js';

export interface EumSocialStackProps extends StackProps {
  config: DeploymentConfig;
}

/** The whole system in one stack; every rule, schedule, function and state machine comes from data. */
export class EumSocialStack extends Stack {
  constructor(scope: Construct, id: string, props: EumSocialStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = retentionDays(config.logRetentionDays);

    const storage = new Storage(this, 'Storage');
    const secrets = new RazorpaySecrets(this, 'Razorpay');
    const bus = new EventBus(this, 'Bus', { eventBusName: busNameFor(this.stackName), description: 'EUM Social domain events (source eum.social)' });
    const archive = new Archive(this, 'BusArchive', {
      sourceEventBus: bus,
      eventPattern: { account: [this.account] },
      retention: Duration.days(config.archiveRetentionDays),
      description: 'Every domain event, for replay after a fix (README: Reliability → replay)',
    });
    const media = new MediaStorage(this, 'Media', { inboundExpiryDays: config.mediaInboundExpiryDays, outboundExpiryDays: config.mediaOutboundExpiryDays });
    const data = { table: storage.table, bus, secrets, mediaBucket: media.bucket };
    const deadLetters = new DeadLetters(this, 'DeadLetters');

    const functions = new Functions(this, 'Functions', {
      catalog: functionCatalog,
      data,
      stateMachines: listStateMachines().map((m) => m.name),
      logRetention,
      environment: {
        ORDER_TO_PAYMENT: config.orderToPayment,
        ...(config.wabaId ? { EUM_WABA_ID: config.wabaId } : {}),
        ...(config.paymentOriginationPhoneNumberId ? { PAYMENT_ORIGINATION_PHONE_NUMBER_ID: config.paymentOriginationPhoneNumberId } : {}),
        ...config.paymentTemplates,
      },
    });
    const workflows = new Workflows(this, 'Workflows', { data, functions, logRetention });
    new Routing(this, 'Routing', { bus, rules, functions, workflows, deadLetters, metaWabaIds: config.metaWabaIds });
    if (config.wabaId && !config.metaWabaIds) {
      Annotations.of(this).addWarningV2(
        'eum-social:default-bus-rule-unscoped',
        `wabaId is set but metaWabaIds is not: the rule on the account's default bus takes every WABA's aws.social-messaging events, other stacks' too. Add -c metaWabaIds=<Meta's id of ${config.wabaId}> (account.wabaId of get-linked-whatsapp-business-account).`,
      );
    }
    new Scheduling(this, 'Scheduling', { schedules, functions, workflows, deadLetters });
    const ingress = new Ingress(this, 'Ingress', {
      ingestEum: functions.get('ingest-eum'),
      ingestRazorpay: functions.get('ingest-razorpay'),
      actions: functions.get('actions'),
      deadLetters,
      logRetention,
    });

    // Lambdas invoked asynchronously (SNS, rules, schedules): a failure after retries is kept with its error.
    const asyncInvoked = new Set<string>(['ingest-eum', ...[...rules, ...schedules].flatMap((r) => (r.target.kind === 'lambda' ? [r.target.name] : []))]);
    for (const name of asyncInvoked) {
      functions.byName.get(name)!.configureAsyncInvoke({
        onFailure: new SqsDestination(deadLetters.create(`AsyncFailures${pascal(name)}`)),
        retryAttempts: ASYNC_RETRY_ATTEMPTS,
        maxEventAge: ASYNC_MAX_EVENT_AGE,
      });
    }

    const observability = new Observability(this, 'Observability', {
      functions: functions.byName,
      stateMachines: workflows.byName,
      deadLetterQueues: deadLetters.queues,
      alarmEmail: config.alarmEmail,
    });

    // Outputs named as the README's deploy steps name them.
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output(
      'EumEventTopicArn',
      ingress.topic.topicArn,
      'Next step: register as the EUM event destination of your WABA: aws socialmessaging put-whatsapp-business-account-event-destinations --id <waba-id> --event-destinations eventDestinationArn=<this ARN> (or EUM console → Business account → Event destination)',
    );
    output('RazorpayWebhookUrl', `${ingress.api.apiEndpoint}/webhooks/razorpay`, 'Razorpay Dashboard → Webhooks → Add: this URL, events payment_link.*, payment.*, refund.*');
    output(
      'RazorpayWebhookSecretArn',
      secrets.webhook.secretArn,
      'Put the Razorpay webhook secret here: aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string …',
    );
    output('RazorpayApiSecretArn', secrets.api.secretArn, 'Put {"keyId":"rzp_…","keySecret":"…"} here');
    output('MediaBucketName', media.bucket.bucketName, 'Media bucket: inbound files under inbound/, outbound under outbound/ (CLI: --bucket <this name> --file <path>)');
    output('ActionsUrl', `${ingress.api.apiEndpoint}/actions`, 'IAM-authorized actions API: npm run cli -- --stack-url <this URL> <action> …');
    output('ActionsFunctionName', functions.byName.get('actions')!.functionName, 'The action registry as a Lambda: npm run cli -- --function <this name> <action> …');
    output('AlarmTopicArn', observability.alarmTopic.topicArn, 'Subscribe your on-call here (or deploy with -c alarmEmail=…)');
    output('EventBusName', bus.eventBusName, 'Domain events (source eum.social); its archive replays a time range after a fix');
    output('BusArchiveArn', archive.archiveArn, 'Replay a time range after a fix: npm run cli -- replay --from <ISO> --to <ISO> --archive-arn <this ARN>');
    output('TableName', storage.table.tableName, 'The single table: messages, templates, quality history, payments, rollups');

    acknowledge(
      this,
      'AwsSolutions-IAM4',
      "Only AWSLambdaBasicExecutionRole (writes to the function's own log group) is AWS-managed; every data permission is an inline least-privilege statement.",
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    acknowledgeWildcards(this, storage, functions, workflows, media);
    acknowledge(
      this,
      'AwsSolutions-L1',
      'Functions are pinned to nodejs22.x, a current Lambda runtime that ships AWS SDK v3 (kept external in the bundles); bumped deliberately, not by the construct default.',
    );
  }
}

function retentionDays(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays)
    .filter((v): v is RetentionDays => typeof v === 'number' && v > 0)
    .sort((a, b) => a - b);
  const match = allowed.find((d) => d >= days);
  if (!match) throw new Error(`context logRetentionDays: ${days} is longer than CloudWatch Logs allows`);
  return match;
}

/**
 * Each wildcard the stack's IAM policies hold, acknowledged one by one with why it cannot be
 * narrower; a new wildcard fails the synth until someone writes down its reason here.
 */
function acknowledgeWildcards(stack: Stack, storage: Storage, functions: Functions, workflows: Workflows, media?: MediaStorage): void {
  const iam5 = (scope: Construct, finding: string, reason: string) => acknowledge(scope, 'AwsSolutions-IAM5', reason, `Resource::${finding}`);
  if (media) {
    const bucket = findingToken(stack, media.bucket.bucketArn);
    iam5(functions, `${bucket}/*`, "GetObject on the media bucket's objects: presigned GETs of stored media and the sources of uploads, whose keys are the callers'.");
    iam5(functions, `${bucket}/${INBOUND_MEDIA_PREFIX}*`, "PutObject under inbound/ only: store-media's presigned PUT, to a key derived from each message.");
  }
  iam5(stack, `${findingToken(stack, storage.table.tableArn)}/index/*`, "Queries on the table's own GSIs (gsi1, gsi2), granted by table.grantReadData.");
  for (const fn of functions.byName.values()) {
    iam5(
      stack,
      `${findingToken(stack, fn.functionArn)}:*`,
      "lambda:InvokeFunction on this function's versions/aliases (grantInvoke), for the state machines and schedules that call it.",
    );
  }
  iam5(
    functions,
    '*',
    'X-Ray PutTraceSegments/PutTelemetryRecords (no resource-level permissions); EUM template and Flow operations and ListLinkedWhatsAppBusinessAccounts, which define no resource type in the Service Authorization Reference for social-messaging (their actions are enumerated, never social-messaging:*).',
  );
  const here = (service: string, resource: string) => `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
  iam5(
    functions,
    here('social-messaging', 'phone-number-id/*'),
    "Sends and phone-number reads on this account's EUM phone numbers (which numbers a business links changes without a redeploy).",
  );
  iam5(functions, here('social-messaging', 'waba/*'), "GetLinkedWhatsAppBusinessAccount on this account's linked WABAs.");
  for (const name of workflows.byName.keys()) {
    iam5(
      functions,
      here('states', `execution:${stateMachineName(stack, name)}:*`),
      `DescribeExecution on executions of this stack's own ${name} state machine (execution names are not known in advance).`,
    );
  }
  iam5(workflows, '*', 'Step Functions log delivery (logs:*LogDelivery, no resource-level permissions) and X-Ray tracing.');
  for (const name of workflows.byName.keys()) {
    iam5(
      workflows,
      here('states', `execution:${stateMachineName(stack, name)}:*`),
      `A parent waiting on a child ${name} execution (startExecution.sync:2) describes and stops it; child execution names are generated.`,
    );
  }
}
