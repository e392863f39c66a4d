import { LOCAL_MEDIA_BUCKET_NAME } from '../iam/local-arns.js';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BUS_NAME } from '../../events/names.js';
import { functionCatalog, type FunctionSpec } from '../../infra/function-catalog.js';
import { DEPLOYMENT_SETTING_NAMES, functionEnvironment } from '../../infra/function-environment.js';
import { unwrapSnsHttpBody } from '../../functions/domain/ingest/normalize-eum.js';
import { SECRET_IDS } from '../aws-endpoints/secrets.js';
import { DEFAULT_HANDLERS_DIR, LambdaFunctionError } from '../bus/lambda-invoker.js';
import { localCredentialsFor } from '../iam/credentials.js';
import type { JsonReply } from '../server/http-server.js';
import { stateMachineArn } from '../stepfunctions/arns.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BundleInvoker } from './bundle-invoker.js';
import { bundleFunctions } from './bundle-cache.js';

/** `npm start -- --bundles`, `startRuntime({ bundles: true })`, or LOCAL_BUNDLES=1 (the CI's bundles run). */
export const bundlesFromEnv = (): boolean => /^(1|true|on)$/i.test(process.env.LOCAL_BUNDLES ?? '');

export interface LocalDeployment {
  tableName: string;
  stateMachines: string[];
  /** The runtime's endpoints and local-only settings (AWS_ENDPOINT_URL_*, RAZORPAY_API_BASE_URL, the sandbox's WABA id). */
  endpoints: Record<string, string>;
  /** Deployment settings the runtime decided (the sandbox WABA id); the process environment's own values win. */
  deploymentDefaults: Record<string, string>;
}

/**
 * The environment of one function's process: exactly what the stack gives it
 * (infra/function-environment.ts, with local names), plus only the local endpoints, the region and
 * that function's own credentials.
 */
export function localFunctionEnvironment(spec: FunctionSpec, d: LocalDeployment): Record<string, string> {
  const deployment: Record<string, string> = { ...d.deploymentDefaults };
  for (const name of DEPLOYMENT_SETTING_NAMES) {
    const v = process.env[name];
    if (v !== undefined) deployment[name] = v;
  }
  const creds = localCredentialsFor(spec.name);
  return {
    ...functionEnvironment(spec, {
      tableName: d.tableName,
      busName: BUS_NAME,
      razorpayWebhookSecretId: SECRET_IDS.razorpayWebhook,
      razorpayApiSecretId: SECRET_IDS.razorpayApi,
      stateMachines: d.stateMachines,
      stateMachineArn,
      functionName: (f) => f,
      deployment,
      mediaBucket: LOCAL_MEDIA_BUCKET_NAME,
    }),
    ...d.endpoints,
    // The local S3 is path style on the runtime's port.
    ...(spec.grants.includes('media:read') ? { MEDIA_S3_FORCE_PATH_STYLE: 'true' } : {}),
    // Metrics on (the twin reads the EMF lines, local/metrics/); no X-Ray daemon here: Tracer stays a no-op.
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_TRACE_ENABLED: 'false',
    AWS_REGION: 'local',
    AWS_DEFAULT_REGION: 'local',
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
  };
}

export function createBundleInvoker(opts: {
  catalog: FunctionSpec[];
  handlersDir?: string | string[];
  deployment: () => LocalDeployment;
  log: (line: string) => void;
  quiet: boolean;
  metricsLine?: (line: string) => boolean;
}): BundleInvoker {
  const dirs = opts.handlersDir === undefined ? [DEFAULT_HANDLERS_DIR] : Array.isArray(opts.handlersDir) ? opts.handlersDir : [opts.handlersDir];
  return new BundleInvoker({
    catalog: opts.catalog,
    handlerDirs: dirs,
    environmentFor: (spec) => localFunctionEnvironment(spec, opts.deployment()),
    log: opts.quiet ? undefined : (l) => opts.log(`[lambda] ${l}`),
    quiet: opts.quiet,
    metricsLine: opts.metricsLine,
  });
}

