import { summarize, type ExecutionRecord, type HistoryEvent } from '../stepfunctions/records.js';

/** What the console colours a state with; derived from the execution's history alone. */
export type StateStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'caught' | 'retrying' | 'stopped';

export interface StateView {
  status: StateStatus;
  /** How many times the state was entered (loops, retries). */
  entered: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: unknown;
}

export interface WaitingFor {
  state: string;
  kind: 'task-token' | 'timer' | 'task';
  since: string;
  resource?: string;
  /** The subject the task token is parked under (template, payment link, …), read from the state's input. */
  subject?: Record<string, unknown>;
  /** When the wait ends at the latest (Task timeout or Wait timer), on the runtime's scaled clock. */
  until?: string;
}

const TOKEN_RESOURCE = /\.waitForTaskToken$/;
/** Input fields that name what a workflow is about; the console searches and shows these. */
export const SUBJECT_KEYS = [
  'name',
  'templateName',
  'metaTemplateId',
  'language',
  'referenceId',
  'reference_id',
  'linkId',
  'paymentLinkId',
  'phoneNumberId',
  'eventId',
  'orderId',
  'to',
];

/** Per-state status and data from the history (the last visit of each state wins). */
export function stateViews(record: ExecutionRecord, definitionStates: Record<string, any>): Record<string, StateView> {
  const views: Record<string, StateView> = {};
  for (const ev of record.history) {
    if (!ev.state) continue;
    const view = (views[ev.state] ??= { status: 'running', entered: 0 });
    if (ev.type === 'StateEntered') {
      view.entered++;
      view.input = ev.input;
      view.status = isWaitingState(definitionStates[ev.state]) ? 'waiting' : 'running';
      delete view.error;
      delete view.cause;
    } else if (ev.type === 'StateExited') {
      view.status = 'succeeded';
      view.output = ev.output;
    } else if (ev.type === 'StateFailed') {
      view.status = 'failed';
      view.error = ev.error;
      view.cause = ev.cause;
    } else if (ev.type === 'StateCaught') {
      view.status = 'caught';
      view.error = ev.error ?? view.error;
      view.cause = ev.cause ?? view.cause;
    } else if (ev.type === 'StateRetried') {
      view.status = 'retrying';
    }
  }
  if (record.status !== 'RUNNING') {
    // An execution that ended while a state was still open (stopped, timed out, interrupted).
    for (const view of Object.values(views))
      if (['running', 'waiting', 'retrying'].includes(view.status)) view.status = record.status === 'FAILED' || record.status === 'TIMED_OUT' ? 'failed' : 'stopped';
  }
  return views;
}

function isWaitingState(def: any): boolean {
  return def?.Type === 'Wait' || (def?.Type === 'Task' && TOKEN_RESOURCE.test(String(def.Resource ?? '')));
}

/** What a running execution waits for: a parked task token (under which subject, until when) or a Wait timer. */
export function waitingFor(record: ExecutionRecord, definitionStates: Record<string, any>, views: Record<string, StateView>, timeScale: number): WaitingFor[] {
  if (record.status !== 'RUNNING') return [];
  const out: WaitingFor[] = [];
  for (const [state, view] of Object.entries(views)) {
    if (view.status !== 'waiting') continue;
    const def = definitionStates[state];
    const entered = lastEntered(record.history, state);
    if (!def || !entered) continue;
    const since = entered.timestamp;
    const input = entered.input as any;
    if (def.Type === 'Wait') {
      out.push({ state, kind: 'timer', since, until: waitUntil(def, input, since, timeScale) });
    } else if (def.Type === 'Task') {
      const seconds = typeof def.TimeoutSeconds === 'number' ? def.TimeoutSeconds : def.TimeoutSecondsPath ? Number(readPath(input, def.TimeoutSecondsPath)) : undefined;
      out.push({
        state,
        kind: TOKEN_RESOURCE.test(String(def.Resource)) ? 'task-token' : 'task',
        since,
        resource: String(def.Resource),
        subject: subjectOf(input),
        ...(seconds !== undefined && Number.isFinite(seconds) ? { until: new Date(Date.parse(since) + seconds * 1000 * timeScale).toISOString() } : {}),
      });
    }
  }
  return out;
}

function lastEntered(history: HistoryEvent[], state: string): HistoryEvent | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.state === state && history[i]!.type === 'StateEntered') return history[i];
  return undefined;
}

function waitUntil(def: any, input: unknown, since: string, timeScale: number): string | undefined {
  const seconds = typeof def.Seconds === 'number' ? def.Seconds : def.SecondsPath ? Number(readPath(input, def.SecondsPath)) : undefined;
  if (seconds !== undefined && Number.isFinite(seconds)) return new Date(Date.parse(since) + seconds * 1000 * timeScale).toISOString();
  const stamp = def.Timestamp ?? (def.TimestampPath ? readPath(input, def.TimestampPath) : undefined);
  return typeof stamp === 'string' ? stamp : undefined;
}

/** `$.a.b` paths only: enough for TimeoutSecondsPath / SecondsPath. */
function readPath(input: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<any>((v, k) => (v && typeof v === 'object' ? v[k] : undefined), input);
}

/** The naming fields of an input (top level and one level down), for the list and the waiting banner. */
export function subjectOf(input: unknown): Record<string, unknown> | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  const visit = (obj: Record<string, unknown>, depth: number) => {
    for (const [k, v] of Object.entries(obj)) {
      if (SUBJECT_KEYS.includes(k) && (typeof v === 'string' || typeof v === 'number') && !(k in out)) out[k] = v;
      else if (depth < 2 && v && typeof v === 'object' && !Array.isArray(v)) visit(v as Record<string, unknown>, depth + 1);
    }
  };
  visit(input as Record<string, unknown>, 0);
  return Object.keys(out).length ? out : undefined;
}

/** Every state of a definition by name, nested Map/Parallel states included. */
export function statesOf(definition: any, into: Record<string, any> = {}): Record<string, any> {
  for (const [name, def] of Object.entries<any>(definition?.States ?? {})) {
    into[name] = def;
    for (const branch of def.Branches ?? []) statesOf(branch, into);
    if (def.Iterator) statesOf(def.Iterator, into);
    if (def.ItemProcessor) statesOf(def.ItemProcessor, into);
  }
  return into;
}

/**
 * One row of `GET /console/api/executions`. Both sides build it here: the twin from its records, the
 * deployed-stack console from records made of Step Functions' answers (aws-history.ts).
 */
export function executionListItem(e: ExecutionRecord) {
  const s = summarize(e);
  return {
    executionArn: s.executionArn,
    stateMachine: s.stateMachine,
    name: s.name,
    status: s.status,
    startDate: s.startDate,
    stopDate: s.stopDate,
    error: s.error,
    startedBy: e.startedBy,
    subject: subjectOf(s.input),
  };
}

/** `GET /console/api/executions/{arn}`: the execution, its definition, per-state status, what it waits for, its history. */
export function executionDetail(record: ExecutionRecord, machine: { definition: unknown; states?: Record<string, any> } | undefined, timeScale: number) {
  const states = machine?.states ?? statesOf(machine?.definition);
  const views = stateViews(record, states);
  const summary = summarize(record);
  return {
    execution: { ...summary, startedBy: record.startedBy, subject: subjectOf(summary.input) },
    definition: machine?.definition,
    states: views,
    waitingFor: waitingFor(record, states, views, timeScale),
    history: record.history,
  };
}
