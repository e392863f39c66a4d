import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

/**
 * One SQS dead-letter queue per delivery path (rule target, schedule, SNS subscription, async
 * Lambda failure), so a dead letter says where it came from; every queue gets a depth alarm.
 */
export class DeadLetters extends Construct {
  readonly queues: Queue[] = [];

  /** A DLQ for `purpose` (a stable construct id, e.g. `RuleRecordMessage`). */
  create(purpose: string): Queue {
    const queue = new Queue(this, purpose, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: a dead letter must outlive a long weekend before someone redrives it.
      retentionPeriod: Duration.days(14),
    });
    acknowledge(queue, 'AwsSolutions-SQS3', 'This queue is itself a dead-letter queue; its depth is alarmed and it is redriven by hand (README runbook).');
    this.queues.push(queue);
    return queue;
  }
}