/** API Gateway (HTTP API, payload 2.0) in front of a function, as the stack's Ingress routes. */
function httpEvent(routeKey: string, rawBody: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ') as [string, string];
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...lowerKeys(headers) },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? 'local' },
      requestId: `local-${now.getTime().toString(36)}`,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: rawBody,
    isBase64Encoded: false,
  };
}

const lowerKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

/** A function's HTTP answer as API Gateway returns it; a function error is API Gateway's 500. */
async function viaHttp(invoker: BundleInvoker, fn: string, routeKey: string, rawBody: string, headers: Record<string, string> = {}): Promise<JsonReply> {
  let out: { statusCode?: number; body?: string };
  try {
    out = (await invoker.invoke(fn, httpEvent(routeKey, rawBody, headers))) as typeof out;
  } catch (err) {
    if (err instanceof LambdaFunctionError)
      return { statusCode: 500, body: { message: 'Internal Server Error', function: fn, errorType: err.errorType, errorMessage: err.errorMessage } };
    throw err;
  }
  let body: unknown = out?.body ?? null;
  try {
    body = typeof out?.body === 'string' ? JSON.parse(out.body) : body;
  } catch {
    // not JSON: passed on as text
  }
  return { statusCode: out?.statusCode ?? 200, body };
}

/** The ingress routes served by the functions' bundles (`POST /actions`, the two webhooks). */
export function bundledIngress(invoker: BundleInvoker) {
  return {
    action: (body: unknown) => viaHttp(invoker, 'actions', 'POST /actions', JSON.stringify(body)),
    webhookRazorpay: (raw: string, headers: Record<string, string>) => viaHttp(invoker, 'ingest-razorpay', 'POST /webhooks/razorpay', raw, headers),
    /**
     * The SNS side of the EUM ingress: the HTTPS notification is unwrapped here (SNS's job) and its
     * message delivered to `ingest-eum` as SNS delivers to a subscribed function.
     */
    webhookEum: async (raw: string): Promise<JsonReply> => {
      let message = raw;
      let malformed: string | undefined;
      try {
        const unwrapped = unwrapSnsHttpBody(raw);
        if (unwrapped.snsType && unwrapped.snsType !== 'Notification') return { statusCode: 200, body: { ignored: `SNS ${unwrapped.snsType} message` } };
        message = unwrapped.message;
      } catch (err) {
        malformed = (err as Error).message;
      }
      const record = {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:local:000000000000:eum-social-events:local',
        Sns: {
          Type: 'Notification',
          MessageId: `local-${Date.now().toString(36)}`,
          TopicArn: 'arn:aws:sns:local:000000000000:eum-social-events',
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      };
      try {
        await invoker.invoke('ingest-eum', { Records: [record] });
      } catch (err) {
        if (err instanceof LambdaFunctionError) return { statusCode: 503, body: { error: `ingest-eum failed; retry (${err.errorType}: ${err.errorMessage})` } };
        throw err;
      }
      // ingest-eum keeps a payload it cannot read (and succeeds): the HTTP ingress still says it was bad.
      return malformed ? { statusCode: 400, body: { error: malformed } } : { statusCode: 200, body: { delivered: 'ingest-eum' } };
    },
  };
}

/** Every catalogued function's bundle, built (or taken from `.bundles/`) before the runtime serves; progress on stderr. */
export async function prebuildBundles(handlersDir: string | string[] | undefined): Promise<void> {
  const dirs = handlersDir === undefined ? [DEFAULT_HANDLERS_DIR] : Array.isArray(handlersDir) ? handlersDir : [handlersDir];
  const entries = functionCatalog.flatMap((spec) => {
    const entry = dirs.map((d) => join(d, `${spec.name}.ts`)).find((f) => existsSync(f));
    return entry ? [{ name: spec.name, entry }] : [];
  });
  await bundleFunctions(entries, { log: (l) => process.stderr.write(`[bundles] ${l}\n`) });
}
