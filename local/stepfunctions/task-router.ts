import { DeleteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { LocalBus } from '../bus/bus.js';
import { functionNameOf, type FunctionInvoker } from '../bus/lambda-invoker.js';
import type { PutEventsEntry } from '../bus/types.js';
import { currentTrace, withTrace } from '../trace/trace.js';
import { SYNC_EXECUTION } from './nested-executions.js';

export class TaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface TaskRouterDeps {
  lambdas: FunctionInvoker;
  bus: LocalBus;
  dynamo: () => DynamoDBClient;
  startExecution: (input: { stateMachineArn: string; name?: string; input?: string }) => Promise<{ executionArn: string; startDate: Date }>;
  /** `states:startExecution.sync[:2]`: start a child and wait for it (nested-executions.ts). */
  startExecutionSync?: (resource: string, input: any) => Promise<unknown>;
  /** Checks the state machine role's policy (local/iam); throws its AccessDenied. DynamoDB calls are checked by the endpoint. */
  authorize?: (action: string, resource: string) => void;
  /** The calling execution: the optimized events:putEvents appends its ARNs to each entry's Resources. */
  execution?: { executionArn: string; stateMachineArn: string };
}

/** An integration's AccessDenied as Step Functions reports it: `<Service>.AccessDeniedException`. */
function authorize(deps: TaskRouterDeps, service: string, action: string, resource: string): void {
  try {
    deps.authorize?.(action, resource);
  } catch (err) {
    throw new TaskError(`${service}.${(err as Error).name}`, (err as Error).message);
  }
}

const DYNAMO_COMMANDS = {
  getItem: GetItemCommand,
  putItem: PutItemCommand,
  updateItem: UpdateItemCommand,
  deleteItem: DeleteItemCommand,
} as const;

export const isTokenResource = (resource: string): boolean => resource.endsWith('.waitForTaskToken');

/**
 * Runs one Task state's service call, as the optimized integrations of Step Functions do.
 * For `.waitForTaskToken` resources this only makes the call; the engine then waits for the token.
 */
export async function runTaskResource(resource: string, input: any, deps: TaskRouterDeps): Promise<unknown> {
  const base = resource.replace(/\.waitForTaskToken$/, '');
  if (/^arn:aws:lambda:[^:]*:[^:]*:function:/.test(base)) {
    authorize(deps, 'Lambda', 'lambda:InvokeFunction', base);
    return invokeLambda(functionNameOf(base), input, deps);
  }
  if (SYNC_EXECUTION.test(base) && deps.startExecutionSync) {
    authorize(deps, 'StepFunctions', 'states:StartExecution', String(input?.StateMachineArn));
    return deps.startExecutionSync(base, input);
  }
  const integration = /^arn:aws:states:::([a-z0-9-]+):([A-Za-z]+)$/.exec(base);
  if (!integration) throw new TaskError('States.Runtime', `Task resource ${resource} is not emulated by the local runtime`);
  const [, service, action] = integration as unknown as [string, string, string];

  if (service === 'lambda' && action === 'invoke') {
    if (typeof input?.FunctionName !== 'string') throw new TaskError('States.Runtime', 'lambda:invoke needs Parameters.FunctionName');
    authorize(deps, 'Lambda', 'lambda:InvokeFunction', input.FunctionName);
    const payload = await invokeLambda(functionNameOf(input.FunctionName), input.Payload ?? {}, deps);
    return {
      ExecutedVersion: '$LATEST',
      Payload: payload,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: randomUUID() },
      StatusCode: 200,
    };
  }
  if (service === 'events' && action === 'putEvents') {
    const entries = (input?.Entries ?? []) as (PutEventsEntry & { Detail?: unknown })[];
    for (const bus of new Set(entries.map((e) => e.EventBusName || 'default'))) authorize(deps, 'EventBridge', 'events:PutEvents', bus);
    const callers = deps.execution ? [deps.execution.executionArn, deps.execution.stateMachineArn] : [];
    const normalized = entries.map((e) => ({
      ...e,
      Resources: [...(e.Resources ?? []), ...callers],
      Detail: typeof e.Detail === 'string' ? e.Detail : JSON.stringify(e.Detail ?? {}),
    }));
    let out: Awaited<ReturnType<LocalBus['putEvents']>>;
    try {
      out = await deps.bus.putEvents(normalized);
    } catch (err) {
      // A refused request (e.g. over 256 KB in all) fails the Task with the service's exception name.
      const type = (err as { type?: string }).type;
      throw type ? new TaskError(`EventBridge.${type}`, (err as Error).message) : err;
    }
    if (out.FailedEntryCount > 0) {
      throw new TaskError('EventBridge.FailedEntry', JSON.stringify(out));
    }
    return out;
  }
  if (service === 'dynamodb' && action in DYNAMO_COMMANDS) {
    const Command = DYNAMO_COMMANDS[action as keyof typeof DYNAMO_COMMANDS] as unknown as new (i: unknown) => GetItemCommand;
    try {
      const { $metadata: _, ...out } = (await deps.dynamo().send(new Command(input))) as unknown as { $metadata: unknown } & Record<string, unknown>;
      return out;
    } catch (err) {
      throw new TaskError(`DynamoDB.${(err as Error).name}`, (err as Error).message);
    }
  }
  if (service === 'states' && action === 'startExecution') {
    authorize(deps, 'StepFunctions', 'states:StartExecution', String(input?.StateMachineArn));
    const out = await deps.startExecution({
      stateMachineArn: input.StateMachineArn,
      name: input.Name,
      input: typeof input.Input === 'string' ? input.Input : JSON.stringify(input.Input ?? {}),
    });
    return { ExecutionArn: out.executionArn, StartDate: out.startDate.toISOString() };
  }
  throw new TaskError('States.Runtime', `Task resource ${resource} is not emulated by the local runtime`);
}

async function invokeLambda(name: string, payload: unknown, deps: TaskRouterDeps): Promise<unknown> {
  const ctx = currentTrace();
  return withTrace({ ...ctx, actor: `lambda:${name}` }, () => deps.lambdas.invoke(name, payload));
}
