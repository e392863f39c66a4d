import './polyfills.js';
import { randomBytes } from 'node:crypto';
import { functionCatalog } from '../infra/function-catalog.js';
import { STATE_MACHINES_DIR } from '../state-machines/substitutions.js';
import { localSecrets } from './aws-endpoints/secrets.js';
import { captureLogLines } from './console-api/log-capture.js';
import { consoleUiRoutes } from './console-api/ui-routes.js';
import { localCredentialsFor } from './iam/credentials.js';
import { LOCAL_MEDIA_BUCKET_NAME } from './iam/local-arns.js';
import { propagatePrincipalTo, RUNTIME_PRINCIPAL } from './iam/principals.js';
import { applyEnvironment, functionEnvironment, localDeploymentOf } from './runtime/environment.js';
import { createEventBus } from './runtime/event-bus.js';
import { createServerApp, isLoopback, openFrontDoor } from './runtime/front-door.js';
import { importHandlerCode, startFunctions } from './runtime/functions.js';
import { runtimeHandle } from './runtime/handle.js';
import { createIam } from './runtime/iam.js';
import { startRuntimeSandboxes } from './runtime/sandboxes.js';
import { createSchedules } from './runtime/schedules.js';
import { shutdown } from './runtime/shutdown.js';
import { loadStateMachines, startStepFunctions } from './runtime/state-machines.js';
import { openStorage, TABLE_NAME } from './runtime/storage.js';
import type { Runtime, RuntimeOptions } from './runtime/types.js';
import { bundlesFromEnv } from './lambda/bundles-mode.js';
import { Activity } from './server/activity.js';
import { MetricsBoard } from './metrics/emf.js';
import { DEFAULT_DATA_DIR } from './server/paths.js';
import type { LocalStepFunctions } from './stepfunctions/engine.js';
import { propagateTraceTo, TraceStore } from './trace/trace.js';

export type { Runtime, RuntimeOptions } from './runtime/types.js';
export type { BusEventRecord } from './bus/types.js';
export type { ExecutionRecord, ExecutionSummary } from './stepfunctions/records.js';
export { SECRET_IDS } from './aws-endpoints/secrets.js';
export { executionNameFor } from './bus/targets.js';

/** The stack's media bucket, locally (objects in memory for the life of the process). */
export const LOCAL_MEDIA_BUCKET = LOCAL_MEDIA_BUCKET_NAME;

