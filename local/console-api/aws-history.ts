import type { ExecutionRecord, ExecutionStatus, HistoryEvent } from '../stepfunctions/records.js';

/**
 * Step Functions' own answers (DescribeExecution + GetExecutionHistory) as the execution record the
 * console's views are built from (execution-view.ts): the deployed-stack console reads a real stack
 * this way and shows it exactly as the twin shows its own executions. The inverse of
 * local/stepfunctions/history.ts: `<Type>StateEntered/Exited` → StateEntered/StateExited; a Task's
 * `TaskFailed`/`LambdaFunctionFailed`/`…TimedOut` → StateFailed; a failed state scheduled again →
 * StateRetried; a failed state that still exits (a Catch took it) → StateCaught, then StateExited.
 */
export interface AwsExecutionDescription {
  executionArn?: string;
  stateMachineArn?: string;
  name?: string;
  status?: string;
  startDate?: Date | number | string;
  stopDate?: Date | number | string;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount?: number;
  redriveDate?: Date | number | string;
}

export type AwsHistoryEventLike = { type?: string; timestamp?: Date | number | string } & Record<string, any>;

/** Task-like failures: the event names the resource, not the state; the innermost open state of that type is meant. */
const FAILURES: Record<string, string> = {
  TaskFailed: 'Task',
  TaskTimedOut: 'Task',
  TaskStartFailed: 'Task',
  TaskSubmitFailed: 'Task',
  LambdaFunctionFailed: 'Task',
  LambdaFunctionTimedOut: 'Task',
  LambdaFunctionStartFailed: 'Task',
  LambdaFunctionScheduleFailed: 'Task',
  MapStateFailed: 'Map',
  ParallelStateFailed: 'Parallel',
};
const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);
const STATUSES = new Set<ExecutionStatus>(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export function recordFromAws(describe: AwsExecutionDescription, events: AwsHistoryEventLike[], machineName: string): ExecutionRecord {
  const status = STATUSES.has(describe.status as ExecutionStatus) ? (describe.status as ExecutionStatus) : 'RUNNING';
  return {
    executionArn: String(describe.executionArn ?? ''),
    stateMachineArn: String(describe.stateMachineArn ?? ''),
    stateMachine: machineName,
    name: String(describe.name ?? ''),
    status,
    startDate: iso(describe.startDate) ?? new Date(0).toISOString(),
    ...(describe.stopDate ? { stopDate: iso(describe.stopDate) } : {}),
    input: describe.input ?? '{}',
    ...(describe.output !== undefined ? { output: describe.output } : {}),
    ...(describe.error ? { error: describe.error } : {}),
    ...(describe.cause ? { cause: describe.cause } : {}),
    ...(describe.redriveCount ? { redriveCount: describe.redriveCount, redriveDate: iso(describe.redriveDate) } : {}),
    history: historyFromAws(events),
  };
}

/** GetExecutionHistory's events (oldest first) → the console's history events. */
export function historyFromAws(events: AwsHistoryEventLike[]): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  // States entered and not yet exited, innermost last (Map iterations nest their states inside).
  const open: { name: string; type: string }[] = [];
  const failed = new Map<string, { error?: string; cause?: unknown }>();
  const innermost = (type: string) => {
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.type === type) return open[i];
    return undefined;
  };
  for (const ev of events) {
    const type = String(ev.type ?? '');
    const timestamp = iso(ev.timestamp) ?? new Date(0).toISOString();
    const entered = /^(\w+)StateEntered$/.exec(type);
    const exited = /^(\w+)StateExited$/.exec(type);
    if (entered) {
      const d = ev.stateEnteredEventDetails ?? {};
      const name = String(d.name ?? '');
      open.push({ name, type: entered[1]! });
      failed.delete(name);
      out.push({ timestamp, type: 'StateEntered', state: name, stateType: entered[1]!, input: json(d.input) });
    } else if (exited) {
      const d = ev.stateExitedEventDetails ?? {};
      const name = String(d.name ?? '');
      const at = open.map((s) => s.name).lastIndexOf(name);
      if (at >= 0) open.splice(at, 1);
      const failure = failed.get(name);
      failed.delete(name);
      // A state that failed and still exits was caught (its output is the Catch's): the twin records both.
      if (failure) out.push({ timestamp, type: 'StateCaught', state: name, stateType: exited[1]!, ...failure });
      out.push({ timestamp, type: 'StateExited', state: name, stateType: exited[1]!, output: json(d.output) });
    } else if (type in FAILURES) {
      const state = innermost(FAILURES[type]!);
      const d = detailsOf(ev);
      if (!state) continue;
      const failure = { ...(d.error !== undefined ? { error: String(d.error) } : {}), ...(d.cause !== undefined ? { cause: d.cause } : {}) };
      failed.set(state.name, failure);
      out.push({ timestamp, type: 'StateFailed', state: state.name, stateType: state.type, ...failure });
    } else if (SCHEDULED.has(type)) {
      // A Task scheduled again without a new StateEntered is its Retry.
      const state = innermost('Task');
      if (state && failed.has(state.name)) {
        failed.delete(state.name);
        out.push({ timestamp, type: 'StateRetried', state: state.name, stateType: 'Task' });
      }
    } else if (type === 'ExecutionStarted') {
      out.push({ timestamp, type, input: json(ev.executionStartedEventDetails?.input) });
    } else if (type === 'ExecutionSucceeded') {
      out.push({ timestamp, type, output: json(ev.executionSucceededEventDetails?.output) });
    } else if (type === 'ExecutionFailed' || type === 'ExecutionAborted' || type === 'ExecutionTimedOut') {
      const d = detailsOf(ev);
      const last = open.at(-1);
      // A Fail state (or a state the runtime failed, e.g. a Choice with no match) has no event of its own.
      if (type === 'ExecutionFailed' && last && !failed.has(last.name)) {
        out.push({
          timestamp,
          type: 'StateFailed',
          state: last.name,
          stateType: last.type,
          ...(d.error !== undefined ? { error: String(d.error) } : {}),
          ...(d.cause !== undefined ? { cause: d.cause } : {}),
        });
      }
      open.length = 0;
      failed.clear();
      out.push({
        timestamp,
        type: type === 'ExecutionTimedOut' ? 'ExecutionTimeout' : type,
        ...(d.error !== undefined ? { error: String(d.error) } : {}),
        ...(d.cause !== undefined ? { cause: d.cause } : {}),
      });
    } else if (type === 'ExecutionRedriven') {
      out.push({ timestamp, type, redriveCount: Number(ev.executionRedrivenEventDetails?.redriveCount ?? 1) });
    } else if (/^MapIteration(Started|Succeeded|Failed|Aborted)$/.test(type)) {
      const d = detailsOf(ev);
      out.push({ timestamp, type, parentState: String(d.name ?? ''), stateType: 'Map', index: Number(d.index ?? 0) });
    }
  }
  return out;
}

/** The event's one `…EventDetails` object (its name follows the type). */
function detailsOf(ev: AwsHistoryEventLike): Record<string, any> {
  for (const [k, v] of Object.entries(ev)) if (k.endsWith('EventDetails') && v && typeof v === 'object') return v as Record<string, any>;
  return {};
}

/** Step Functions sends data as JSON text; the views show it parsed (text that is not JSON stays text). */
function json(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function iso(v: Date | number | string | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString();
  // Epoch seconds on the wire (the SDK gives Dates).
  if (typeof v === 'number') return new Date(v * 1000).toISOString();
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
