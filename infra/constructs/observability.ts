import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  functions: Map<string, LambdaFunction>;
  stateMachines: Map<string, StateMachine>;
  deadLetterQueues: Queue[];
  alarmEmail?: string;
}

/**
 * Alarms on what means "something was not processed": a dead letter, a failed or timed-out
 * execution, Lambda errors and throttles. They notify one topic.
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const key = new Key(this, 'AlarmsKey', { description: 'Encrypts the alarm topic', enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    // CloudWatch publishes alarm notifications to the encrypted topic only if it may use the key.
    key.addToResourcePolicy(
      new PolicyStatement({ principals: [new ServicePrincipal('cloudwatch.amazonaws.com')], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'] }),
    );
    this.alarmTopic = new Topic(this, 'Alarms', { displayName: 'EUM Social workflows alarms', masterKey: key, enforceSSL: true });
    // enforceSSL gives the topic a policy of its own (the TLS deny), which replaces SNS's default
    // policy: without this statement nothing may publish, and no alarm would ever notify.
    this.alarmTopic.addToResourcePolicy(alarmsMayPublish(Stack.of(this), this.alarmTopic.topicArn));
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.alarmTopic);

    const alarm = (idPart: string, metric: IMetric, description: string) => {
      const a = new Alarm(this, idPart, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
    };

    props.deadLetterQueues.forEach((q) =>
      alarm(
        `${q.node.id}Depth`,
        q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        `Dead letters in ${q.node.id}: inspect, fix, redrive (README runbook)`,
      ),
    );
    for (const [name, sm] of props.stateMachines) {
      alarm(`${sm.node.id}Failed`, sm.metricFailed({ period: Duration.minutes(5) }), `${name} executions failed`);
      alarm(`${sm.node.id}TimedOut`, sm.metricTimedOut({ period: Duration.minutes(5) }), `${name} executions timed out`);
    }
    for (const [name, fn] of props.functions) {
      alarm(`${fn.node.id}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), `${name} Lambda errors`);
      alarm(`${fn.node.id}Throttles`, fn.metricThrottles({ period: Duration.minutes(5) }), `${name} Lambda throttles`);
    }
  }
}

/** CloudWatch may publish to the alarm topic, for this account's alarms only (confused-deputy guard). */
export function alarmsMayPublish(stack: Stack, topicArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'CloudWatchAlarmsPublish',
    principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  });
}
