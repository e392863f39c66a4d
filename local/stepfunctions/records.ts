/** Execution records as kept in memory and in executions.json, and their API views. */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'INTERRUPTED';

export interface HistoryEvent {
  timestamp: string;
  type: string;
  state?: string;
  stateType?: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: unknown;
  /** Map iteration index (states inside an iteration, MapIteration* events). */
  index?: number;
  /** The Map/Parallel state of MapIteration* / ParallelBranch* events. */
  parentState?: string;
  /** ExecutionAborted / ExecutionRedriven details the engine adds (StopExecution, RedriveExecution). */
  redriveCount?: number;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachine: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  /** detail.eventId of the event that started it, for the trace. */
  startedBy?: string;
  history: HistoryEvent[];
  /** RedriveExecution: how many times, and when last (see redrive-rules.ts). */
  redriveCount?: number;
  redriveDate?: string;
}

export function toHistory(ev: any): HistoryEvent {
  return {
    timestamp: new Date(ev.timestamp ?? Date.now()).toISOString(),
    type: ev.type,
    ...(ev.state ? { state: ev.state.name, stateType: ev.state.type, input: ev.state.input, output: ev.state.output } : {}),
    ...(ev.input !== undefined ? { input: ev.input } : {}),
    ...(ev.output !== undefined ? { output: ev.output } : {}),
    ...(typeof ev.index === 'number' ? { index: ev.index } : {}),
    ...(ev.parentState ? { parentState: ev.parentState.name, stateType: ev.parentState.type } : {}),
    ...(ev.Error ? { error: ev.Error, cause: ev.Cause instanceof Error ? ev.Cause.message : ev.Cause } : {}),
  };
}

export function summary(e: ExecutionRecord) {
  // INTERRUPTED is local-only: the SDK sees ABORTED (with the reason in error/cause).
  const status = e.status === 'INTERRUPTED' ? 'ABORTED' : e.status;
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status,
    startDate: Date.parse(e.startDate) / 1000,
    ...(e.stopDate ? { stopDate: Date.parse(e.stopDate) / 1000 } : {}),
    ...(e.redriveCount ? { redriveCount: e.redriveCount, redriveDate: Date.parse(e.redriveDate!) / 1000 } : {}),
  };
}

export function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** What `runtime.executions()` and `GET /executions` show. */
export interface ExecutionSummary {
  executionArn: string;
  stateMachine: string;
  name: string;
  status: ExecutionRecord['status'];
  startDate: string;
  stopDate?: string;
  input: any;
  output?: any;
  error?: string;
  cause?: string;
}

export function summarize(e: ExecutionRecord): ExecutionSummary {
  return {
    executionArn: e.executionArn,
    stateMachine: e.stateMachine,
    name: e.name,
    status: e.status,
    startDate: e.startDate,
    stopDate: e.stopDate,
    input: parseOr(e.input),
    output: e.output === undefined ? undefined : parseOr(e.output),
    error: e.error,
    cause: e.cause,
  };
}

export const parseOr = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
