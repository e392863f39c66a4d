/**
 * aws-local-stepfunctions computes Wait durations, Task timeouts and Retry intervals itself and
 * hands them straight to `setTimeout`, synchronously after it reads our override hooks. So the
 * runtime "arms" a one-shot scaling of the very next `setTimeout` call in the same synchronous
 * turn (disarmed by a microtask if none comes): the library's own semantics (SecondsPath,
 * TimestampPath, States.Timeout…) stay intact, only the clock runs faster.
 */
const realSetTimeout = globalThis.setTimeout;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ArmedTimer {
  scale: number;
  /** Called with the scaled delay when the timer is set. */
  onSet?: (ms: number) => void;
  /** Called just before the callback runs. */
  onFire?: () => void;
}

export function scaleNextTimer(armed: ArmedTimer): void {
  const patched = function (this: unknown, callback: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) {
    globalThis.setTimeout = realSetTimeout;
    // setTimeout fires at once beyond 2^31-1 ms: clamp (24.8 days of scaled time is "never" locally)
    const scaled = Math.min(MAX_TIMER_MS, Math.max(0, Math.round((ms ?? 0) * armed.scale)));
    armed.onSet?.(scaled);
    return realSetTimeout(
      (...a: unknown[]) => {
        armed.onFire?.();
        callback(...a);
      },
      scaled,
      ...args,
    );
  } as unknown as typeof setTimeout;
  globalThis.setTimeout = patched;
  queueMicrotask(() => {
    if (globalThis.setTimeout === patched) globalThis.setTimeout = realSetTimeout;
  });
}

export const unscaledSetTimeout = realSetTimeout;
