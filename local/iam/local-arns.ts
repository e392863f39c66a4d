import type { SymbolicResource } from '../../infra/grants.js';
import { BUS_NAME } from '../../events/names.js';
import { SECRET_IDS } from '../aws-endpoints/secrets.js';
import { functionArn } from '../bus/lambda-invoker.js';
import { stateMachineArn } from '../stepfunctions/arns.js';

/** The account and region of every local ARN (the same the rest of the twin uses). */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';
export const LOCAL_TABLE_NAME = 'eum-social';
/** The runtime's media bucket (local/runtime.ts LOCAL_MEDIA_BUCKET). */
export const LOCAL_MEDIA_BUCKET_NAME = 'eum-social-media-local';

const here = (service: string, resource: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;

export const localTableArn = (table: string): string => here('dynamodb', `table/${table}`);
export const localBusArn = (bus: string): string => (bus.startsWith('arn:') ? bus : here('events', `event-bus/${bus}`));
export const localSecretArn = (name: string): string => (name.startsWith('arn:') ? name : here('secretsmanager', `secret:${name}`));
export const localEumArn = (type: 'phone-number-id' | 'waba', id: string): string => (id.startsWith('arn:') ? id : here('social-messaging', `${type}/${id}`));

/** A symbolic resource of infra/grants.ts as the local runtime names it (the stack maps the same symbols to CDK tokens). */
export function localArnOf(r: SymbolicResource, tableName = LOCAL_TABLE_NAME): string {
  switch (r.kind) {
    case 'table':
      return localTableArn(tableName);
    case 'table-indexes':
      return `${localTableArn(tableName)}/index/*`;
    case 'bus':
      return localBusArn(BUS_NAME);
    case 'state-machine':
      return stateMachineArn(r.name);
    case 'executions':
      return here('states', `execution:${r.machine}:*`);
    case 'function':
      return functionArn(r.name);
    case 'function-versions':
      return `${functionArn(r.name)}:*`;
    case 'secret':
      return localSecretArn(r.secret === 'razorpay-webhook' ? SECRET_IDS.razorpayWebhook : SECRET_IDS.razorpayApi);
    case 'eum':
      return here('social-messaging', `${r.type}/*`);
    case 'media-objects':
      return `arn:aws:s3:::${LOCAL_MEDIA_BUCKET_NAME}/${r.prefix}*`;
    case 'sfn-sync-rule':
      return here('events', 'rule/StepFunctionsGetEventsForStepFunctionsExecutionRule');
    case 'any':
      return '*';
  }
}
