import { indexStates } from './definition.js';
import type { ExecutionRecord, HistoryEvent } from './records.js';

/**
 * The execution's history as GetExecutionHistory returns it: AWS event types (`TaskStateEntered`,
 * `TaskScheduled`, `TaskSucceeded`, `MapIterationStarted`, `ExecutionRedriven`, …), ids from 1,
 * `previousEventId`, and the per-type `…EventDetails` object. Built from what the engine records
 * (the library's event log). Timestamps are epoch seconds, as on the wire.
 * Not reproduced: `TaskSubmitted`, and `parameters` of TaskScheduled is the state's input (the
 * library does not report the effective Parameters).
 */
export type AwsHistoryEvent = { timestamp: number; type: string; id: number; previousEventId: number } & Record<string, unknown>;

const TRUNCATED_NO = { truncated: false } as const;
const TIMEOUT_ERRORS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);

type Draft = { timestamp: string; type: string } & Record<string, unknown>;

export function executionHistory(record: ExecutionRecord, definition: any, opts: { includeExecutionData?: boolean } = {}): AwsHistoryEvent[] {
  const withData = opts.includeExecutionData !== false;
  const data = <T extends Record<string, unknown>>(fields: T): Partial<T> => (withData ? fields : {});
  const states = new Map<string, any>();
  indexStates(definition ?? {}, states);
  const out: Draft[] = [];
  const failedTask = new Set<string>();
  let started = false;

  const taskOf = (name: string) => resourceOf(states.get(name)?.Resource);
  const scheduleTask = (ev: HistoryEvent) => {
    const task = taskOf(ev.state!);
    if (task.lambda) {
      out.push({
        timestamp: ev.timestamp,
        type: 'LambdaFunctionScheduled',
        lambdaFunctionScheduledEventDetails: { resource: task.resource, ...data({ input: json(ev.input), inputDetails: TRUNCATED_NO }) },
      });
      out.push({ timestamp: ev.timestamp, type: 'LambdaFunctionStarted' });
    } else {
      out.push({
        timestamp: ev.timestamp,
        type: 'TaskScheduled',
        taskScheduledEventDetails: { resourceType: task.resourceType, resource: task.resource, region: 'local', parameters: withData ? json(ev.input) : '{}' },
      });
      out.push({ timestamp: ev.timestamp, type: 'TaskStarted', taskStartedEventDetails: { resourceType: task.resourceType, resource: task.resource } });
    }
  };

  for (let i = 0; i < record.history.length; i++) {
    const ev = record.history[i]!;
    const key = `${ev.state ?? ev.parentState}#${ev.index ?? ''}`;
    switch (ev.type) {
      case 'ExecutionStarted':
        // A redrive's run starts the library again; Step Functions shows ExecutionRedriven instead.
        if (started) break;
        started = true;
        out.push({
          timestamp: ev.timestamp,
          type: 'ExecutionStarted',
          executionStartedEventDetails: { ...data({ input: record.input, inputDetails: TRUNCATED_NO }), roleArn: 'arn:aws:iam::000000000000:role/local' },
        });
        break;
      case 'ExecutionRedriven':
        out.push({ timestamp: ev.timestamp, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: ev.redriveCount ?? 1 } });
        break;
      case 'ExecutionSucceeded':
        out.push({ timestamp: ev.timestamp, type: 'ExecutionSucceeded', executionSucceededEventDetails: data({ output: json(ev.output), outputDetails: TRUNCATED_NO }) });
        break;
      case 'ExecutionFailed':
        out.push({ timestamp: ev.timestamp, type: 'ExecutionFailed', executionFailedEventDetails: errorDetails(ev.error, ev.cause) });
        break;
      case 'ExecutionAborted': {
        // The reason StopExecution gave is on the record while this is the execution's last stop.
        const last = isLastTerminal(record, i) && record.status === 'ABORTED';
        out.push({
          timestamp: ev.timestamp,
          type: 'ExecutionAborted',
          executionAbortedEventDetails: errorDetails(ev.error ?? (last ? record.error : undefined), ev.cause ?? (last ? record.cause : undefined)),
        });
        break;
      }
      case 'ExecutionTimeout':
        out.push({ timestamp: ev.timestamp, type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout', cause: 'execution timed out' } });
        break;
      case 'ExecutionInterrupted': {
        // The runtime stopped under it (local only): the SDK sees ABORTED with error Local.Interrupted.
        const details = { error: 'Local.Interrupted', cause: 'the local runtime stopped while this execution was running' };
        const prev = out.at(-1);
        if (prev?.type === 'ExecutionAborted') prev.executionAbortedEventDetails = details;
        else out.push({ timestamp: ev.timestamp, type: 'ExecutionAborted', executionAbortedEventDetails: details });
        break;
      }
      case 'StateEntered': {
        const type = ev.stateType ?? 'Pass';
        out.push({
          timestamp: ev.timestamp,
          type: `${type}StateEntered`,
          stateEnteredEventDetails: { name: ev.state, ...data({ input: json(ev.input), inputDetails: TRUNCATED_NO }) },
        });
        failedTask.delete(key);
        if (type === 'Task') scheduleTask(ev);
        if (type === 'Map') out.push({ timestamp: ev.timestamp, type: 'MapStateStarted', mapStateStartedEventDetails: { length: mapLength(record.history, i) } });
        if (type === 'Parallel') out.push({ timestamp: ev.timestamp, type: 'ParallelStateStarted' });
        break;
      }
      case 'StateRetried':
        // The next attempt: Step Functions schedules the Task again (no new StateEntered).
        failedTask.delete(key);
        if (ev.stateType === 'Task') scheduleTask(ev);
        break;
      case 'StateFailed': {
        if (ev.stateType === 'Task') {
          failedTask.add(key);
          const task = taskOf(ev.state!);
          const timedOut = TIMEOUT_ERRORS.has(ev.error ?? '');
          if (task.lambda)
            out.push({
              timestamp: ev.timestamp,
              type: timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed',
              [timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails']: errorDetails(ev.error, ev.cause),
            });
          else
            out.push({
              timestamp: ev.timestamp,
              type: timedOut ? 'TaskTimedOut' : 'TaskFailed',
              [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: { resourceType: task.resourceType, resource: task.resource, ...errorDetails(ev.error, ev.cause) },
            });
        } else if (ev.stateType === 'Map') out.push({ timestamp: ev.timestamp, type: 'MapStateFailed' });
        else if (ev.stateType === 'Parallel') out.push({ timestamp: ev.timestamp, type: 'ParallelStateFailed' });
        break;
      }
      case 'StateExited': {
        const type = ev.stateType ?? 'Pass';
        if (type === 'Task' && !failedTask.has(key)) {
          const task = taskOf(ev.state!);
          if (task.lambda)
            out.push({
              timestamp: ev.timestamp,
              type: 'LambdaFunctionSucceeded',
              lambdaFunctionSucceededEventDetails: data({ output: json(ev.output), outputDetails: TRUNCATED_NO }),
            });
          else
            out.push({
              timestamp: ev.timestamp,
              type: 'TaskSucceeded',
              taskSucceededEventDetails: { resourceType: task.resourceType, resource: task.resource, ...data({ output: json(ev.output), outputDetails: TRUNCATED_NO }) },
            });
        }
        failedTask.delete(key);
        if (type === 'Map') out.push({ timestamp: ev.timestamp, type: 'MapStateSucceeded' });
        if (type === 'Parallel') out.push({ timestamp: ev.timestamp, type: 'ParallelStateSucceeded' });
        out.push({
          timestamp: ev.timestamp,
          type: `${type}StateExited`,
          stateExitedEventDetails: { name: ev.state, ...data({ output: json(ev.output), outputDetails: TRUNCATED_NO }) },
        });
        break;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailsKey = `${ev.type[0]!.toLowerCase()}${ev.type.slice(1)}EventDetails`;
        out.push({ timestamp: ev.timestamp, type: ev.type, [detailsKey]: { name: ev.parentState, index: ev.index ?? 0 } });
        break;
      }
      default:
        // StateCaught, ParallelBranch*: Step Functions has no event for them.
        break;
    }
  }
  return out.map((e, n) => ({ ...e, timestamp: Date.parse(e.timestamp) / 1000, id: n + 1, previousEventId: n }));
}

function resourceOf(resource: unknown): { lambda: boolean; resourceType: string; resource: string } {
  const arn = String(resource ?? '');
  if (/^arn:aws:lambda:/.test(arn)) return { lambda: true, resourceType: 'lambda', resource: arn };
  const m = /^arn:aws:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(arn);
  return m ? { lambda: false, resourceType: m[1]!, resource: m[2]! } : { lambda: false, resourceType: 'activity', resource: arn };
}

function errorDetails(error: unknown, cause: unknown): Record<string, string> {
  return {
    ...(error !== undefined && error !== null ? { error: String(error) } : {}),
    ...(cause !== undefined && cause !== null ? { cause: typeof cause === 'string' ? cause : JSON.stringify(cause) } : {}),
  };
}

function mapLength(history: HistoryEvent[], enteredAt: number): number {
  const name = history[enteredAt]!.state;
  let n = 0;
  for (let j = enteredAt + 1; j < history.length; j++) {
    const ev = history[j]!;
    if (ev.state === name && (ev.type === 'StateExited' || ev.type === 'StateFailed') && ev.parentState === undefined) break;
    if (ev.type === 'MapIterationStarted' && ev.parentState === name) n++;
  }
  return n;
}

function isLastTerminal(record: ExecutionRecord, i: number): boolean {
  return !record.history.slice(i + 1).some((e) => e.type === 'ExecutionRedriven');
}

const json = (v: unknown): string => JSON.stringify(v ?? null);
