import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { RazorpaySecrets } from './secrets.js';

/** What functions and state machines are granted against: the table, the custom bus, the secrets. */
export interface DataPlane {
  table: ITable;
  bus: IEventBus;
  secrets: RazorpaySecrets;
  /** The media bucket (issue 19). */
  mediaBucket: IBucket;
}
