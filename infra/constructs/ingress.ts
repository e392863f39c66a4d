import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';
import type { DeadLetters } from './dead-letters.js';

export interface IngressProps {
  ingestEum: IFunction;
  ingestRazorpay: IFunction;
  actions: IFunction;
  deadLetters: DeadLetters;
  logRetention: RetentionDays;
}

const EUM_SERVICE = 'social-messaging.amazonaws.com';

/**
 * The ways in: the SNS topic EUM Social publishes WhatsApp events to, Razorpay's webhook endpoint
 * (authenticated by its HMAC signature) and the IAM-authorized actions API.
 */
export class Ingress extends Construct {
  readonly topic: Topic;
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // EUM publishes to an encrypted topic only if its service principal may use the key.
    const key = new Key(this, 'EventsKey', {
      description: 'Encrypts the EUM Social event destination topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(EUM_SERVICE)],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    this.topic = new Topic(this, 'EumEvents', { displayName: 'EUM Social WhatsApp events', masterKey: key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(EUM_SERVICE)],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisAccount,
      }),
    );
    this.topic.addSubscription(new LambdaSubscription(props.ingestEum, { deadLetterQueue: props.deadLetters.create('EumTopicSubscription') }));

    this.api = new HttpApi(this, 'Api', { apiName: `${stack.stackName}-api`, description: 'Razorpay webhooks and the actions API' });
    this.api.addRoutes({
      path: '/webhooks/razorpay',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('RazorpayWebhook', props.ingestRazorpay),
    });
    this.api.addRoutes({
      path: '/actions',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Actions', props.actions),
      authorizer: new HttpIamAuthorizer(),
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      // No body, no query string: request ids and outcomes only.
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
        caller: '$context.identity.caller',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    acknowledge(
      this.api,
      'AwsSolutions-APIG4',
      'POST /webhooks/razorpay is called by Razorpay, which cannot sign AWS requests: the handler verifies the X-Razorpay-Signature HMAC over the raw body and rejects everything else. POST /actions uses IAM auth.',
    );
  }
}

/** SNS → Lambda and EventBridge → Lambda are asynchronous invokes: failures after retries land in a DLQ with the error. */
export const ASYNC_RETRY_ATTEMPTS = 2;
export const ASYNC_MAX_EVENT_AGE = Duration.hours(6);
