import './polyfills.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUS_NAME } from '../events/names.js';
import type { RuleDefinition, RuleTarget } from '../events/rules/types.js';
import type { ScheduleDefinition } from '../events/schedules/types.js';
import { listStateMachines, placeholdersOf, readStateMachine, STATE_MACHINES_DIR, substitute } from '../state-machines/substitutions.js';
import { handleAwsJson } from './aws-endpoints/json-protocol.js';
import { handleS3, LocalS3Store } from './aws-endpoints/s3.js';
import { EventArchive } from './bus/archive.js';
import { eventIdOf, LocalBus, type RetryPolicy } from './bus/bus.js';
import { functionArn, LambdaInvoker } from './bus/lambda-invoker.js';
import { fillSchedulerAttributes, Scheduler } from './bus/schedules.js';
import { executionNameFor, selectPath } from './bus/targets.js';
import { localSecrets, SECRET_IDS } from './aws-endpoints/secrets.js';
import type { BusEvent, BusEventRecord } from './bus/types.js';
import { DeadLetterQueue, type DeadLetter } from './dlq/dlq.js';
import { proxyDynamo, startDynamo } from './dynamo/dynamo.js';
import { Activity } from './server/activity.js';
import { FileWriter } from './server/files.js';
import { startHttpServer, type JsonReply, type ServerApp } from './server/http-server.js';
import { DEFAULT_DATA_DIR } from './server/paths.js';
import { stateMachineArn, stateMachineEnvName } from './stepfunctions/arns.js';
import { LocalStepFunctions } from './stepfunctions/engine.js';
import { summarize, type ExecutionRecord, type ExecutionSummary } from './stepfunctions/records.js';
import { propagateTraceTo, TraceStore, withTrace } from './trace/trace.js';
import { startSandboxes, type Sandboxes } from './server/sandboxes-wiring.js';

export type { BusEventRecord } from './bus/types.js';
export type { ExecutionRecord, ExecutionSummary } from './stepfunctions/records.js';
export { SECRET_IDS } from './aws-endpoints/secrets.js';
export { executionNameFor } from './bus/targets.js';

export interface RuntimeOptions {
  /** In-memory dynalite and no files (default false = persisted under `dataDir`). */
  memory?: boolean;
  /** HTTP port; 0 = a random free port; default env PORT or 3000. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. Beyond loopback a bearer token (LOCAL_API_TOKEN) is required. */
  host?: string;
  /** Where persisted state lives (default `<repo>/.data`). */
  dataDir?: string;
  /** Multiplies Wait seconds, token-wait Task TimeoutSeconds/HeartbeatSeconds, Retry intervals, schedules and sandbox delays. */
  timeScale?: number;
  quiet?: boolean;
  eum?: Record<string, unknown>;
  razorpay?: Record<string, unknown>;
  /** Start the EUM/Razorpay sandboxes and the simulated customer (default true). */
  sandboxes?: boolean;
  /** Run `events/schedules` on timers (default: only when timeScale ≥ 0.5, i.e. not in fast tests). */
  schedules?: boolean;
  /** Bus target retry policy (default 3 attempts, 50 ms backoff base with full jitter). */
  targetRetry?: Partial<RetryPolicy>;
  /** Overrides for tests: another ASL folder, handler folder, rule or schedule set. */
  stateMachinesDir?: string;
  /** Handler folders searched in order; default functions/handlers. */
  handlersDir?: string | string[];
  rules?: RuleDefinition[];
  scheduleDefinitions?: ScheduleDefinition[];
  /** Bearer token for /actions and the read endpoints (default env LOCAL_API_TOKEN). */
  apiToken?: string;
}

