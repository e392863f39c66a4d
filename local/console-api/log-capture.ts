import type { MetricsBoard } from '../metrics/emf.js';
import { currentTrace, type TraceStore } from '../trace/trace.js';

const MAX_LINE = 2000;
const MAX_LINES_PER_EVENT = 200;

/**
 * Copies what handlers write to stdout/stderr (Powertools' JSON lines, console.log) into the trace of
 * the event being processed, as `log` steps, so a journey shows each invocation's log lines. The
 * output still goes to the terminal unchanged, except the metrics' EMF lines: `metrics` counts them
 * (GET /metrics) and they reach the terminal only at POWERTOOLS_LOG_LEVEL=DEBUG. Returns the
 * function that undoes it.
 */
export function captureLogLines(trace: TraceStore, metrics?: MetricsBoard): () => void {
  const counts = new Map<string, number>();
  const wrap = (stream: NodeJS.WriteStream, name: 'stdout' | 'stderr') => {
    const original = stream.write;
    const patched = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const ctx = currentTrace();
      if (ctx?.eventId && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        const seen = counts.get(ctx.eventId) ?? 0;
        if (seen < MAX_LINES_PER_EVENT) {
          for (const line of String(chunk).split('\n')) {
            if (!line.trim()) continue;
            counts.set(ctx.eventId, (counts.get(ctx.eventId) ?? 0) + 1);
            trace.record(ctx.eventId, 'log', { actor: ctx.actor, stream: name, line: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line });
          }
        }
        if (counts.size > 20_000) counts.clear();
      }
      if (metrics && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        const text = String(chunk);
        const kept = text.split('\n').filter((line) => !metrics.take(line));
        if (kept.length !== text.split('\n').length && process.env.POWERTOOLS_LOG_LEVEL !== 'DEBUG') {
          const remaining = kept.join('\n');
          if (!remaining.trim()) {
            // Nothing else in the chunk: still call back as a write would.
            const cb = rest.find((r) => typeof r === 'function') as ((e?: Error | null) => void) | undefined;
            cb?.();
            return true;
          }
          return (original as (...a: unknown[]) => boolean).call(this, remaining, ...rest);
        }
      }
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    };
    stream.write = patched as typeof stream.write;
    return () => {
      if (stream.write === patched) stream.write = original;
    };
  };
  const undo = [wrap(process.stdout, 'stdout'), wrap(process.stderr, 'stderr')];
  return () => undo.forEach((u) => u());
}
