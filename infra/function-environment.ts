import { functionNameEnv } from '../functions/config/function-names.js';
import { DEFAULT_METRICS_NAMESPACE, serviceNameOf } from '../functions/observability/invocation.js';
import { PAYMENT_MESSAGE_KINDS, paymentTemplateEnvName } from '../functions/domain/payments/messages.js';
import { EnvNames } from '../functions/config/environment.js';
import { stateMachineEnvName } from '../state-machines/substitutions.js';
import type { FunctionSpec } from './function-catalog.js';

/**
 * The environment variables one function is given, from its catalogue entry: the one definition
 * the stack (infra/constructs/functions.ts, with CloudFormation references) and the twin's bundles
 * mode (local/lambda/, with local names) both use, so a handler that reads a variable its function
 * is not given fails locally as on AWS.
 */
export interface EnvironmentRefs {
  tableName: string;
  busName: string;
  razorpayWebhookSecretId: string;
  razorpayApiSecretId: string;
  /** Every state machine name (ASL file name). */
  stateMachines: string[];
  stateMachineArn: (machine: string) => string;
  /** The deployed name of a function this one invokes (catalogue `invokes`). */
  functionName: (name: string) => string;
  /** Deployment settings every function gets (the stack's `-c` context values). */
  deployment: Record<string, string>;
  /** The media bucket's name (MEDIA_BUCKET, for functions granted media:read). */
  mediaBucket: string;
  /** CloudWatch namespace of the functions' EMF metrics (the stack's name; default eum-social). */
  metricsNamespace?: string;
}

export function functionEnvironment(spec: FunctionSpec, refs: EnvironmentRefs): Record<string, string> {
  const starts = spec.grants.includes('sfn:start') || spec.grants.includes('sfn:read') ? refs.stateMachines : [];
  return {
    [EnvNames.table]: refs.tableName,
    [EnvNames.bus]: refs.busName,
    // Powertools: one service per function, one metrics namespace per stack (functions/observability/).
    POWERTOOLS_SERVICE_NAME: serviceNameOf(spec.name),
    POWERTOOLS_METRICS_NAMESPACE: refs.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
    ...(spec.grants.includes('secret:razorpay-webhook') ? { [EnvNames.razorpayWebhookSecretId]: refs.razorpayWebhookSecretId } : {}),
    ...(spec.grants.includes('secret:razorpay-api') ? { [EnvNames.razorpayApiSecretId]: refs.razorpayApiSecretId } : {}),
    ...(spec.grants.includes('media:read') ? { MEDIA_BUCKET: refs.mediaBucket } : {}),
    ...Object.fromEntries(starts.map((m) => [stateMachineEnvName(m), refs.stateMachineArn(m)])),
    ...Object.fromEntries((spec.invokes ?? []).map((f) => [functionNameEnv(f), refs.functionName(f)])),
    ...refs.deployment,
  };
}

/** Memory and timeout as the stack sets them (the catalogue's values or these defaults). */
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_TIMEOUT_SECONDS = 15;
export const memoryOf = (spec: FunctionSpec): number => spec.memoryMb ?? DEFAULT_MEMORY_MB;
export const timeoutOf = (spec: FunctionSpec): number => spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;

/**
 * Deployment settings the stack passes to every function (infra/stack.ts, from `-c` context). The
 * twin's bundles mode reads them from its own process environment at each invoke, so changing one
 * is a configuration update: new execution environments pick it up.
 */
export const DEPLOYMENT_SETTING_NAMES: readonly string[] = [
  'ORDER_TO_PAYMENT',
  'EUM_WABA_ID',
  'PAYMENT_ORIGINATION_PHONE_NUMBER_ID',
  ...PAYMENT_MESSAGE_KINDS.map(paymentTemplateEnvName),
];
