import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger, LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { currentInvocation } from './invocation.js';

/**
 * Correlation keys of the work in progress (the domain event's id from webhook to rule target, the
 * execution id in state machine tasks). Kept per async context, not on the shared logger, so
 * concurrent invocations in one process (the local runtime) never mix their ids.
 */
const correlation = new AsyncLocalStorage<Record<string, string>>();

class CorrelatedLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    // The invocation's own values first: the Lambda context the logger was last given may be another
    // concurrent invocation's in the local runtime (one process, every function).
    const invocation = currentInvocation();
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: invocation?.service ?? attributes.serviceName,
        cold_start: invocation ? invocation.coldStart : attributes.lambdaContext?.coldStart,
        function_name: invocation?.functionName ?? attributes.lambdaContext?.functionName,
        function_request_id: invocation ? invocation.requestId : attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
        ...correlation.getStore(),
      },
    }).addAttributes(additional);
  }
}

/** One structured logger; the service name comes from POWERTOOLS_SERVICE_NAME when set. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'eum-social', logFormatter: new CorrelatedLogFormatter() });

/** Runs `fn` with these correlation keys on every log line it writes (nested calls add keys). */
export function withCorrelation<T>(keys: Record<string, string | undefined>, fn: () => T): T {
  const defined = Object.fromEntries(Object.entries(keys).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  return correlation.run({ ...correlation.getStore(), ...defined }, fn);
}

/** The correlation keys an incoming event carries: a domain event's id, an execution's id, an SNS message id. */
export function correlationOf(event: unknown): Record<string, string | undefined> {
  const e = (event ?? {}) as { detail?: { eventId?: unknown }; executionId?: unknown; Records?: { Sns?: { MessageId?: unknown } }[] };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    correlationId: str(e.detail?.eventId) ?? str(e.executionId) ?? str(e.Records?.[0]?.Sns?.MessageId),
    executionId: str(e.executionId),
  };
}

/** Wraps a Lambda handler so every log line of one invocation carries its correlation keys. */
export function correlated<E, R>(handler: (event: E) => Promise<R>): (event: E) => Promise<R> {
  return (event: E) => withCorrelation(correlationOf(event), () => handler(event));
}
