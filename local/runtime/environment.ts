import { BUS_NAME } from '../../events/names.js';
import { functionNameEnv } from '../../functions/config/function-names.js';
import { functionCatalog } from '../../infra/function-catalog.js';
import { SECRET_IDS } from '../aws-endpoints/secrets.js';
import { LOCAL_MEDIA_BUCKET_NAME } from '../iam/local-arns.js';
import type { LocalDeployment } from '../lambda/bundles-mode.js';
import type { StartedSandboxes } from '../server/sandboxes-wiring.js';
import { stateMachineArn, stateMachineEnvName } from '../stepfunctions/arns.js';
import { TABLE_NAME } from './storage.js';

const MEDIA_BUCKET_ENV = 'MEDIA_BUCKET';

/**
 * The environment the functions see, as CDK sets it on AWS, with every AWS endpoint pointed at
 * the runtime and EUM / Razorpay at their sandboxes.
 */
export function functionEnvironment(opts: {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  sandboxes: StartedSandboxes;
  machines: { name: string }[];
}): Record<string, string> {
  const { url, sandboxes } = opts;
  const env: Record<string, string> = {
    TABLE_NAME,
    EVENT_BUS_NAME: BUS_NAME,
    RAZORPAY_WEBHOOK_SECRET_ID: SECRET_IDS.razorpayWebhook,
    RAZORPAY_API_SECRET_ID: SECRET_IDS.razorpayApi,
    AWS_REGION: 'local',
    AWS_DEFAULT_REGION: 'local',
    AWS_ACCESS_KEY_ID: opts.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: opts.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    AWS_ENDPOINT_URL_SFN: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_S3: url,
    MEDIA_S3_FORCE_PATH_STYLE: 'true',
    [MEDIA_BUCKET_ENV]: LOCAL_MEDIA_BUCKET_NAME,
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
  for (const m of opts.machines) env[stateMachineEnvName(m.name)] = stateMachineArn(m.name);
  for (const callee of functionCatalog.flatMap((s) => s.invokes ?? [])) env[functionNameEnv(callee)] = callee;
  return env;
}

/** Bundles mode: what each bundle's own environment is built from (local/lambda/bundles-mode.ts). */
export function localDeploymentOf(env: Record<string, string>, machines: { name: string }[], sandboxes: StartedSandboxes): LocalDeployment {
  return {
    tableName: TABLE_NAME,
    stateMachines: machines.map((m) => m.name),
    endpoints: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('AWS_ENDPOINT_URL_') || k === 'RAZORPAY_API_BASE_URL')),
    deploymentDefaults: sandboxes.wabaId ? { EUM_WABA_ID: sandboxes.wabaId } : {},
  };
}

/**
 * Sets the environment on this process (the in-process functions read it) and returns what puts
 * the process back as it was — unless a newer runtime has set its own values since.
 */
export function applyEnvironment(env: Record<string, string>, quiet: boolean): () => void {
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const previousEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  if (quiet && !process.env.POWERTOOLS_LOG_LEVEL) process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  return () => {
    for (const [k, v] of Object.entries(env)) {
      if (process.env[k] !== v) continue;
      if (previousEnv[k] === undefined) delete process.env[k];
      else process.env[k] = previousEnv[k];
    }
  };
}
