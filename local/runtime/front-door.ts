import { ACTION_CONCERN, concernFunction } from '../../functions/actions/routes.js';
import { handleAwsJson } from '../aws-endpoints/json-protocol.js';
import { handleS3, S3Error, type LocalS3Store } from '../aws-endpoints/s3.js';
import { SECRET_IDS, type localSecrets } from '../aws-endpoints/secrets.js';
import type { LocalBus } from '../bus/bus.js';
import { functionArn, functionNameOf, type FunctionInvoker } from '../bus/lambda-invoker.js';
import { consoleUiModule } from '../console-api/mount.js';
import { consoleServerRoutes } from '../console-api/server-routes.js';
import type { ConsoleRoute } from '../console-api/ui-routes.js';
import type { DeadLetterQueue } from '../dlq/dlq.js';
import { proxyDynamo, type LocalDynamo } from '../dynamo/dynamo.js';
import { identifyCaller } from '../iam/caller.js';
import { principalForAccessKey, secretForAccessKey } from '../iam/credentials.js';
import type { IamEnforcer } from '../iam/enforcer.js';
import { PRINCIPAL_HEADER, withPrincipal } from '../iam/principals.js';
import { awsJsonChecks, dynamoChecks } from '../iam/requests.js';
import { bundledIngress, type createBundleInvoker } from '../lambda/bundles-mode.js';
import { invokeFunction } from '../lambda/invoke-endpoint.js';
import type { MetricsBoard } from '../metrics/emf.js';
import type { Activity } from '../server/activity.js';
import { startHttpServer, type JsonReply, type RunningServer, type ServerApp } from '../server/http-server.js';
import type { Sandboxes } from '../server/sandboxes-wiring.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import { withTrace, type TraceStore } from '../trace/trace.js';
import type { EventArchive } from '../bus/archive.js';
import type { HandlerCode } from './functions.js';
import { firstDenial } from './iam.js';
import { operatorRoutes } from './operator-routes.js';
import type { RuntimeSchedules } from './schedules.js';

export const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/**
 * The HTTP server, listening before the rest exists (the functions' AWS endpoints are its URL):
 * requests wait until `serve(app)` hands it what answers them.
 */
export async function openFrontDoor(opts: {
  host: string;
  port: number;
  apiToken: string | undefined;
  activity: Activity;
  log: (msg: string) => void;
  draining: () => boolean;
}): Promise<{ server: RunningServer; serve(app: ServerApp): void }> {
  let app: ServerApp | undefined;
  let appReady!: (a: ServerApp) => void;
  const ready = new Promise<ServerApp>((r) => (appReady = r));
  const server = await startHttpServer(
    {
      webhookEum: async (raw) => (await ready).webhookEum(raw),
      webhookRazorpay: async (raw, h) => (await ready).webhookRazorpay(raw, h),
      action: async (b) => (await ready).action(b),
      awsJson: async (t, raw, ctx, principal) => (await ready).awsJson(t, raw, ctx, principal),
      dynamo: async (op, raw, h, res, ctx, principal) => (await ready).dynamo(op, raw, h, res, ctx, principal),
      read: async (p, q) => (await ready).read(p, q),
      post: async (p, b) => (await ready).post(p, b),
      lambdaInvoke: async (n, raw, ctx, principal) => (await ready).lambdaInvoke!(n, raw, ctx, principal),
      modules: () => app?.modules?.() ?? [],
      s3: async (req, res, u) => (await ready).s3!(req, res, u),
    },
    {
      host: opts.host,
      port: opts.port,
      apiToken: opts.apiToken,
      // On loopback too an unsigned call (a page in a browser) gets nothing, not even the local secrets (local/iam/caller.ts).
      awsCaller: (req, u, raw) =>
        identifyCaller({ method: req.method ?? 'POST', path: u.pathname, query: u.searchParams, headers: req.headers, body: raw }, { requireIssuedKey: !isLoopback(opts.host) }),
      activity: opts.activity,
      log: opts.log,
      draining: opts.draining,
    },
  );
  return {
    server,
    serve: (a) => {
      app = a;
      appReady(a);
    },
  };
}

export interface FrontDoorDeps {
  host: string;
  /** The runtime's own access key: calls signed with it name their in-process caller in a header. */
  accessKeyId: string;
  consoleToken: string;
  handlers: HandlerCode;
  iam: IamEnforcer;
  bus: LocalBus;
  sfn: LocalStepFunctions;
  secrets: ReturnType<typeof localSecrets>;
  dynamo: LocalDynamo;
  s3: LocalS3Store;
  dlq: DeadLetterQueue;
  archive: EventArchive;
  trace: TraceStore;
  metrics: MetricsBoard;
  activity: Activity;
  lambdas: FunctionInvoker;
  bundleInvoker: ReturnType<typeof createBundleInvoker> | undefined;
  machinesDir: string;
  sandboxes: Sandboxes;
  schedules: RuntimeSchedules;
  ruleCount: number;
}

/**
 * What the server answers: the webhooks and actions (each run as the function that serves it on
 * AWS, or through the bundles), the AWS endpoints (every call checked against its caller's policy),
 * the operator's read and post routes, and the console.
 */