export interface Runtime {
  url: string;
  port: number;
  dataDir: string | undefined;
  timeScale: number;
  action(body: unknown): Promise<{ statusCode: number; body: any }>;
  postWebhook(path: '/webhooks/eum' | '/webhooks/razorpay', rawBody: string, headers?: Record<string, string>): Promise<{ statusCode: number; body: any }>;
  events(filter?: { detailType?: string }): BusEventRecord[];
  waitForEvent(predicate: (e: BusEventRecord) => boolean, timeoutMs?: number): Promise<BusEventRecord>;
  executions(): Promise<ExecutionSummary[]>;
  execution(arn: string): ExecutionRecord | undefined;
  /** Resolves when an execution matching `predicate` has finished (already finished counts). */
  waitForExecution(predicate: (e: ExecutionSummary) => boolean, timeoutMs?: number): Promise<ExecutionSummary>;
  idle(timeoutMs?: number): Promise<void>;
  trace(eventId: string): ReturnType<TraceStore['get']>;
  dlq(): DeadLetter[];
  redrive(ids?: string[]): Promise<{ redriven: string[]; failedAgain: string[] }>;
  replay(input: { from: Date; to: Date; name?: string }): { replayName: string; count: number };
  runSchedule(name: string): Promise<unknown>;
  /** Sends an event straight onto the custom bus (as PutEvents would). */
  putEvent(detailType: string, detail: Record<string, unknown>, source?: string): Promise<string>;
  sandboxes: Sandboxes;
  /** Internals for tests and the bench. */
  bus: LocalBus;
  stepFunctions: LocalStepFunctions;
  dynamo: DynamoDBClient;
  /** The local S3's objects (the media bucket is LOCAL_MEDIA_BUCKET). */
  s3: LocalS3Store;
  tableName: string;
  stop(): Promise<void>;
}

