import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { AwsError, type StepFunctionsApi } from '../aws-endpoints/json-protocol.js';
import type { Activity } from '../server/activity.js';
import type { FileWriter } from '../server/files.js';
import { readJson } from '../server/files.js';
import { currentTrace, withTrace, type TraceContext, type TraceStore } from '../trace/trace.js';
import { statesPrincipal, withPrincipal } from '../iam/principals.js';
import { executionArn, machineNameOf, stateMachineArn } from './arns.js';
import { isTokenResource, runTaskResource, TaskError, type TaskRouterDeps } from './task-router.js';
import { runNestedExecution } from './nested-executions.js';
import { scaleNextTimer, unscaledSetTimeout } from './timer-scale.js';
import { indexStates, LOCAL_TIMEOUT_FIELD, withInputTimeoutPaths, withStateNames } from './definition.js';
import { getExecutionHistory, redriveExecution, stopExecution } from './operations.js';
import { redriveFields } from './redrive-rules.js';
import { sameJson, summary, toHistory, type ExecutionRecord, type ExecutionStatus } from './records.js';
import { assertExecutionInput, assertExecutionName, assertTaskData, assertTaskOutput, assertTaskToken, ExecutionLimits, type LimitBreach } from './limits.js';

const AWS_DEFAULT_TASK_TIMEOUT_S = 99_999_999;
const LIBRARY_DEFAULT_TASK_TIMEOUT_S = 60;

export type { ExecutionRecord, ExecutionStatus, HistoryEvent } from './records.js';

interface ParkedToken {
  executionArn: string;
  stateName: string;
  resolve: (output: unknown) => void;
  reject: (err: Error) => void;
  heartbeat?: () => void;
}

interface LiveExecution {
  abort: () => void;
  /** The token made by the last `$$.Task.Token` read, waiting for its Task to claim it. */
  pendingToken?: string;
  tokens: Set<string>;
  endBusy?: () => void;
  /** Set by StopExecution: the abort that follows ends the execution ABORTED (not a shutdown). */
  stop?: { error?: string; cause?: string };
  /** Set when a Step Functions limit ended the execution (local/stepfunctions/limits.ts). */
  limitBreach?: LimitBreach;
}

interface LoadedMachine {
  name: string;
  arn: string;
  definition: any;
  machine: StateMachine;
  /** State name → definition, every nesting level (Map/Parallel) included. */
  states: Map<string, any>;
}

export interface EngineOptions {
  machines: { name: string; definition: unknown }[];
  timeScale: number;
  dataDir: string;
  files: FileWriter;
  activity: Activity;
  trace: TraceStore;
  tasks: Omit<TaskRouterDeps, 'startExecution'>;
  log: (msg: string) => void;
}

/**
 * Step Functions, locally: aws-local-stepfunctions runs the ASL; this class adds what it lacks —
 * executions by ARN and name (idempotent StartExecution), task tokens (`$$.Task.Token`,
 * SendTaskSuccess/Failure/Heartbeat, HeartbeatSeconds), a scaled clock, durable execution records.
 */
export class LocalStepFunctions implements StepFunctionsApi {
  private readonly machines = new Map<string, LoadedMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly live = new Map<string, LiveExecution>();
  private readonly tokens = new Map<string, ParkedToken>();
  private readonly closedTokens = new Set<string>();
  private readonly path: string;
  private readonly finishedListeners = new Set<(e: ExecutionRecord) => void>();
  private readonly changeListeners = new Set<(e: ExecutionRecord) => void>();
  /** ASL files that failed validation (see /health). */
  readonly loadErrors: { stateMachine: string; error: string }[] = [];

  constructor(private readonly opts: EngineOptions) {
    this.path = join(opts.dataDir, 'executions.json');
    for (const m of opts.machines) {
      let machine: StateMachine;
      try {
        machine = new StateMachine(withInputTimeoutPaths(withStateNames(m.definition)) as any, { validationOptions: { checkArn: false, checkPaths: true } });
      } catch (err) {
        // One invalid ASL file must not take the runtime down: it is reported and left out.
        const reason = (err as Error).message;
        this.loadErrors.push({ stateMachine: m.name, error: reason });
        console.error(`[runtime] state machine ${m.name} is not loaded: ${reason}`);
        continue;
      }
      const states = new Map<string, any>();
      indexStates(m.definition as any, states);
      this.machines.set(m.name, { name: m.name, arn: stateMachineArn(m.name), definition: m.definition, machine, states });
    }
  }

