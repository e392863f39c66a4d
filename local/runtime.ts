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
import { handleS3, LocalS3Store, S3Error } from './aws-endpoints/s3.js';
import { EventArchive } from './bus/archive.js';
import { DeliveryOutbox } from './bus/outbox.js';
import { eventIdOf, LocalBus, type RetryPolicy } from './bus/bus.js';
import { functionArn, functionNameOf, LambdaInvoker, type FunctionInvoker } from './bus/lambda-invoker.js';
import { ACTION_CONCERN, concernFunction } from '../functions/actions/routes.js';
import type { FunctionStats } from './lambda/bundle-invoker.js';
import { invokeFunction } from './lambda/invoke-endpoint.js';
import { functionNameEnv } from '../functions/config/function-names.js';
import { bundledIngress, bundlesFromEnv, createBundleInvoker, prebuildBundles, type LocalDeployment } from './lambda/bundles-mode.js';
import { fillSchedulerAttributes, Scheduler } from './bus/schedules.js';
import { executionNameFor, selectPath } from './bus/targets.js';
import { localSecrets, SECRET_IDS } from './aws-endpoints/secrets.js';
import type { BusEvent, BusEventRecord } from './bus/types.js';
import { DeadLetterQueue, type DeadLetter } from './dlq/dlq.js';
import { proxyDynamo, startDynamo } from './dynamo/dynamo.js';
import { Activity } from './server/activity.js';
import { FileWriter } from './server/files.js';
import { startHttpServer, type JsonReply, type ServerApp } from './server/http-server.js';
import { cut } from '../functions/domain/shared/cut.js';
import { DEFAULT_DATA_DIR } from './server/paths.js';
import { stateMachineArn, stateMachineEnvName } from './stepfunctions/arns.js';
import { LocalStepFunctions } from './stepfunctions/engine.js';
import { summarize, type ExecutionRecord, type ExecutionSummary } from './stepfunctions/records.js';
import { propagateTraceTo, TraceStore, withTrace } from './trace/trace.js';
import { startSandboxes, type Sandboxes } from './server/sandboxes-wiring.js';
import { consoleUiModule } from './console-api/mount.js';
import { consoleUiRoutes, type ConsoleRoute } from './console-api/ui-routes.js';
import { captureLogLines } from './console-api/log-capture.js';
import { consoleServerRoutes } from './console-api/server-routes.js';
import { functionCatalog, type FunctionSpec } from '../infra/function-catalog.js';
import { systemPolicies } from '../infra/grants.js';
import { identifyCaller } from './iam/caller.js';
import { localCredentialsFor, principalForAccessKey, secretForAccessKey } from './iam/credentials.js';
import { AccessDenied, IamEnforcer } from './iam/enforcer.js';
import { LOCAL_MEDIA_BUCKET_NAME, localBusArn } from './iam/local-arns.js';
import { currentPrincipal, PRINCIPAL_HEADER, propagatePrincipalTo, rulePrincipal, RUNTIME_PRINCIPAL, schedulePrincipal, withPrincipal } from './iam/principals.js';
import { awsJsonChecks, dynamoChecks, eumCheck } from './iam/requests.js';
import { saveGrantUsage } from './iam/usage-file.js';
import { MetricsBoard } from './metrics/emf.js';

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
  /** Check every AWS call against its caller's IAM policy (infra/grants.ts); default true. */
  iam?: boolean;
  /** Another function catalogue whose grants are enforced (tests of the enforcement); default infra/function-catalog.ts. */
  functionCatalog?: FunctionSpec[];
  /** Run each function from its deployed bundle in its own process on the Lambda runtime's Node (default env LOCAL_BUNDLES). */
  bundles?: boolean;
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
  /** Bearer token of the console API (`/console/api/*`): LOCAL_API_TOKEN when set, else random per process. */
  consoleToken: string;
  /** The IAM policies the twin enforces, the denials and which grants were used (local/iam). */
  iam: IamEnforcer;
  /** Bundles mode: per function, invocations, cold starts (with their init times) and timeouts; undefined otherwise. */
  functionStats(): Record<string, FunctionStats> | undefined;
  /** The metrics the functions emitted (their EMF lines, summed per metric and dimensions): GET /metrics. */
  metrics: MetricsBoard;
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
export const LOCAL_MEDIA_BUCKET = LOCAL_MEDIA_BUCKET_NAME;
const MEDIA_BUCKET_ENV = 'MEDIA_BUCKET';

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const memory = options.memory ?? false;
  const timeScale = options.timeScale ?? 1;
  const dataDir = memory ? undefined : (options.dataDir ?? DEFAULT_DATA_DIR);
  const log = options.quiet ? () => undefined : (msg: string) => console.log(`[runtime] ${msg}`);
  const apiToken = options.apiToken ?? process.env.LOCAL_API_TOKEN ?? undefined;
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !apiToken) throw new Error(`binding to ${host} needs a bearer token: set LOCAL_API_TOKEN`);
  // The handlers' key in this process: it may name the in-process caller (local/iam/principals.ts).
  // Beyond loopback the AWS endpoints only answer calls signed with keys the runtime issued.
  const runtimeCredentials = localCredentialsFor(RUNTIME_PRINCIPAL);
  const accessKeyId = runtimeCredentials.accessKeyId;
  const consoleToken = apiToken ?? randomBytes(24).toString('base64url');
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const files = new FileWriter(!memory);
  const fileDir = dataDir ?? '/nonexistent-memory-runtime';
  const activity = new Activity();
  const trace = new TraceStore();
  const metrics = new MetricsBoard();
  const archive = new EventArchive(fileDir, files);
  const dlq = new DeadLetterQueue(fileDir, files);
  const outbox = new DeliveryOutbox(dataDir);
  if (!memory) await Promise.all([archive.load(), dlq.load()]);
  // Target deliveries a killed process had accepted and not finished: redelivered once handlers are wired.
  const pendingDeliveries = await outbox.load();

  const dynamo = await startDynamo({ memory, dataDir: fileDir, tableName: TABLE_NAME });
  const s3 = new LocalS3Store();
  s3.createBucket(LOCAL_MEDIA_BUCKET);
  const bundles = options.bundles ?? bundlesFromEnv();
  let localDeployment: LocalDeployment | undefined;
  const bundleInvoker = bundles ? createBundleInvoker({ catalog: options.functionCatalog ?? functionCatalog, handlersDir: options.handlersDir, deployment: () => localDeployment!, log, quiet: options.quiet ?? false, metricsLine: (l) => metrics.take(l) }) : undefined;
  if (bundles) await prebuildBundles(options.handlersDir);
  const lambdas: FunctionInvoker = bundleInvoker ?? new LambdaInvoker(options.handlersDir);
  const secrets = localSecrets();
  const policies = systemPolicies({
    catalog: options.functionCatalog ?? functionCatalog,
    rules: options.rules ?? (await import('../events/rules/index.js')).rules,
    schedules: options.scheduleDefinitions ?? (await import('../events/schedules/index.js')).schedules,
  });
  // Test fixture machines (another folder) have no role of the system's: their calls are not checked.
  if (options.stateMachinesDir !== undefined && options.stateMachinesDir !== STATE_MACHINES_DIR) policies.stateMachines.clear();
  const iam = new IamEnforcer(policies, { enabled: options.iam ?? true, tableName: TABLE_NAME, log });

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
    outbox,
    log,
    invokeTarget: (target, event, rule) => {
      // The rule's role reaches the target (a Lambda target: the function's resource policy on AWS).
      iam.authorize(rulePrincipal(rule), ...targetCall(target));
      return invokeTarget(target, event);
    },
  });

  if (!memory) bus.restoreHistory(archive.all());

  function targetCall(target: RuleTarget): [string, string] {
    return target.kind === 'lambda' ? ['lambda:InvokeFunction', functionArn(target.name)] : ['states:StartExecution', stateMachineArn(target.name)];
  }

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
      awsJson: async (t, raw, ctx, principal) => (await ready.promise).awsJson(t, raw, ctx, principal),
      dynamo: async (op, raw, h, res, ctx, principal) => (await ready.promise).dynamo(op, raw, h, res, ctx, principal),
      read: async (p, q) => (await ready.promise).read(p, q),
      post: async (p, b) => (await ready.promise).post(p, b),
      lambdaInvoke: async (n, raw, ctx, principal) => (await ready.promise).lambdaInvoke!(n, raw, ctx, principal),
      modules: () => app?.modules?.() ?? [],
      s3: async (req, res, u) => (await ready.promise).s3!(req, res, u),
    },
    {
      host,
      port: options.port ?? Number(process.env.PORT ?? 3000),
      apiToken: isLoopback(host) ? options.apiToken : apiToken,
      // On loopback too an unsigned call (a page in a browser) gets nothing, not even the local secrets (local/iam/caller.ts).
      awsCaller: (req, u, raw) => identifyCaller({ method: req.method ?? 'POST', path: u.pathname, query: u.searchParams, headers: req.headers, body: raw }, { requireIssuedKey: !isLoopback(host) }),
      activity,
      log,
      draining: () => stopped,
    },
  );
  let stopped = false;
  const stopPropagation = propagateTraceTo(server.port);
  const stopPrincipals = propagatePrincipalTo(server.port);
  const stopLogCapture = captureLogLines(trace, metrics);
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
  const engineDynamo = new DynamoDBClient({ endpoint: url, region: 'local', credentials: runtimeCredentials });
  sfn = new LocalStepFunctions({
    machines,
    timeScale,
    dataDir: fileDir,
    files,
    activity,
    trace,
    tasks: { lambdas, bus, dynamo: () => engineDynamo, authorize: (action, resource) => iam.authorize(currentPrincipal(), action, localArnOfTaskResource(action, resource)) },
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
    authorizeEum: (operation, req, body) => {
      const caller = identifyCaller({ method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.rawBody }, { requireIssuedKey: false });
      if (!caller.ok) return caller.message;
      const check = eumCheck(operation, req.query, body);
      try {
        iam.authorize(caller.principal, check.action, check.resource);
      } catch (err) {
        if (err instanceof AccessDenied) return err.message;
        throw err;
      }
      return undefined;
    },
  });
  const stopEumPrincipals = sandboxes.eumEndpoint ? propagatePrincipalTo(Number(new URL(sandboxes.eumEndpoint).port)) : () => undefined;
  const env: Record<string, string> = {
    TABLE_NAME,
    EVENT_BUS_NAME: BUS_NAME,
    RAZORPAY_WEBHOOK_SECRET_ID: SECRET_IDS.razorpayWebhook,
    RAZORPAY_API_SECRET_ID: SECRET_IDS.razorpayApi,
    AWS_REGION: 'local',
    AWS_DEFAULT_REGION: 'local',
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: runtimeCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    AWS_ENDPOINT_URL_SFN: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_S3: url,
    MEDIA_S3_FORCE_PATH_STYLE: 'true',
    [MEDIA_BUCKET_ENV]: LOCAL_MEDIA_BUCKET,
    AWS_ENDPOINT_URL_LAMBDA: url,
    ...(sandboxes.eumEndpoint ? { AWS_ENDPOINT_URL_SOCIALMESSAGING: sandboxes.eumEndpoint } : {}),
    ...(sandboxes.razorpayBaseUrl ? { RAZORPAY_API_BASE_URL: sandboxes.razorpayBaseUrl } : {}),
    ...(sandboxes.wabaId ? { EUM_WABA_ID: sandboxes.wabaId } : {}),
    // Powertools: metrics on (EMF lines are read back into GET /metrics), no X-Ray daemon here.
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // As Lambda sets it: Powertools counts a ColdStart only in on-demand environments.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  };
  for (const m of machines) env[stateMachineEnvName(m.name)] = stateMachineArn(m.name);
  for (const callee of functionCatalog.flatMap((s) => s.invokes ?? [])) env[functionNameEnv(callee)] = callee;
  localDeployment = {
    tableName: TABLE_NAME,
    stateMachines: machines.map((m) => m.name),
    endpoints: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('AWS_ENDPOINT_URL_') || k === 'RAZORPAY_API_BASE_URL')),
    deploymentDefaults: sandboxes.wabaId ? { EUM_WABA_ID: sandboxes.wabaId } : {},
  };
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const previousEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  if (options.quiet && !process.env.POWERTOOLS_LOG_LEVEL) process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

  // Handler code is imported only now, so every SDK client it builds sees the local endpoints.
  const wiring = await import('../functions/wiring/shared.js');
  wiring.setDeps(undefined);
  (await import('../functions/adapters/eum/client.js')).setSocialMessagingClient(undefined);
  const { ingestEumHttp } = await import('../functions/ingest/eum-ingest.js');
  const { ingestRazorpayWebhook } = await import('../functions/ingest/razorpay-ingest.js');
  const { dispatchAction } = await import('../functions/actions/registry.js');
  const { asFunction } = await import('../functions/observability/instrumented.js');
  // What the concern functions' own wiring adds (handlers/actions-payments.ts: Razorpay; actions-insights.ts).
  const { paymentDeps } = await import('../functions/wiring/payments.js');
  const { razorpayGateway } = await import('../functions/wiring/razorpay.js');
  const { insightsAdapters } = await import('../functions/wiring/insights.js');

  // Set once the schedules are loaded (below); until then console-ui's routes answer 404.
  let consoleUi: ConsoleRoute = async () => undefined;
  let bundledAction: ((body: unknown) => Promise<JsonReply>) | undefined;
  app = {
    // Each HTTP entry runs as the function that serves it on AWS.
    webhookEum: (raw) => withPrincipal('ingest-eum', () => withTrace({ actor: 'POST /webhooks/eum' }, () => asFunction('ingest-eum', () => ingestEumHttp(raw, wiring.getDeps())))) as Promise<JsonReply>,
    webhookRazorpay: (raw, headers) =>
      withPrincipal('ingest-razorpay', () => withTrace({ actor: 'POST /webhooks/razorpay' }, () => {
        const deps = wiring.getDeps();
        return asFunction('ingest-razorpay', () => ingestRazorpayWebhook({ headers, rawBody: raw }, { ...deps, webhookSecret: () => deps.secrets.get(SECRET_IDS.razorpayWebhook) }));
      })),
    action: (body) => runAction(body, 'POST /actions'),
    awsJson: async (target, raw, ctx, principal) => {
      const denied = checkCalls(principal, () => awsJsonChecks(target, JSON.parse(raw || '{}')));
      if (denied) return { statusCode: 400, body: { __type: 'AccessDeniedException', message: denied.message }, headers: { 'x-amzn-errortype': 'AccessDeniedException' } };
      return withTrace(ctx ?? { actor: 'aws-sdk' }, () => handleAwsJson(target, raw, { bus, sfn, secrets }, ctx));
    },
    dynamo: async (op, raw, headers, res, ctx, principal) => {
      const denied = checkCalls(principal, () => dynamoChecks(op, JSON.parse(raw.toString('utf8') || '{}')));
      if (denied) {
        // DynamoDB's own shape (awsJson1_0, coral type, capital-M Message).
        const text = JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: denied.message });
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      return proxyDynamo(dynamo.endpoint, op, raw, headers, res, { store: trace, ctx });
    },
    read: async (path, query) => readRoute(path, query),
    post: async (path, body) => postRoute(path, body as Record<string, any>),
    lambdaInvoke: async (name, raw, ctx, principal) => {
      const denied = checkCalls(principal, () => [{ action: 'lambda:InvokeFunction', resource: functionArn(functionNameOf(name)) }]);
      if (denied) return { statusCode: 403, body: { Message: denied.message }, headers: { 'x-amzn-errortype': 'AccessDeniedException' } };
      return withTrace(ctx ?? { actor: 'aws-sdk' }, () => invokeFunction(lambdas, name, raw));
    },
    modules: () => consoleModules,
    s3: (req, res, u) =>
      handleS3(req, res, u, {
        store: s3,
        secretFor: (k) => secretForAccessKey(k),
        requireIssuedKey: !isLoopback(host),
        authorize: (k, checks, headers) => {
          // The caller's policy (local/iam), as for every other AWS call. The runtime's own key names its
          // in-process caller in a header; a presigned URL fetched by a third party (EUM) carries none.
          const named = k === accessKeyId ? (typeof headers[PRINCIPAL_HEADER] === 'string' ? (headers[PRINCIPAL_HEADER] as string) : undefined) : principalForAccessKey(k);
          const denied = checkCalls(named, () => checks);
          if (denied) throw new S3Error('AccessDenied', denied.message, 403);
        },
      }),
  };
  const consoleModules = [
    consoleServerRoutes({ token: consoleToken, sfn, bus, dlq, archive, machinesDir, sandboxes: sandboxes.api, razorpayKey: secrets.raw }),
    consoleUiModule({ token: consoleToken, routes: () => [consoleUi] }),
  ];
  /** The console runs actions under its own trace actor, to tell which events each one caused. */
  function runAction(body: unknown, actor: string): Promise<JsonReply> {
    if (bundledAction) return withTrace({ actor }, () => bundledAction!(body));
    // In-process, the registry runs as the concern function the actions front would invoke (functions/actions/routes.ts).
    return withPrincipal(actionPrincipal(body), () => withTrace({ actor }, () => dispatchAction(body, { deps: wiring.getDeps(), now: () => new Date(), payments: () => paymentDeps(wiring.getDeps(), razorpayGateway), insights: () => insightsAdapters(wiring.getDeps()) })));
  }
  if (bundleInvoker) {
    // The ingress routes as deployed: API Gateway / SNS in front of the functions' bundles.
    const ingress = bundledIngress(bundleInvoker);
    app.webhookEum = (raw) => withTrace({ actor: 'POST /webhooks/eum' }, () => ingress.webhookEum(raw));
    app.webhookRazorpay = (raw, headers) => withTrace({ actor: 'POST /webhooks/razorpay' }, () => ingress.webhookRazorpay(raw, headers));
    app.action = (body) => withTrace({ actor: 'POST /actions' }, () => ingress.action(body));
    bundledAction = (body) => ingress.action(body);
  }
  appReady(app);
  if (pendingDeliveries.length) log(`${bus.resumePending(pendingDeliveries)} target delivery(ies) pending when the last process stopped: redelivering`);

  /** The first AccessDenied among a request's checks; a body that does not parse is left to the endpoint's own validation. */
  function checkCalls(principal: string | undefined, checks: () => { action: string; resource: string }[]): AccessDenied | undefined {
    let list: { action: string; resource: string }[];
    try {
      list = checks();
    } catch {
      return undefined;
    }
    try {
      for (const c of list) iam.authorize(principal, c.action, c.resource);
    } catch (err) {
      if (err instanceof AccessDenied) return err;
      throw err;
    }
    return undefined;
  }

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
    if (path === '/metrics') return { statusCode: 200, body: { metrics: metrics.list({ name: query.get('name') ?? undefined, service: query.get('service') ?? undefined }) } };
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
      if (!scheduleList.some((x) => x.name === name)) return { statusCode: 404, body: { error: `no schedule named ${cut(name)}; known: ${scheduleList.map((x) => x.name).join(', ') || 'none'}` } };
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
        iam.authorize(schedulePrincipal(name), ...targetCall(s.target));
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
  consoleUi = consoleUiRoutes({
    sfn, bus, trace, activity, machines, rules, schedules: scheduleList, schedulesOnTimers: options.schedules ?? timeScale >= 0.5, timeScale,
    dlq: () => dlq.list(), runAction, runSchedule,
  });

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
    consoleToken,
    iam,
    functionStats: () => bundleInvoker?.stats(),
    metrics,
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
      saveGrantUsage(iam, String(server.port));
      await bundleInvoker?.close();
      await server.close();
      stopPropagation();
      stopPrincipals();
      stopLogCapture();
      stopEumPrincipals();
      await Promise.all([files.flush(), outbox.flush()]);
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
  log(`up at ${url} (${memory ? 'in memory' : `data in ${dataDir}`}, ${bundles ? 'functions from their bundles, ' : ''}time ×${timeScale}, ${machines.length} state machine(s), ${rules.length} rule(s))`);
  return runtime;
}

/** The function an action request runs as: its concern's (the front itself for list_capabilities and bad requests). */
function actionPrincipal(body: unknown): string {
  const name = (body as { action?: unknown } | null)?.action;
  return typeof name === 'string' && Object.hasOwn(ACTION_CONCERN, name) ? concernFunction(ACTION_CONCERN[name]!) : 'actions';
}

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** Task parameters may name a bus or a function by name: IAM sees the ARN. */
function localArnOfTaskResource(action: string, resource: string): string {
  if (action === 'events:PutEvents') return localBusArn(resource);
  if (action === 'lambda:InvokeFunction' && !resource.startsWith('arn:')) return functionArn(resource);
  return resource;
}
