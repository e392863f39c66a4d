import type { Context } from 'aws-lambda';
import { runInvocation, serviceNameOf, type Invocation } from './invocation.js';
import { correlationOf, logger, withCorrelation } from './logger.js';
import { flushMetrics, metricsFor, safely } from './metrics.js';
import { tracer } from './tracer.js';

/**
 * A Lambda handler with Powertools around it, as Powertools' own examples instrument by hand:
 * the Logger gets the Lambda context (cold_start, function_request_id) and the event's correlation
 * keys; Metrics captures the cold start and publishes what the invocation stored as EMF when it
 * ends, errors included; Tracer opens a `## <function>` subsegment annotated with the cold start and
 * the service (a no-op off Lambda). `measure` turns the result into metrics (a workflow's outcome);
 * the result itself is returned unchanged.
 */
export function instrumented<E, R>(
  functionName: string,
  handler: (event: E, context?: Context) => Promise<R>,
  measure?: (result: R, event: E) => void,
): (event: E, context?: Context) => Promise<R> {
  const service = serviceNameOf(functionName);
  let coldStart = true;
  return (event: E, context?: Context) => {
    const invocation: Invocation = { functionName, service, requestId: context?.awsRequestId, coldStart };
    coldStart = false;
    if (context?.awsRequestId) logger.addContext(context);
    return runInvocation(invocation, () =>
      withCorrelation(correlationOf(event), async () => {
        if (invocation.coldStart) safely(() => metricsFor(service).captureColdStartMetric(functionName));
        const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
        const subsegment = segment?.addNewSubsegment(`## ${functionName}`);
        if (subsegment) {
          tracer.setSegment(subsegment);
          tracer.annotateColdStart();
          tracer.addServiceNameAnnotation();
          const id = correlationOf(event).correlationId;
          if (id) tracer.putAnnotation('correlationId', id);
        }
        try {
          const result = await handler(event, context);
          if (measure) safely(() => measure(result, event));
          return result;
        } catch (err) {
          tracer.addErrorAsMetadata(err as Error);
          throw err;
        } finally {
          safely(() => flushMetrics(service));
          if (segment && subsegment) {
            subsegment.close();
            tracer.setSegment(segment);
          }
        }
      }),
    );
  };
}

/**
 * Runs `fn` as an invocation of `functionName` without a Lambda around it: the local runtime's
 * in-process webhook routes call the ingress code directly, and its metrics still count as the
 * function's.
 */
export async function asFunction<T>(functionName: string, fn: () => Promise<T>): Promise<T> {
  const service = serviceNameOf(functionName);
  return runInvocation({ functionName, service, coldStart: false }, async () => {
    try {
      return await fn();
    } finally {
      safely(() => flushMetrics(service));
    }
  });
}
