import { decodeTrace, encodeTrace, type TraceContext } from '../trace/trace.js';

/**
 * The twin's trace context inside a function's process: carried the way Lambda carries X-Ray's,
 * in `_X_AMZN_TRACE_ID`, which the AWS SDK forwards as the `X-Amzn-Trace-Id` header.
 */
export const AMZN_TRACE_HEADER = 'x-amzn-trace-id';

export function lambdaTraceId(ctx: TraceContext | undefined): string | undefined {
  return ctx ? `Root=1-00000000-000000000000000000000000;Sampled=0;Local=${encodeTrace(ctx)}` : undefined;
}

export function traceFromAmznHeader(header: string | string[] | undefined): TraceContext | undefined {
  if (typeof header !== 'string') return undefined;
  const local = header.split(';').find((p) => p.startsWith('Local='));
  return local ? decodeTrace(local.slice('Local='.length)) : undefined;
}