const TABLE_NAME = 'eum-social';
/** The stack's media bucket, locally (objects in memory for the life of the process). */
export const LOCAL_MEDIA_BUCKET = 'eum-social-media-local';
const MEDIA_BUCKET_ENV = 'MEDIA_BUCKET';

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const memory = options.memory ?? false;
  const timeScale = options.timeScale ?? 1;
  const dataDir = memory ? undefined : (options.dataDir ?? DEFAULT_DATA_DIR);
  const log = options.quiet ? () => undefined : (msg: string) => console.log(`[runtime] ${msg}`);
  const apiToken = options.apiToken ?? process.env.LOCAL_API_TOKEN ?? undefined;
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !apiToken) throw new Error(`binding to ${host} needs a bearer token: set LOCAL_API_TOKEN`);
  // Beyond loopback the AWS endpoints only answer SDK calls signed with this runtime's own key id.
  const accessKeyId = isLoopback(host) ? 'local' : `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const files = new FileWriter(!memory);
  const fileDir = dataDir ?? '/nonexistent-memory-runtime';
  const activity = new Activity();
  const trace = new TraceStore();
  const archive = new EventArchive(fileDir, files);
  const dlq = new DeadLetterQueue(fileDir, files);
  if (!memory) await Promise.all([archive.load(), dlq.load()]);

  const dynamo = await startDynamo({ memory, dataDir: fileDir, tableName: TABLE_NAME });
  const lambdas = new LambdaInvoker(options.handlersDir);
  const s3 = new LocalS3Store();
  s3.createBucket(LOCAL_MEDIA_BUCKET);
  const secrets = localSecrets();

  // Assigned once the engine exists; the bus's state-machine targets go through it.
  let sfn!: LocalStepFunctions;
  const rules = options.rules ?? (await import('../events/rules/index.js')).rules;
  const bus = new LocalBus({
    rules,
    archive,
    dlq,
    trace,
    activity,
    retry: options.targetRetry,
    log,
    invokeTarget: (target, event) => invokeTarget(target, event),
  });

  if (!memory) bus.restoreHistory(archive.all());

  async function invokeTarget(target: RuleTarget, event: BusEvent): Promise<unknown> {
    if (target.kind === 'lambda') return lambdas.invoke(target.name, event);
    const input = selectPath(event, target.inputPath ?? '$.detail');
    return sfn.startExecution({ stateMachineArn: stateMachineArn(target.name), name: executionNameFor(eventIdOf(event)), input: JSON.stringify(input ?? {}) });
  }

  let app: ServerApp | undefined;
  let appReady!: (a: ServerApp) => void;
  const ready = { promise: new Promise<ServerApp>((r) => (appReady = r)) };
  const server = await startHttpServer(
    {
      webhookEum: async (raw) => (await ready.promise).webhookEum(raw),
      webhookRazorpay: async (raw, h) => (await ready.promise).webhookRazorpay(raw, h),
      action: async (b) => (await ready.promise).action(b),
      awsJson: async (t, raw, ctx) => (await ready.promise).awsJson(t, raw, ctx),
      dynamo: async (op, raw, h, res, ctx) => (await ready.promise).dynamo(op, raw, h, res, ctx),
      read: async (p, q) => (await ready.promise).read(p, q),
      post: async (p, b) => (await ready.promise).post(p, b),
      s3: async (req, res, u) => (await ready.promise).s3!(req, res, u),
    },
    {
      host,
      port: options.port ?? Number(process.env.PORT ?? 3000),
      apiToken: isLoopback(host) ? options.apiToken : apiToken,
      awsAccessKeyId: isLoopback(host) ? undefined : accessKeyId,
      activity,
      log,
      draining: () => stopped,
    },
  );
  let stopped = false;
  const stopPropagation = propagateTraceTo(server.port);
  const url = server.url;

  // The state machines, with placeholders resolved to local ARNs.
  const machinesDir = options.stateMachinesDir ?? STATE_MACHINES_DIR;
  const machineErrors: { stateMachine: string; error: string }[] = [];
  const machines = listStateMachines(machinesDir).flatMap(({ name }) => {
    try {
      return [loadMachine(name)];
    } catch (err) {
      machineErrors.push({ stateMachine: name, error: (err as Error).message });
      console.error(`[runtime] state machine ${name} is not loaded: ${(err as Error).message}`);
      return [];
    }
  });
  function loadMachine(name: string) {
    const text = readStateMachine(name, machinesDir);
    const values: Record<string, string> = {};
    for (const p of placeholdersOf(text)) {
      if (p.kind === 'table') values[p.key] = TABLE_NAME;
      else if (p.kind === 'bus') values[p.key] = BUS_NAME;
      else if (p.kind === 'function') values[p.key] = functionArn(p.handler);
      else values[p.key] = stateMachineArn(p.machine);
    }
    return { name, definition: JSON.parse(substitute(text, values)) as unknown };
  }
  const engineDynamo = new DynamoDBClient({ endpoint: url, region: 'local', credentials: { accessKeyId, secretAccessKey: 'local' } });
  sfn = new LocalStepFunctions({
    machines,
    timeScale,
    dataDir: fileDir,
    files,
    activity,
    trace,
    tasks: { lambdas, bus, dynamo: () => engineDynamo },
    log,
  });
  sfn.loadErrors.push(...machineErrors);
  const interrupted = memory ? 0 : await sfn.load();
  if (interrupted) log(`${interrupted} execution(s) were running when the last process stopped: listed as INTERRUPTED`);

  // Sandboxes first (their endpoints go into the env), then the env, then the handler code.
  const sandboxes = await startSandboxes({
    enabled: options.sandboxes ?? true,
    runtimeUrl: url,
    timeScale,
    // A persisted runtime keeps its table across restarts: a fresh seed per start keeps the sandbox's
    // deterministic ids (template ids, wamids) from colliding with what an earlier run stored.
    eum: { ...(memory ? options.eum : { seed: `eum-sandbox-${Date.now().toString(36)}`, ...options.eum }), s3 },
    razorpay: options.razorpay,
    secrets: secrets.raw,
    log,
  });
  const env: Record<string, string> = {
    TABLE_NAME,
    EVENT_BUS_NAME: BUS_NAME,
    RAZORPAY_WEBHOOK_SECRET_ID: SECRET_IDS.razorpayWebhook,
    RAZORPAY_API_SECRET_ID: SECRET_IDS.razorpayApi,
    AWS_REGION: 'local',
    AWS_DEFAULT_REGION: 'local',
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    AWS_ENDPOINT_URL_SFN: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_S3: url,
    MEDIA_S3_FORCE_PATH_STYLE: 'true',
    [MEDIA_BUCKET_ENV]: LOCAL_MEDIA_BUCKET,
    ...(sandboxes.eumEndpoint ? { AWS_ENDPOINT_URL_SOCIALMESSAGING: sandboxes.eumEndpoint } : {}),
    ...(sandboxes.razorpayBaseUrl ? { RAZORPAY_API_BASE_URL: sandboxes.razorpayBaseUrl } : {}),
    ...(sandboxes.wabaId ? { EUM_WABA_ID: sandboxes.wabaId } : {}),
  };
  for (const m of machines) env[stateMachineEnvName(m.name)] = stateMachineArn(m.name);
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const previousEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  if (options.quiet && !process.env.POWERTOOLS_LOG_LEVEL) process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

  // Handler code is imported only now, so every SDK client it builds sees the local endpoints.
  const wiring = await import('../functions/wiring.js');
  wiring.setDeps(undefined);
  (await import('../functions/adapters/eum/client.js')).setSocialMessagingClient(undefined);
  const { ingestEumHttp } = await import('../functions/ingest/eum-ingest.js');
  const { ingestRazorpayWebhook } = await import('../functions/ingest/razorpay-ingest.js');
  const { dispatchAction } = await import('../functions/actions/registry.js');

  app = {
    webhookEum: (raw) => withTrace({ actor: 'POST /webhooks/eum' }, () => ingestEumHttp(raw, wiring.getDeps())) as Promise<JsonReply>,
    webhookRazorpay: (raw, headers) =>
      withTrace({ actor: 'POST /webhooks/razorpay' }, () => {
        const deps = wiring.getDeps();
        return ingestRazorpayWebhook({ headers, rawBody: raw }, { ...deps, webhookSecret: () => deps.secrets.get(SECRET_IDS.razorpayWebhook) });
      }),
    action: (body) => withTrace({ actor: 'POST /actions' }, () => dispatchAction(body, { deps: wiring.getDeps(), now: () => new Date() })),
    awsJson: (target, raw, ctx) => withTrace(ctx ?? { actor: 'aws-sdk' }, () => handleAwsJson(target, raw, { bus, sfn, secrets }, ctx)),
    dynamo: (op, raw, headers, res, ctx) => proxyDynamo(dynamo.endpoint, op, raw, headers, res, { store: trace, ctx }),
    read: async (path, query) => readRoute(path, query),
    post: async (path, body) => postRoute(path, body as Record<string, any>),
    s3: (req, res, u) => handleS3(req, res, u, { store: s3, requireAccessKeyId: isLoopback(host) ? undefined : accessKeyId, secretFor: (k) => (k === accessKeyId ? 'local' : undefined) }),
  };
  appReady(app);

  function readRoute(path: string, query: URLSearchParams): JsonReply | undefined {
    if (path === '/health') return { statusCode: 200, body: { ok: sfn.loadErrors.length === 0, inFlight: activity.busy, stateMachines: sfn.machineNames(), stateMachineErrors: sfn.loadErrors, rules: rules.length } };
    if (path === '/executions') return { statusCode: 200, body: { executions: sfn.list().map(summarize) } };
    const execMatch = /^\/executions\/(.+)$/.exec(path);
    if (execMatch) {
      const e = sfn.get(decodeURIComponent(execMatch[1]!));
      return e ? { statusCode: 200, body: { ...summarize(e), history: e.history } } : { statusCode: 404, body: { error: 'no such execution' } };
    }
    if (path === '/events') {
      const detailType = query.get('detailType') ?? undefined;
      const limit = Number(query.get('limit') ?? 200);
      return { statusCode: 200, body: { events: bus.events({ detailType }).slice(-limit) } };
    }
    const traceMatch = /^\/events\/([^/]+)\/trace$/.exec(path);
    if (traceMatch) {
      const t = trace.get(decodeURIComponent(traceMatch[1]!));
      return t ? { statusCode: 200, body: t } : { statusCode: 404, body: { error: 'no trace for this event id (traces are kept in memory for this process)' } };
    }
    if (path === '/dlq') return { statusCode: 200, body: { deadLetters: dlq.list() } };
    return undefined;
  }

  async function postRoute(path: string, body: Record<string, any>): Promise<JsonReply | undefined> {
    if (path === '/dlq/redrive') return { statusCode: 200, body: await bus.redrive(Array.isArray(body?.ids) ? body.ids : undefined) };
    if (path === '/events/replay') {
      const from = new Date(body?.from ?? 0);
      const to = new Date(body?.to ?? Date.now());
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return { statusCode: 400, body: { error: 'from/to: ISO-8601 timestamps' } };
      return { statusCode: 200, body: bus.replay({ from, to, name: body?.name }) };
    }
    if (path.startsWith('/schedules/') && path.endsWith('/run')) {
      const name = decodeURIComponent(path.slice('/schedules/'.length, -'/run'.length));
      return { statusCode: 200, body: { result: await runSchedule(name) } };
    }
    return undefined;
  }

  const scheduleList = options.scheduleDefinitions ?? (await import('../events/schedules/index.js')).schedules;
  async function runSchedule(name: string): Promise<unknown> {
    const s = scheduleList.find((x) => x.name === name);
    if (!s) throw new Error(`no schedule named ${name}; known: ${scheduleList.map((x) => x.name).join(', ') || 'none'}`);
    const executionId = randomBytes(8).toString('hex');
    // EventBridge Scheduler passes `input` as-is, with its context attributes filled in.
    const input = fillSchedulerAttributes(s.input ?? {}, { name, executionId, at: new Date().toISOString() });
    return activity.track(
      withTrace({ actor: `schedule:${name}` }, async () => {
        if (s.target.kind === 'lambda') return lambdas.invoke(s.target.name, input);
        return sfn.startExecution({
          stateMachineArn: stateMachineArn(s.target.name),
          name: `${name}-${executionId}`.slice(0, 80),
          input: JSON.stringify(input),
        });
      }),
    );
  }
  const scheduler = new Scheduler(scheduleList, timeScale, (s) => runSchedule(s.name), log);
  if (options.schedules ?? timeScale >= 0.5) scheduler.start();

  const runtime: Runtime = {
    url,
    port: server.port,
    dataDir,
    timeScale,
    action: async (body) => app!.action(body),
    postWebhook: async (path, rawBody, headers = {}) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', body: rawBody, headers: { 'content-type': 'application/json', ...headers } });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: hand back the text
      }
      return { statusCode: res.status, body };
    },
    events: (filter) => bus.events(filter),
    waitForEvent: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const hit = bus.events().find(predicate);
        if (hit) return resolve(hit);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching event on the bus within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = bus.onEvent((e) => {
          if (!predicate(e)) return;
          clearTimeout(timer);
          off();
          resolve(e);
        });
      }),
    executions: async () => sfn.list().map(summarize),
    execution: (arn) => sfn.get(arn),
    waitForExecution: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const done = sfn.list().map(summarize).find((e) => e.status !== 'RUNNING' && predicate(e));
        if (done) return resolve(done);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching execution finished within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = sfn.onFinished((record) => {
          const s = summarize(record);
          if (!predicate(s)) return;
          clearTimeout(timer);
          off();
          resolve(s);
        });
      }),
    idle: (timeoutMs) => activity.idle(timeoutMs, () => sandboxes.busy()),
    trace: (eventId) => trace.get(eventId),
    dlq: () => dlq.list(),
    redrive: (ids) => bus.redrive(ids),
    replay: (input) => bus.replay(input),
    runSchedule,
    putEvent: async (detailType, detail, source = 'eum.social') => {
      const out = await bus.putEvents([{ EventBusName: BUS_NAME, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }]);
      const first = out.Entries[0]!;
      if ('ErrorCode' in first) throw new Error(`${first.ErrorCode}: ${first.ErrorMessage}`);
      return first.EventId;
    },
    sandboxes: sandboxes.api,
    bus,
    stepFunctions: sfn,
    dynamo: dynamo.client,
    s3,
    tableName: TABLE_NAME,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      await sandboxes.close();
      // Let work in flight (targets, webhooks being answered, running steps) finish its writes first.
      await activity.idle(5_000).catch(() => log('stopping with work still in flight'));
      sfn.abortAll();
      await server.close();
      stopPropagation();
      await files.flush();
      engineDynamo.destroy();
      await dynamo.close();
      // Hand the process back as it was (unless a newer runtime has set its own values since).
      for (const [k, v] of Object.entries(env)) {
        if (process.env[k] !== v) continue;
        if (previousEnv[k] === undefined) delete process.env[k];
        else process.env[k] = previousEnv[k];
      }
      wiring.setDeps(undefined);
    },
  };
  log(`up at ${url} (${memory ? 'in memory' : `data in ${dataDir}`}, time ×${timeScale}, ${machines.length} state machine(s), ${rules.length} rule(s))`);
  return runtime;
}

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '::1';