/**
 * The whole system in one process: the composition root of the local twin. Each step is one
 * module of local/runtime/; the order matters where a later part needs an earlier one (the
 * functions' environment needs the server's URL and the sandboxes' endpoints, the handler code is
 * imported only once that environment is set).
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  // Settings.
  const memory = options.memory ?? false;
  const timeScale = options.timeScale ?? 1;
  const dataDir = memory ? undefined : (options.dataDir ?? DEFAULT_DATA_DIR);
  const quiet = options.quiet ?? false;
  const log = quiet ? () => undefined : (msg: string) => console.log(`[runtime] ${msg}`);
  const apiToken = options.apiToken ?? process.env.LOCAL_API_TOKEN ?? undefined;
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !apiToken) throw new Error(`binding to ${host} needs a bearer token: set LOCAL_API_TOKEN`);
  // The handlers' key in this process: it may name the in-process caller (local/iam/principals.ts).
  // Beyond loopback the AWS endpoints only answer calls signed with keys the runtime issued.
  const credentials = localCredentialsFor(RUNTIME_PRINCIPAL);
  const consoleToken = apiToken ?? randomBytes(24).toString('base64url');
  const catalog = options.functionCatalog ?? functionCatalog;
  const rules = options.rules ?? (await import('../events/rules/index.js')).rules;
  const scheduleList = options.scheduleDefinitions ?? (await import('../events/schedules/index.js')).schedules;
  const machinesDir = options.stateMachinesDir ?? STATE_MACHINES_DIR;

  // Storage: archive, dead letters, outbox, DynamoDB, S3.
  const activity = new Activity();
  const trace = new TraceStore();
  const metrics = new MetricsBoard();
  const storage = await openStorage({ memory, dataDir });

  // Functions: in this process, or each from its bundle.
  const bundles = options.bundles ?? bundlesFromEnv();
  const functions = await startFunctions({ bundles, catalog, handlersDir: options.handlersDir, log, quiet, metrics });
  const { lambdas } = functions;
  const secrets = localSecrets();
  const iam = createIam({ catalog, rules, schedules: scheduleList, stateMachinesDir: options.stateMachinesDir, enabled: options.iam ?? true, log });

  // The bus and its rules (state-machine targets reach the engine built below).
  let sfn!: LocalStepFunctions;
  const bus = createEventBus({ rules, storage, memory, trace, activity, retry: options.targetRetry, log, iam, lambdas, stepFunctions: () => sfn });

  // The front door listens first: its URL is every AWS endpoint the functions and the engine call.
  let stopped = false;
  const frontDoor = await openFrontDoor({
    host,
    port: options.port ?? Number(process.env.PORT ?? 3000),
    apiToken: isLoopback(host) ? options.apiToken : apiToken,
    activity,
    log,
    draining: () => stopped,
  });
  const { server } = frontDoor;
  const url = server.url;
  const unhook = [propagateTraceTo(server.port), propagatePrincipalTo(server.port), captureLogLines(trace, metrics)];

  // State machines.
  const loaded = loadStateMachines(machinesDir);
  const machines = loaded.machines;
  const engine = await startStepFunctions({ machines, loadErrors: loaded.errors, memory, timeScale, storage, activity, trace, lambdas, bus, iam, url, credentials, log });
  sfn = engine.sfn;

  // Sandboxes first (their endpoints go into the env), then the env, then the handler code.
  const { sandboxes, stopEumPrincipals } = await startRuntimeSandboxes({
    enabled: options.sandboxes ?? true,
    runtimeUrl: url,
    timeScale,
    memory,
    eum: options.eum,
    razorpay: options.razorpay,
    s3: storage.s3,
    secrets: secrets.raw,
    iam,
    log,
  });
  unhook.push(stopEumPrincipals);
  const env = functionEnvironment({ url, credentials, sandboxes, machines });
  functions.deploy(localDeploymentOf(env, machines, sandboxes));
  const restoreEnvironment = applyEnvironment(env, quiet);
  const handlers = await importHandlerCode();

  // Schedules, then what the front door answers.
  const schedules = createSchedules({ list: scheduleList, timeScale, iam, lambdas, sfn, activity, log });
  const served = createServerApp({
    host,
    accessKeyId: credentials.accessKeyId,
    consoleToken,
    handlers,
    iam,
    bus,
    sfn,
    secrets,
    dynamo: storage.dynamo,
    s3: storage.s3,
    dlq: storage.dlq,
    archive: storage.archive,
    trace,
    metrics,
    activity,
    lambdas,
    bundleInvoker: functions.bundleInvoker,
    machinesDir,
    sandboxes: sandboxes.api,
    schedules,
    ruleCount: rules.length,
  });
  frontDoor.serve(served.app);
  if (storage.pendingDeliveries.length) log(`${bus.resumePending(storage.pendingDeliveries)} target delivery(ies) pending when the last process stopped: redelivering`);

  // Timers and the console's views last: they watch everything above.
  const schedulesOnTimers = options.schedules ?? timeScale >= 0.5;
  if (schedulesOnTimers) schedules.scheduler.start();
  served.showConsoleUi(
    consoleUiRoutes({
      sfn,
      bus,
      trace,
      activity,
      machines,
      rules,
      schedules: scheduleList,
      schedulesOnTimers,
      timeScale,
      dlq: () => storage.dlq.list(),
      runAction: served.runAction,
      runSchedule: schedules.run,
    }),
  );

  const runtime = runtimeHandle({
    url,
    port: server.port,
    dataDir,
    timeScale,
    bus,
    sfn,
    activity,
    sandboxes,
    action: async (body) => served.app.action(body),
    runSchedule: schedules.run,
    trace: (eventId) => trace.get(eventId),
    dlq: () => storage.dlq.list(),
    consoleToken,
    iam,
    functionStats: () => functions.bundleInvoker?.stats(),
    metrics,
    dynamo: storage.dynamo.client,
    s3: storage.s3,
    tableName: TABLE_NAME,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await shutdown({
        scheduler: schedules.scheduler,
        sandboxes,
        activity,
        sfn,
        iam,
        server,
        functions,
        unhook,
        storage,
        engineDynamo: engine.engineDynamo,
        restoreEnvironment,
        resetHandlers: handlers.resetLiveWiring,
        log,
      });
    },
  });
  log(
    `up at ${url} (${memory ? 'in memory' : `data in ${dataDir}`}, ${bundles ? 'functions from their bundles, ' : ''}time ×${timeScale}, ${machines.length} state machine(s), ${rules.length} rule(s))`,
  );
  return runtime;
}
