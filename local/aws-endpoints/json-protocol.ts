import type { LocalBus } from '../bus/bus.js';
import type { PutEventsEntry } from '../bus/types.js';
import type { TraceContext } from '../trace/trace.js';
import { machineNameOf } from '../stepfunctions/arns.js';

/** An AWS JSON-protocol error: `__type` + message, as the SDK's deserializers expect. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export interface AwsResponse {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What the Step Functions endpoint needs from the engine. */
export interface StepFunctionsApi {
  startExecution(input: { stateMachineArn: string; name?: string; input?: string }, ctx?: TraceContext): Promise<{ executionArn: string; startDate: Date }>;
  sendTaskSuccess(token: string, output: string, ctx?: TraceContext): void;
  sendTaskFailure(token: string, error: string | undefined, cause: string | undefined, ctx?: TraceContext): void;
  sendTaskHeartbeat(token: string): void;
  describeExecution(arn: string): Record<string, unknown>;
  listExecutions(input: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }): Record<string, unknown>;
  listStateMachines(): Record<string, unknown>;
  /** A loaded machine's definition (placeholders resolved), for DescribeStateMachine. */
  definitionOf(machineName: string): unknown;
  /** StopExecution, RedriveExecution, GetExecutionHistory (local/stepfunctions/operations.ts). */
  stopExecution(input: Record<string, unknown>): Promise<Record<string, unknown>>;
  redriveExecution(input: Record<string, unknown>): Record<string, unknown>;
  getExecutionHistory(input: Record<string, unknown>): Record<string, unknown>;
}

export interface LocalSecrets {
  get(id: string): { name: string; value: string } | undefined;
}

export interface AwsEndpointDeps {
  bus: LocalBus;
  sfn: StepFunctionsApi;
  secrets: LocalSecrets;
}

/** Routes one JSON-protocol call by `X-Amz-Target` (`AWSEvents.PutEvents`, `AWSStepFunctions.*`, `secretsmanager.*`). */
export async function handleAwsJson(target: string, rawBody: string, deps: AwsEndpointDeps, ctx?: TraceContext): Promise<AwsResponse> {
  let body: Record<string, any>;
  try {
    body = rawBody ? (JSON.parse(rawBody) as Record<string, any>) : {};
  } catch {
    return awsError(new AwsError('SerializationException', 'request body is not valid JSON'));
  }
  const [service, operation] = target.split('.', 2) as [string, string];
  try {
    switch (service) {
      case 'AWSEvents':
        return ok(await events(operation, body, deps));
      case 'AWSStepFunctions':
        return ok(await stepFunctions(operation, body, deps, ctx));
      case 'secretsmanager':
        return ok(secrets(operation, body, deps));
      default:
        throw new AwsError('UnknownOperationException', `unknown service target ${target}`);
    }
  } catch (err) {
    if (err instanceof AwsError) return awsError(err);
    return awsError(new AwsError('InternalFailure', (err as Error)?.message ?? String(err), 500));
  }
}

async function events(operation: string, body: Record<string, any>, deps: AwsEndpointDeps) {
  if (operation !== 'PutEvents') throw new AwsError('UnknownOperationException', `AWSEvents.${operation} is not emulated locally`);
  const entries = body.Entries as PutEventsEntry[] | undefined;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new AwsError('ValidationException', "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
  if (entries.length > 10)
    throw new AwsError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`);
  return deps.bus.putEvents(entries);
}

async function stepFunctions(operation: string, body: Record<string, any>, deps: AwsEndpointDeps, ctx?: TraceContext) {
  const sfn = deps.sfn;
  switch (operation) {
    case 'StartExecution': {
      const out = await sfn.startExecution({ stateMachineArn: body.stateMachineArn, name: body.name, input: body.input }, ctx);
      return { executionArn: out.executionArn, startDate: out.startDate.getTime() / 1000 };
    }
    case 'SendTaskSuccess':
      requireField(body, 'taskToken');
      requireField(body, 'output');
      sfn.sendTaskSuccess(body.taskToken, body.output, ctx);
      return {};
    case 'SendTaskFailure':
      requireField(body, 'taskToken');
      sfn.sendTaskFailure(body.taskToken, body.error, body.cause, ctx);
      return {};
    case 'SendTaskHeartbeat':
      requireField(body, 'taskToken');
      sfn.sendTaskHeartbeat(body.taskToken);
      return {};
    case 'DescribeExecution':
      requireField(body, 'executionArn');
      return sfn.describeExecution(body.executionArn);
    case 'ListExecutions':
      return sfn.listExecutions(body);
    case 'ListStateMachines':
      return sfn.listStateMachines();
    case 'DescribeStateMachine': {
      // The deployed-stack console reads each machine's definition this way (its graph).
      requireField(body, 'stateMachineArn');
      const name = machineNameOf(String(body.stateMachineArn));
      const definition = name ? sfn.definitionOf(name) : undefined;
      if (!name || !definition) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${body.stateMachineArn}'`);
      return {
        stateMachineArn: body.stateMachineArn,
        name,
        status: 'ACTIVE',
        definition: JSON.stringify(definition),
        roleArn: `arn:aws:iam::000000000000:role/local`,
        type: 'STANDARD',
        creationDate: 0,
      };
    }
    case 'StopExecution':
      return sfn.stopExecution(body);
    case 'RedriveExecution':
      return sfn.redriveExecution(body);
    case 'GetExecutionHistory':
      return sfn.getExecutionHistory(body);
    default:
      throw new AwsError('UnknownOperationException', `AWSStepFunctions.${operation} is not emulated locally`);
  }
}

function secrets(operation: string, body: Record<string, any>, deps: AwsEndpointDeps) {
  if (operation !== 'GetSecretValue') throw new AwsError('UnknownOperationException', `secretsmanager.${operation} is not emulated locally`);
  requireField(body, 'SecretId');
  const secret = deps.secrets.get(body.SecretId);
  if (!secret) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return {
    ARN: `arn:aws:secretsmanager:local:000000000000:secret:${secret.name}`,
    Name: secret.name,
    SecretString: secret.value,
    VersionId: 'local-v1',
    VersionStages: ['AWSCURRENT'],
    CreatedDate: 0,
  };
}

function requireField(body: Record<string, unknown>, field: string): void {
  if (body[field] === undefined || body[field] === null || body[field] === '') {
    throw new AwsError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
}

const ok = (body: unknown): AwsResponse => ({ statusCode: 200, body });
const awsError = (err: AwsError): AwsResponse => ({
  statusCode: err.statusCode,
  body: { __type: err.type, message: err.message },
  headers: { 'x-amzn-errortype': err.type },
});
