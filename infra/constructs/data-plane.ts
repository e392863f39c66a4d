import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { RazorpaySecrets } from './secrets.js';

/** What functions and state machines are granted against: the table, the custom bus, the secrets. */
export interface DataPlane {
  table: ITable;
  bus: IEventBus;
  secrets: RazorpaySecrets;
}