export function createServerApp(d: FrontDoorDeps): { app: ServerApp; runAction: (body: unknown, actor: string) => Promise<JsonReply>; showConsoleUi(route: ConsoleRoute): void } {
  const { handlers, iam, bus, sfn } = d;
  const { wiring } = handlers;
  const operator = operatorRoutes({ sfn, bus, trace: d.trace, metrics: d.metrics, dlq: d.dlq, activity: d.activity, schedules: d.schedules, ruleCount: d.ruleCount });
  const checkCalls = (principal: string | undefined, checks: () => { action: string; resource: string }[]) => firstDenial(iam, principal, checks);
  // Set once the schedules run (the runtime's last step); until then console-ui's routes answer 404.
  let consoleUi: ConsoleRoute = async () => undefined;
  let bundledAction: ((body: unknown) => Promise<JsonReply>) | undefined;
  const app: ServerApp = {
    // Each HTTP entry runs as the function that serves it on AWS.
    webhookEum: (raw) =>
      withPrincipal('ingest-eum', () =>
        withTrace({ actor: 'POST /webhooks/eum' }, () => handlers.asFunction('ingest-eum', () => handlers.ingestEumHttp(raw, wiring.getDeps()))),
      ) as Promise<JsonReply>,
    webhookRazorpay: (raw, headers) =>
      withPrincipal('ingest-razorpay', () =>
        withTrace({ actor: 'POST /webhooks/razorpay' }, () => {
          const deps = wiring.getDeps();
          return handlers.asFunction('ingest-razorpay', () =>
            handlers.ingestRazorpayWebhook({ headers, rawBody: raw }, { ...deps, webhookSecret: () => deps.secrets.get(SECRET_IDS.razorpayWebhook) }),
          );
        }),
      ),
    action: (body) => runAction(body, 'POST /actions'),
    awsJson: async (target, raw, ctx, principal) => {
      const denied = checkCalls(principal, () => awsJsonChecks(target, JSON.parse(raw || '{}')));
      if (denied) return { statusCode: 400, body: { __type: 'AccessDeniedException', message: denied.message }, headers: { 'x-amzn-errortype': 'AccessDeniedException' } };
      return withTrace(ctx ?? { actor: 'aws-sdk' }, () => handleAwsJson(target, raw, { bus, sfn, secrets: d.secrets }, ctx));
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
      return proxyDynamo(d.dynamo.endpoint, op, raw, headers, res, { store: d.trace, ctx });
    },
    read: async (path, query) => operator.read(path, query),
    post: async (path, body) => operator.post(path, body as Record<string, any>),
    lambdaInvoke: async (name, raw, ctx, principal) => {
      const denied = checkCalls(principal, () => [{ action: 'lambda:InvokeFunction', resource: functionArn(functionNameOf(name)) }]);
      if (denied) return { statusCode: 403, body: { Message: denied.message }, headers: { 'x-amzn-errortype': 'AccessDeniedException' } };
      return withTrace(ctx ?? { actor: 'aws-sdk' }, () => invokeFunction(d.lambdas, name, raw));
    },
    modules: () => consoleModules,
    s3: (req, res, u) =>
      handleS3(req, res, u, {
        store: d.s3,
        secretFor: (k) => secretForAccessKey(k),
        requireIssuedKey: !isLoopback(d.host),
        authorize: (k, checks, headers) => {
          // The caller's policy (local/iam), as for every other AWS call. The runtime's own key names its
          // in-process caller in a header; a presigned URL fetched by a third party (EUM) carries none.
          const named = k === d.accessKeyId ? (typeof headers[PRINCIPAL_HEADER] === 'string' ? (headers[PRINCIPAL_HEADER] as string) : undefined) : principalForAccessKey(k);
          const denied = checkCalls(named, () => checks);
          if (denied) throw new S3Error('AccessDenied', denied.message, 403);
        },
      }),
  };
  const consoleModules = [
    consoleServerRoutes({ token: d.consoleToken, sfn, bus, dlq: d.dlq, archive: d.archive, machinesDir: d.machinesDir, sandboxes: d.sandboxes, razorpayKey: d.secrets.raw }),
    consoleUiModule({ token: d.consoleToken, routes: () => [consoleUi] }),
  ];
  /** The console runs actions under its own trace actor, to tell which events each one caused. */
  function runAction(body: unknown, actor: string): Promise<JsonReply> {
    if (bundledAction) return withTrace({ actor }, () => bundledAction!(body));
    // In-process, the registry runs as the concern function the actions front would invoke (functions/actions/routes.ts).
    return withPrincipal(actionPrincipal(body), () => withTrace({ actor }, () => handlers.dispatchAction(body, handlers.inProcessActionContext())));
  }
  if (d.bundleInvoker) {
    // The ingress routes as deployed: API Gateway / SNS in front of the functions' bundles.
    const ingress = bundledIngress(d.bundleInvoker);
    app.webhookEum = (raw) => withTrace({ actor: 'POST /webhooks/eum' }, () => ingress.webhookEum(raw));
    app.webhookRazorpay = (raw, headers) => withTrace({ actor: 'POST /webhooks/razorpay' }, () => ingress.webhookRazorpay(raw, headers));
    app.action = (body) => withTrace({ actor: 'POST /actions' }, () => ingress.action(body));
    bundledAction = (body) => ingress.action(body);
  }

  return {
    app,
    runAction,
    showConsoleUi: (route) => {
      consoleUi = route;
    },
  };
}

/** The function an action request runs as: its concern's (the front itself for list_capabilities and bad requests). */
function actionPrincipal(body: unknown): string {
  const name = (body as { action?: unknown } | null)?.action;
  return typeof name === 'string' && Object.hasOwn(ACTION_CONCERN, name) ? concernFunction(ACTION_CONCERN[name]!) : 'actions';
}
