import { AwsError } from '../aws-endpoints/json-protocol.js';
import type { LocalStepFunctions } from './engine.js';
import { executionHistory, type AwsHistoryEvent } from './history.js';
import { notRedrivableReason } from './redrive-rules.js';
import type { ExecutionRecord } from './records.js';

/**
 * StopExecution, RedriveExecution and GetExecutionHistory as Step Functions has them, on top of the
 * local engine (which keeps records, tokens and the library's runs; its hooks: stopRunning, rerun,
 * notifyStatusChange).
 */

const EXECUTION_ARN = /^arn:aws:states:[^:]*:[^:]*:execution:[^:]+:[^:]+$/;
const STOP_WAIT_MS = 2_000;

function executionOf(engine: LocalStepFunctions, arn: unknown): ExecutionRecord {
  if (typeof arn !== 'string' || arn === '')
    throw new AwsError('ValidationException', "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null");
  if (!EXECUTION_ARN.test(arn)) throw new AwsError('InvalidArn', `Invalid Arn: '${arn}'`);
  const record = engine.get(arn);
  if (!record) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return record;
}

function maxLength(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new AwsError('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be a string`);
  if (value.length > max)
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  return value;
}

/** Stops a running execution (ABORTED, with the given error/cause); a stopped one answers its stopDate. */
export async function stopExecution(engine: LocalStepFunctions, input: { executionArn?: unknown; error?: unknown; cause?: unknown }): Promise<{ stopDate: number }> {
  const record = executionOf(engine, input.executionArn);
  const error = maxLength('error', input.error, 256);
  const cause = maxLength('cause', input.cause, 32_768);
  if (record.status === 'RUNNING' && engine.stopRunning(record.executionArn, { error, cause })) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, STOP_WAIT_MS);
      const off = engine.onFinished((e) => e.executionArn === record.executionArn && done());
      function done() {
        clearTimeout(timer);
        off();
        resolve();
      }
      if (record.status !== 'RUNNING') done();
    });
  }
  return { stopDate: Date.parse(record.stopDate ?? new Date().toISOString()) / 1000 };
}

const lastClientToken = new WeakMap<ExecutionRecord, { clientToken: string; redriveDate: string }>();

/**
 * Redrives a FAILED / TIMED_OUT / ABORTED execution from the top-level state that did not finish, with
 * that state's input, under the same ARN: redriveCount + 1, redriveDate, an ExecutionRedriven event,
 * the history appended to, the state machine's TimeoutSeconds counted afresh. A Map or Parallel state
 * is rerun whole (Step Functions reruns only its unsuccessful iterations/branches).
 */
export function redriveExecution(engine: LocalStepFunctions, input: { executionArn?: unknown; clientToken?: unknown }): { redriveDate: number } {
  const record = executionOf(engine, input.executionArn);
  const clientToken = maxLength('clientToken', input.clientToken, 64);
  const previous = lastClientToken.get(record);
  // The same clientToken while that redrive is still the latest answers the same redrive (idempotent retry).
  if (clientToken && previous?.clientToken === clientToken) return { redriveDate: Date.parse(previous.redriveDate) / 1000 };
  const reason = notRedrivableReason(record);
  if (reason) throw new AwsError('ExecutionNotRedrivable', `Execution '${record.executionArn}' cannot be redriven: ${reason}`);
  const definition = engine.definitionOf(record.stateMachine);
  if (!definition) throw new AwsError('ExecutionNotRedrivable', `Execution '${record.executionArn}' cannot be redriven: its state machine is not loaded`);
  const from = restartPoint(record, definition) ?? { state: definition.StartAt as string, input: JSON.parse(record.input) as unknown };

  const redriveDate = new Date().toISOString();
  record.redriveCount = (record.redriveCount ?? 0) + 1;
  record.redriveDate = redriveDate;
  record.status = 'RUNNING';
  delete record.stopDate;
  delete record.error;
  delete record.cause;
  delete record.output;
  record.history.push({ timestamp: redriveDate, type: 'ExecutionRedriven', redriveCount: record.redriveCount });
  if (clientToken) lastClientToken.set(record, { clientToken, redriveDate });
  else lastClientToken.delete(record);
  engine.notifyStatusChange(record);
  engine.rerun(record, from.state, from.input);
  return { redriveDate: Date.parse(redriveDate) / 1000 };
}

/** The last top-level state entered and never exited, with the input it was entered with. */
export function restartPoint(record: ExecutionRecord, definition: { States?: Record<string, unknown> }): { state: string; input: unknown } | undefined {
  const topLevel = new Set(Object.keys(definition.States ?? {}));
  let open: { state: string; input: unknown } | undefined;
  for (const ev of record.history) {
    // State names are unique across a state machine, so a top-level name is a top-level state.
    if (!ev.state || ev.index !== undefined || ev.parentState || !topLevel.has(ev.state)) continue;
    if (ev.type === 'StateEntered') open = { state: ev.state, input: ev.input };
    else if (ev.type === 'StateExited' && open?.state === ev.state) open = undefined;
  }
  return open;
}

export function getExecutionHistory(
  engine: LocalStepFunctions,
  input: { executionArn?: unknown; maxResults?: unknown; nextToken?: unknown; reverseOrder?: unknown; includeExecutionData?: unknown },
): { events: AwsHistoryEvent[]; nextToken?: string } {
  const record = executionOf(engine, input.executionArn);
  const max = input.maxResults === undefined || input.maxResults === null || input.maxResults === 0 ? 100 : Number(input.maxResults);
  if (!Number.isInteger(max) || max < 0 || max > 1000)
    throw new AwsError('ValidationException', "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
  let start = 0;
  if (input.nextToken !== undefined && input.nextToken !== null) {
    const decoded = /^h:(\d+)$/.exec(Buffer.from(String(input.nextToken), 'base64url').toString('utf8'));
    if (!decoded) throw new AwsError('InvalidToken', 'Invalid Token: nextToken');
    start = Number(decoded[1]);
  }
  let events = executionHistory(record, engine.definitionOf(record.stateMachine), { includeExecutionData: input.includeExecutionData !== false });
  if (input.reverseOrder === true) events = events.reverse();
  const page = events.slice(start, start + max);
  const next = start + max < events.length ? Buffer.from(`h:${start + max}`).toString('base64url') : undefined;
  return { events: page, ...(next ? { nextToken: next } : {}) };
}
