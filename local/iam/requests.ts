import { eumResourceOf } from '../../infra/grants.js';
import { localBusArn, localEumArn, localSecretArn, localTableArn } from './local-arns.js';

/** One IAM check a request needs: the action and the resource it is authorized on. */
export interface Check {
  action: string;
  resource: string;
}

type Body = Record<string, any>;
const tableOf = (name: unknown): string => localTableArn(String(name ?? ''));
const onTable = (table: unknown, index?: unknown): string => (index ? `${tableOf(table)}/index/${String(index)}` : tableOf(table));

/**
 * The checks of one DynamoDB call. Transactions are authorized item by item on the item's own
 * action (DynamoDB has no TransactWriteItems permission); batches once per table.
 */
export function dynamoChecks(operation: string, body: Body): Check[] {
  switch (operation) {
    case 'Query':
    case 'Scan':
      return [{ action: `dynamodb:${operation}`, resource: onTable(body.TableName, body.IndexName) }];
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(body.RequestItems ?? {}).map((t) => ({ action: `dynamodb:${operation}`, resource: tableOf(t) }));
    case 'TransactWriteItems':
      return (body.TransactItems ?? []).flatMap((item: Body) => {
        const [kind, op] = Object.entries(item)[0] ?? [];
        const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind as string];
        return action ? [{ action: `dynamodb:${action}`, resource: tableOf((op as Body)?.TableName) }] : [];
      });
    case 'TransactGetItems':
      return (body.TransactItems ?? []).map((item: Body) => ({ action: 'dynamodb:GetItem', resource: tableOf(item.Get?.TableName) }));
    case 'ListTables':
      return [{ action: 'dynamodb:ListTables', resource: '*' }];
    default:
      return [{ action: `dynamodb:${operation}`, resource: tableOf(body.TableName) }];
  }
}

/** The executionArn a local task token was issued for (local/stepfunctions/engine.ts puts it in front). */
export function executionArnOfToken(token: unknown): string | undefined {
  if (typeof token !== 'string') return undefined;
  const arn = Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8');
  return /^arn:aws:states:[^:]*:[^:]*:execution:[^:]+:.+$/.test(arn) ? arn : undefined;
}
const machineArnOfExecution = (executionArn: string): string => executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '');

/** The checks of one AWS JSON-protocol call (`AWSEvents.*`, `AWSStepFunctions.*`, `secretsmanager.*`) the runtime serves. */
export function awsJsonChecks(target: string, body: Body): Check[] {
  const [service, operation] = target.split('.', 2) as [string, string];
  if (service === 'AWSEvents') {
    const buses = new Set<string>((Array.isArray(body.Entries) ? body.Entries : []).map((e: Body) => String(e?.EventBusName || 'default')));
    return [...buses].map((bus) => ({ action: `events:${operation}`, resource: localBusArn(bus) }));
  }
  if (service === 'AWSStepFunctions') {
    const action = `states:${operation}`;
    switch (operation) {
      case 'StartExecution':
      case 'ListExecutions':
      case 'DescribeStateMachine':
        return [{ action, resource: String(body.stateMachineArn ?? '') }];
      case 'DescribeExecution':
        return [{ action, resource: String(body.executionArn ?? '') }];
      case 'SendTaskSuccess':
      case 'SendTaskFailure':
      case 'SendTaskHeartbeat': {
        // Authorized on the state machine whose execution issued the token; a token that names none is left to the engine (InvalidToken).
        const execution = executionArnOfToken(body.taskToken);
        return execution ? [{ action, resource: machineArnOfExecution(execution) }] : [];
      }
      default:
        return [{ action, resource: '*' }];
    }
  }
  if (service === 'secretsmanager') return [{ action: `secretsmanager:${operation}`, resource: localSecretArn(String(body.SecretId ?? '')) }];
  return [];
}

/** The check of one EUM Social (social-messaging) operation, on the phone number or WABA it names, or `*`. */
export function eumCheck(operation: string, query: URLSearchParams, body: Body): Check {
  const action = `social-messaging:${operation}`;
  const r = eumResourceOf(operation);
  if (r.kind !== 'eum') return { action, resource: '*' };
  // DeleteWhatsAppMessageMedia names its phone number in the query.
  const id = r.type === 'phone-number-id' ? (body.originationPhoneNumberId ?? query.get('originationPhoneNumberId') ?? query.get('id')) : query.get('id');
  return { action, resource: localEumArn(r.type, String(id ?? '')) };
}
