import type { ExecutionRecord } from './records.js';
import { TaskError } from './task-router.js';

/**
 * `arn:aws:states:::states:startExecution.sync` and `.sync:2`: start a child execution and wait for
 * it to close, as Step Functions' optimized integration does. The task's result is the child's
 * DescribeExecution (`.sync:2`: Input and Output as JSON; `.sync`: as strings); a child that does not
 * succeed fails the task with States.TaskFailed and that description as the Cause.
 */
export const SYNC_EXECUTION = /^arn:aws:states:::states:startExecution\.sync(:2)?$/;

export interface NestedExecutionApi {
  startExecution: (input: { stateMachineArn: string; name?: string; input?: string }) => Promise<{ executionArn: string; startDate: Date }>;
  get: (executionArn: string) => ExecutionRecord | undefined;
  onFinished: (listener: (e: ExecutionRecord) => void) => () => void;
}

export async function runNestedExecution(resource: string, parameters: any, api: NestedExecutionApi): Promise<unknown> {
  const match = SYNC_EXECUTION.exec(resource);
  if (!match) throw new TaskError('States.Runtime', `${resource} is not a startExecution.sync resource`);
  const asJson = match[1] === ':2';
  if (typeof parameters?.StateMachineArn !== 'string') throw new TaskError('States.Runtime', 'startExecution.sync needs Parameters.StateMachineArn');
  const input = typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input ?? {});
  let closed!: (e: ExecutionRecord) => void;
  const finished = new Promise<ExecutionRecord>((resolve) => (closed = resolve));
  let arn: string | undefined;
  // Listen before starting: a child with nothing to wait on may close before startExecution returns.
  const stopListening = api.onFinished((e) => {
    if (e.executionArn === arn) closed(e);
  });
  try {
    arn = (await api.startExecution({ stateMachineArn: parameters.StateMachineArn, name: parameters.Name, input })).executionArn;
    const now = api.get(arn);
    if (now && now.status !== 'RUNNING') closed(now);
    const record = await finished;
    const description = describe(record, asJson);
    if (record.status === 'SUCCEEDED') return description;
    throw new TaskError('States.TaskFailed', JSON.stringify(description));
  } finally {
    stopListening();
  }
}

/** The child as DescribeExecution answers it, in the optimized integration's PascalCase. */
function describe(e: ExecutionRecord, asJson: boolean): Record<string, unknown> {
  const data = (text: string | undefined) => (text === undefined || !asJson ? text : JSON.parse(text));
  return {
    ExecutionArn: e.executionArn,
    StateMachineArn: e.stateMachineArn,
    Name: e.name,
    Status: e.status === 'INTERRUPTED' ? 'ABORTED' : e.status,
    StartDate: Date.parse(e.startDate),
    ...(e.stopDate ? { StopDate: Date.parse(e.stopDate) } : {}),
    Input: data(e.input),
    InputDetails: { Included: true },
    ...(e.output !== undefined ? { Output: data(e.output), OutputDetails: { Included: true } } : {}),
    ...(e.error ? { Error: e.error, Cause: e.cause } : {}),
  };
}
