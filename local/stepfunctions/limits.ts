import { AwsError } from '../aws-endpoints/json-protocol.js';
import { TaskError } from './task-router.js';

/**
 * What Step Functions (Standard) enforces, checked by the local engine at the points AWS checks:
 * - state data: 256 KiB (262,144 bytes, UTF-8) for an execution's input, a state's input and output,
 *   a Task's effective input (after Parameters) and its result → `States.DataLimitExceeded`;
 * - 25,000 events of history per execution → the execution fails with `States.Runtime`;
 * - names of executions: 1–80 characters, none of whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /`
 *   or control characters (non-ASCII letters are allowed);
 * - API inputs: StartExecution `input` and SendTaskSuccess `output` ≤ 262,144 bytes, `taskToken` 1–2,048.
 */
export const STATE_DATA_LIMIT_BYTES = 262_144;
export const MAX_HISTORY_EVENTS = 25_000;
export const MAX_TASK_TOKEN_LENGTH = 2_048;

const sizeOf = (value: unknown): number => Buffer.byteLength(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'));

// eslint-disable-next-line no-control-regex
const FORBIDDEN_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export function assertExecutionName(name: string): void {
  const length = [...name].length;
  if (length < 1 || length > 80 || FORBIDDEN_NAME_CHARS.test(name)) throw new AwsError('InvalidName', `Invalid Name: '${name.slice(0, 100)}'`);
}

/** The AWS API's own length check (the Coral validation message shape). */
function lengthError(field: string, value: string, max: number): AwsError {
  return new AwsError('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
}

export function assertExecutionInput(input: string): void {
  if (sizeOf(input) > STATE_DATA_LIMIT_BYTES) throw lengthError('input', input, STATE_DATA_LIMIT_BYTES);
}

export function assertTaskToken(token: string): void {
  if (token.length > MAX_TASK_TOKEN_LENGTH) throw lengthError('taskToken', token, MAX_TASK_TOKEN_LENGTH);
}

export function assertTaskOutput(output: string): void {
  if (sizeOf(output) > STATE_DATA_LIMIT_BYTES) throw lengthError('output', output, STATE_DATA_LIMIT_BYTES);
}

/** A Task's effective input (after Parameters) or its result, as the engine hands them over. */
export function assertTaskData(stateName: string, value: unknown, what: 'input' | 'result'): void {
  if (sizeOf(value) <= STATE_DATA_LIMIT_BYTES) return;
  throw new TaskError(
    'States.DataLimitExceeded',
    what === 'result'
      ? `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`
      : `The state/task '${stateName}' has an input with a size exceeding the maximum number of bytes service limit.`,
  );
}

export interface LimitBreach {
  error: string;
  cause: string;
}

/**
 * Watches an execution's events as the library emits them: state input/output sizes, and the
 * history length counted as Step Functions would count it. The library logs fewer events than AWS
 * (one StateEntered/StateExited pair per state, where AWS adds TaskScheduled, TaskStarted and
 * TaskSucceeded/Failed to a Task, MapStateStarted/Succeeded to a Map…): each library event is weighted
 * by the AWS events it stands for. That is the approximation; the limit itself (25,000) is AWS's.
 */
export class ExecutionLimits {
  private events = 1; // ExecutionStarted

  observe(ev: { type: string; state?: { name?: string; type?: string; input?: unknown; output?: unknown } }): LimitBreach | undefined {
    this.events += awsEventsFor(ev);
    // The event that would be number 25,000 is the ExecutionFailed itself.
    if (this.events >= MAX_HISTORY_EVENTS) return { error: 'States.Runtime', cause: `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).` };
    const name = ev.state?.name ?? '';
    if (ev.type === 'StateEntered' && ev.state?.input !== undefined && sizeOf(ev.state.input) > STATE_DATA_LIMIT_BYTES) {
      return { error: 'States.DataLimitExceeded', cause: `The state/task '${name}' has an input with a size exceeding the maximum number of bytes service limit.` };
    }
    if (ev.type === 'StateExited' && ev.state?.output !== undefined && sizeOf(ev.state.output) > STATE_DATA_LIMIT_BYTES) {
      return { error: 'States.DataLimitExceeded', cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.` };
    }
    return undefined;
  }

  get count(): number {
    return this.events;
  }
}

function awsEventsFor(ev: { type: string; state?: { type?: string } }): number {
  const stateType = ev.state?.type;
  switch (ev.type) {
    case 'StateEntered':
      // TaskStateEntered + TaskScheduled + TaskStarted; MapStateEntered + MapStateStarted; …
      return stateType === 'Task' ? 3 : stateType === 'Map' || stateType === 'Parallel' ? 2 : 1;
    case 'StateExited':
      // TaskSucceeded + TaskStateExited; MapStateSucceeded + MapStateExited; …
      return stateType === 'Task' || stateType === 'Map' || stateType === 'Parallel' ? 2 : 1;
    case 'StateRetried':
      return 2; // TaskScheduled + TaskStarted again (the TaskFailed is the StateFailed event)
    case 'ParallelBranchStarted':
    case 'ParallelBranchSucceeded':
    case 'ParallelBranchFailed':
    case 'ExecutionStarted':
      return 0; // no history event of their own on AWS; ExecutionStarted is counted up front
    default:
      return 1; // StateFailed (TaskFailed), StateCaught, MapIteration*, Execution* ends
  }
}
