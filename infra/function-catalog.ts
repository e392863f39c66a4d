/**
 * Every Lambda of the system: `name` is the handler file `functions/handlers/<name>.ts`.
 * `grants` is what it may touch, turned into least-privilege IAM by the stack.
 * Each workflow adds its handlers here.
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'bus:put'
  | 'sfn:start'
  | 'sfn:task-token'
  | 'sfn:read'
  | 'eum:send'
  | 'eum:templates'
  | 'eum:flows'
  | 'eum:phone-numbers'
  | 'secret:razorpay-webhook'
  | 'secret:razorpay-api';

export interface FunctionSpec {
  name: string;
  description: string;
  grants: Grant[];
  timeoutSeconds?: number;
  memoryMb?: number;
}

export const functionCatalog: FunctionSpec[] = [
  { name: 'ingest-eum', description: 'Normalize EUM SNS deliveries and aws.social-messaging events', grants: ['table:read', 'table:write', 'bus:put'] },
  { name: 'ingest-razorpay', description: 'Verify, dedupe and publish Razorpay webhooks', grants: ['table:read', 'table:write', 'bus:put', 'secret:razorpay-webhook'], timeoutSeconds: 5 },
  { name: 'record-message', description: 'Store messages and status updates', grants: ['table:read', 'table:write'] },
  {
    name: 'actions',
    description: 'The action registry (HTTP API and direct invoke)',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:start', 'sfn:read', 'eum:send', 'eum:templates', 'eum:flows', 'eum:phone-numbers', 'secret:razorpay-api'],
    timeoutSeconds: 29,
  },
];