  /** Loads persisted executions; the ones a dead process left RUNNING become INTERRUPTED. */
  async load(): Promise<number> {
    let interrupted = 0;
    for (const e of await readJson<ExecutionRecord[]>(this.path, [])) {
      if (e.status === 'RUNNING') {
        e.status = 'INTERRUPTED';
        e.stopDate = new Date().toISOString();
        e.error = 'Local.Interrupted';
        e.cause = 'the local runtime stopped while this execution was running';
        e.history.push({ timestamp: e.stopDate, type: 'ExecutionInterrupted' });
        interrupted++;
      }
      this.executions.set(e.executionArn, e);
    }
    if (interrupted) this.save();
    return interrupted;
  }

  machineNames(): string[] {
    return [...this.machines.keys()];
  }

  list(): ExecutionRecord[] {
    return [...this.executions.values()].sort((a, b) => a.startDate.localeCompare(b.startDate));
  }

  get(arn: string): ExecutionRecord | undefined {
    return this.executions.get(arn);
  }

  onFinished(listener: (e: ExecutionRecord) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /** Every status change: started, finished, redriven (the console's stream). */
  onStatusChange(listener: (e: ExecutionRecord) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  notifyStatusChange(record: ExecutionRecord): void {
    for (const l of this.changeListeners) l(record);
  }

  /** StopExecution's half in the engine (see operations.ts): false when the execution is not running here. */
  stopRunning(arn: string, reason: { error?: string; cause?: string }): boolean {
    const live = this.live.get(arn);
    if (!live) return false;
    live.stop = reason;
    live.abort();
    return true;
  }

  /** RedriveExecution's half in the engine (see operations.ts): runs `record` again from `startAt`. */
  rerun(record: ExecutionRecord, startAt: string, input: unknown): void {
    const loaded = this.machines.get(record.stateMachine);
    if (!loaded) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${record.stateMachineArn}'`);
    const definition = { ...(withInputTimeoutPaths(withStateNames(loaded.definition)) as object), StartAt: startAt };
    // Validated when loaded; from another StartAt the states before it are unreachable, which is the point.
    const machine = new StateMachine(definition as any, { validationOptions: { noValidate: true } });
    this.run({ ...loaded, machine }, record, input, record.startedBy);
  }

  /** The ASL as loaded (placeholders resolved). */
  definitionOf(machineName: string): any {
    return this.machines.get(machineName)?.definition;
  }

  async startExecution(
    input: { stateMachineArn: string; name?: string; input?: string },
    ctx: TraceContext | undefined = currentTrace(),
  ): Promise<{ executionArn: string; startDate: Date }> {
    const machineName = machineNameOf(input.stateMachineArn ?? '');
    if (!machineName) throw new AwsError('InvalidArn', `Invalid Arn: '${input.stateMachineArn}'`);
    const loaded = this.machines.get(machineName);
    if (!loaded) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${input.stateMachineArn}'`);
    const name = input.name ?? randomBytes(16).toString('hex');
    assertExecutionName(name);
    const inputText = input.input ?? '{}';
    assertExecutionInput(inputText);
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(inputText);
    } catch {
      throw new AwsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input is not valid JSON');
    }
    const arn = executionArn(machineName, name);
    const existing = this.executions.get(arn);
    if (existing) {
      // Same name + same input answers the same execution (idempotent retries); anything else is a clash.
      if (existing.input === inputText || sameJson(existing.input, inputText)) return { executionArn: arn, startDate: new Date(existing.startDate) };
      throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: loaded.arn,
      stateMachine: machineName,
      name,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      input: inputText,
      startedBy: ctx?.eventId,
      history: [],
    };
    this.executions.set(arn, record);
    this.save();
    this.notifyStatusChange(record);
    this.opts.trace.record(ctx?.eventId, 'execution-started', { actor: ctx?.actor, executionArn: arn, stateMachine: machineName });
    this.run(loaded, record, parsedInput, ctx?.eventId);
    return { executionArn: arn, startDate: new Date(record.startDate) };
  }

  sendTaskSuccess(token: string, output: string, ctx: TraceContext | undefined = currentTrace()): void {
    assertTaskToken(token);
    assertTaskOutput(output);
    const parked = this.takeToken(token);
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch {
      this.tokens.set(token, parked);
      throw new AwsError('InvalidOutput', 'Invalid output: not valid JSON');
    }
    this.opts.trace.record(ctx?.eventId, 'execution-resumed', { actor: ctx?.actor, executionArn: parked.executionArn, state: parked.stateName, outcome: 'success' });
    parked.resolve(value);
  }

  sendTaskFailure(token: string, error: string | undefined, cause: string | undefined, ctx: TraceContext | undefined = currentTrace()): void {
    assertTaskToken(token);
    const parked = this.takeToken(token);
    this.opts.trace.record(ctx?.eventId, 'execution-resumed', { actor: ctx?.actor, executionArn: parked.executionArn, state: parked.stateName, outcome: 'failure', error });
    parked.reject(new TaskError(error ?? 'States.TaskFailed', cause ?? ''));
  }

  sendTaskHeartbeat(token: string): void {
    assertTaskToken(token);
    const parked = this.tokens.get(token);
    if (!parked) this.takeToken(token);
    parked?.heartbeat?.();
  }

  describeExecution(arn: string): Record<string, unknown> {
    const e = this.executions.get(arn);
    if (!e) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return {
      ...summary(e),
      input: e.input,
      inputDetails: { included: true },
      ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
      ...(e.error ? { error: e.error, cause: e.cause } : {}),
      ...redriveFields(e),
    };
  }

  listExecutions(input: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }): Record<string, unknown> {
    const all = this.list()
      .reverse()
      .filter((e) => !input.stateMachineArn || e.stateMachineArn === input.stateMachineArn)
      .map(summary)
      .filter((s) => !input.statusFilter || s.status === input.statusFilter);
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const size = input.maxResults && input.maxResults > 0 ? input.maxResults : 100;
    const page = all.slice(start, start + size);
    return { executions: page, ...(start + size < all.length ? { nextToken: String(start + size) } : {}) };
  }

