import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RuleDefinition } from '../../events/rules/types.js';
import type { ScheduleDefinition } from '../../events/schedules/types.js';
import type { FunctionSpec } from '../../infra/function-catalog.js';
import type { LocalS3Store } from '../aws-endpoints/s3.js';
import type { LocalBus, RetryPolicy } from '../bus/bus.js';
import type { BusEventRecord } from '../bus/types.js';
import type { DeadLetter } from '../dlq/dlq.js';
import type { IamEnforcer } from '../iam/enforcer.js';
import type { FunctionStats } from '../lambda/bundle-invoker.js';
import type { MetricsBoard } from '../metrics/emf.js';
import type { Sandboxes } from '../server/sandboxes-wiring.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import type { ExecutionRecord, ExecutionSummary } from '../stepfunctions/records.js';
import type { TraceStore } from '../trace/trace.js';

/** What `startRuntime` takes, and the running runtime it hands back (local/runtime.ts). */
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