  listStateMachines(): Record<string, unknown> {
    return { stateMachines: [...this.machines.values()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: 0 })) };
  }

  stopExecution(input: Record<string, unknown>): Promise<{ stopDate: number }> {
    return stopExecution(this, input);
  }

  redriveExecution(input: Record<string, unknown>): { redriveDate: number } {
    return redriveExecution(this, input);
  }

  getExecutionHistory(input: Record<string, unknown>): ReturnType<typeof getExecutionHistory> {
    return getExecutionHistory(this, input);
  }

  /** Stops every running execution (shutdown): they stay RUNNING on disk and load as INTERRUPTED. */
  abortAll(): void {
    for (const live of this.live.values()) live.abort();
  }

  async flush(): Promise<void> {
    await this.opts.files.flush();
  }

  // ------------------------------------------------------------------------------------------ run

  private run(loaded: LoadedMachine, record: ExecutionRecord, input: unknown, eventId: string | undefined): void {
    const live: LiveExecution = { abort: () => undefined, tokens: new Set() };
    this.live.set(record.executionArn, live);
    live.endBusy = this.opts.activity.begin();
    const park = () => {
      live.endBusy?.();
      live.endBusy = undefined;
    };
    const unpark = () => {
      live.endBusy ??= this.opts.activity.begin();
    };
    const scale = this.opts.timeScale;
    const taskHandlers = new Proxy({} as Record<string, (input: any) => Promise<any>>, {
      get: (_t, stateName) => {
        if (typeof stateName !== 'string') return undefined;
        const def = loaded.states.get(stateName);
        if (!def || def.Type !== 'Task') return undefined;
        return (taskInput: any) => this.runTask(loaded, record, live, stateName, def, withoutLocalFields(taskInput), { park, unpark });
      },
    });
    const waitOverrides = new Proxy({} as Record<string, number>, {
      get: (_t, stateName) => {
        if (typeof stateName === 'string' && loaded.states.get(stateName)?.Type === 'Wait') {
          scaleNextTimer({ scale, onSet: park, onFire: unpark });
        }
        return undefined;
      },
    });
    const retryOverrides = new Proxy({} as Record<string, number>, {
      get: (_t, stateName) => {
        if (typeof stateName === 'string') scaleNextTimer({ scale });
        return undefined;
      },
    });
    const context = {
      Execution: { Id: record.executionArn, Name: record.name, RoleArn: 'arn:aws:iam::000000000000:role/local', StartTime: record.startDate },
      StateMachine: { Id: loaded.arn, Name: loaded.name },
      // Read while the state's Parameters are evaluated, i.e. as the state is entered.
      State: {
        get EnteredTime() {
          return new Date().toISOString();
        },
      },
      Task: {
        get Token() {
          const token = `${Buffer.from(record.executionArn).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
          live.pendingToken = token;
          return token;
        },
      },
    };

    // The execution's calls are its state machine role's (local/iam checks them against that policy).
    withPrincipal(statesPrincipal(loaded.name), () =>
      withTrace({ eventId, actor: `execution:${loaded.name}/${record.name}`, executionArn: record.executionArn }, () => {
        if (loaded.definition.TimeoutSeconds !== undefined) scaleNextTimer({ scale });
        const execution = loaded.machine.run(input as any, {
          overrides: { taskResourceLocalHandlers: taskHandlers, waitTimeOverrides: waitOverrides, retryIntervalOverrides: retryOverrides },
          context,
        });
        live.abort = execution.abort;
        const limits = new ExecutionLimits();
        const logs = (async () => {
          for await (const ev of execution.eventLogs) {
            record.history.push(toHistory(ev));
            const breach = live.limitBreach ? undefined : limits.observe(ev as any);
            if (breach) {
              live.limitBreach = breach;
              execution.abort();
            }
            if (ev.type === 'StateFailed' || ev.type === 'StateExited') this.closeTokensOf(record.executionArn, (ev as any).state?.name);
            this.save();
          }
        })();
        execution.result
          .then(
            (output) => this.finish(record, live, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }, logs),
            (err: any) => {
              const name = err?.name as string;
              if (name === 'ExecutionAbortedError') return this.finish(record, live, { status: 'ABORTED', ...live.stop }, logs, !live.stop);
              if (name === 'ExecutionTimeoutError') return this.finish(record, live, { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'execution timed out' }, logs);
              const cause = err?.cause ?? err;
              return this.finish(record, live, { status: 'FAILED', error: cause?.name ?? 'Error', cause: cause?.message ?? String(cause) }, logs);
            },
          )
          .catch((err: unknown) => this.opts.log(`execution ${record.name}: bookkeeping failed: ${String(err)}`));
      }),
    );
  }

  private async finish(
    record: ExecutionRecord,
    live: LiveExecution,
    outcome: Partial<ExecutionRecord> & { status: ExecutionStatus },
    logs: Promise<void>,
    shuttingDown = false,
  ): Promise<void> {
    await logs.catch(() => undefined);
    // A limit seen in the event log (which trails the run) decides the outcome, as it would have on AWS.
    if (live.limitBreach) [outcome, shuttingDown] = [{ status: 'FAILED', ...live.limitBreach }, false];
    if (shuttingDown) {
      // Leave it RUNNING on disk: the next start lists it as INTERRUPTED.
      this.live.delete(record.executionArn);
      live.endBusy?.();
      return;
    }
    Object.assign(record, outcome, { stopDate: new Date().toISOString() });
    for (const t of live.tokens) this.closeToken(t);
    this.live.delete(record.executionArn);
    this.save();
    this.opts.trace.record(record.startedBy, 'execution-finished', { executionArn: record.executionArn, status: record.status, error: record.error });
    if (record.status !== 'SUCCEEDED') this.opts.log(`execution ${record.stateMachine}/${record.name} ${record.status}: ${record.error ?? ''} ${record.cause ?? ''}`);
    for (const l of this.finishedListeners) l(record);
    this.notifyStatusChange(record);
    live.endBusy?.();
    live.endBusy = undefined;
  }

  /**
   * The local body of every Task state. Called synchronously by the library right before it
   * sets its TimeoutSeconds timer, so the timer can be scaled for token waits.
   */
  private runTask(
    loaded: LoadedMachine,
    record: ExecutionRecord,
    live: LiveExecution,
    stateName: string,
    def: any,
    taskInput: any,
    busy: { park: () => void; unpark: () => void },
  ): Promise<unknown> {
    const resource = String(def.Resource);
    const deps: TaskRouterDeps = { ...this.taskDeps(), execution: { executionArn: record.executionArn, stateMachineArn: loaded.arn } };
    if (!isTokenResource(resource)) {
      return Promise.resolve().then(async () => {
        assertTaskData(stateName, taskInput, 'input');
        const result = await runTaskResource(resource, taskInput, deps);
        assertTaskData(stateName, result, 'result');
        return result;
      });
    }
    const token = live.pendingToken ?? `${Buffer.from(record.executionArn).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
    live.pendingToken = undefined;
    // The library's TimeoutSeconds timer comes next in this synchronous turn: run it on the scaled clock.
    // Without TimeoutSeconds the library waits 60 s; Step Functions waits 99999999 s: stretch to that.
    const hasTimeout = def.TimeoutSeconds !== undefined || def.TimeoutSecondsPath !== undefined;
    scaleNextTimer({
      scale: hasTimeout ? this.opts.timeScale : (AWS_DEFAULT_TASK_TIMEOUT_S / LIBRARY_DEFAULT_TASK_TIMEOUT_S) * this.opts.timeScale,
      onFire: () => {
        // States.Timeout: the library fails the Task; its token is dead, the execution moves on.
        this.closeToken(token);
        busy.unpark();
      },
    });
    const waited = new Promise<unknown>((resolve, reject) => {
      const parked: ParkedToken = { executionArn: record.executionArn, stateName, resolve, reject };
      const heartbeatSeconds = typeof def.HeartbeatSeconds === 'number' ? def.HeartbeatSeconds : undefined;
      if (heartbeatSeconds) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const arm = () => {
          if (timer) clearTimeout(timer);
          timer = unscaledSetTimeout(
            () => {
              if (this.tokens.get(token) !== parked) return;
              this.closeToken(token);
              busy.unpark();
              reject(new TaskError('States.HeartbeatTimeout', `no heartbeat for ${heartbeatSeconds} s (scaled ×${this.opts.timeScale})`));
            },
            Math.min(2 ** 31 - 1, Math.max(1, heartbeatSeconds * 1000 * this.opts.timeScale)),
          );
          timer.unref?.();
        };
        parked.heartbeat = arm;
        const done = () => timer && clearTimeout(timer);
        parked.resolve = (v) => (done(), busy.unpark(), resolve(v));
        parked.reject = (e) => (done(), busy.unpark(), reject(e));
        arm();
      } else {
        parked.resolve = (v) => (busy.unpark(), resolve(v));
        parked.reject = (e) => (busy.unpark(), reject(e));
      }
      this.tokens.set(token, parked);
      live.tokens.add(token);
    });
    // Start the call after the library has set its timer (a microtask later).
    return Promise.resolve().then(async () => {
      await Promise.resolve()
        .then(() => assertTaskData(stateName, taskInput, 'input'))
        .then(() => runTaskResource(resource, taskInput, deps))
        .catch((err) => {
          this.closeToken(token);
          throw err;
        });
      if (this.tokens.has(token)) busy.park();
      return waited;
    });
  }

  private taskDeps(): TaskRouterDeps {
    const startExecution: TaskRouterDeps['startExecution'] = (i) => this.startExecution(i);
    const api = { startExecution, get: (arn: string) => this.get(arn), onFinished: (l: (e: ExecutionRecord) => void) => this.onFinished(l) };
    return { ...this.opts.tasks, startExecution, startExecutionSync: (resource, input) => runNestedExecution(resource, input, api) };
  }

  private takeToken(token: string): ParkedToken {
    const parked = this.tokens.get(token);
    if (parked) {
      this.closeToken(token);
      return parked;
    }
    if (this.closedTokens.has(token)) throw new AwsError('TaskTimedOut', 'Task Timed Out: the task of this token has already completed or timed out');
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) throw new AwsError('InvalidToken', 'Invalid Token');
    throw new AwsError('TaskDoesNotExist', 'Task Does Not Exist: no running task has this token');
  }

  private closeToken(token: string): void {
    const parked = this.tokens.get(token);
    this.tokens.delete(token);
    this.closedTokens.add(token);
    if (parked) this.live.get(parked.executionArn)?.tokens.delete(token);
  }

  /** A Task that left (timed out, caught, done) leaves its token closed. */
  private closeTokensOf(executionArn: string, stateName: string | undefined): void {
    for (const [token, parked] of this.tokens) {
      if (parked.executionArn === executionArn && parked.stateName === stateName) {
        this.closeToken(token);
      }
    }
  }

  private save(): void {
    this.opts.files.snapshot(this.path, () => this.list());
  }
}

/** The task's input as Step Functions would pass it: without the engine's own carrier fields. */
function withoutLocalFields(taskInput: any): any {
  if (!taskInput || typeof taskInput !== 'object' || !(LOCAL_TIMEOUT_FIELD in taskInput)) return taskInput;
  const { [LOCAL_TIMEOUT_FIELD]: _timeout, ...rest } = taskInput;
  return rest;
}
