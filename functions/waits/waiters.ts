import type { Waiter, WaiterStore } from '../ports/waiters.js';
import { logger } from '../observability/logger.js';
import type { TaskTokenClient } from '../ports/task-tokens.js';

/**
 * Durable waits: an execution parks a task token under (kind, subject); whoever records the
 * subject's outcome resumes every parked token. Recording and resuming happen in the same
 * handler, after the write, and `register` checks the recorded state after parking — so
 * whichever of the two comes second sees the other, and a webhook that beats the wait is
 * never lost. `take` lets exactly one caller resume each token.
 */
export interface WaiterDeps {
  waiters: WaiterStore;
  tokens: TaskTokenClient;
}

/** What a parked token is resumed with: the same for every waiter, or shaped per waiter (e.g. its time left). */
export type ResumeOutput = unknown | ((waiter: Waiter) => unknown);

/** Looks up a subject's recorded outcome: the output to resume with, or undefined to keep waiting. */
export type OutcomeLookup = (subjectId: string, waiter: Waiter) => Promise<unknown | undefined>;

const outputFor = (output: ResumeOutput, waiter: Waiter): unknown => (typeof output === 'function' ? (output as (w: Waiter) => unknown)(waiter) : output);

export async function registerWaiter(
  input: { kind: string; subjectId: string; taskToken: string; executionId?: string; ttlSeconds: number; waitUntil?: number },
  lookup: OutcomeLookup,
  deps: WaiterDeps,
): Promise<'waiting' | 'resumed-at-once'> {
  const waiter: Waiter = {
    kind: input.kind,
    subjectId: input.subjectId,
    taskToken: input.taskToken,
    executionId: input.executionId,
    waitUntil: input.waitUntil,
    createdAt: new Date().toISOString(),
  };
  await deps.waiters.register(waiter, input.ttlSeconds);
  const outcome = await lookup(input.subjectId, waiter);
  if (outcome === undefined) return 'waiting';
  if (await deps.waiters.take(waiter)) await resumeOrRestore(waiter, outcome, deps);
  return 'resumed-at-once';
}

/**
 * An execution waits on one token at a time: drops what its earlier waits on (kind, subject) left
 * behind (a tick that timed out, a retried task), so only the token it is about to park can be resumed.
 */
export async function takeEarlierWaiters(kind: string, subjectId: string, executionId: string | undefined, deps: WaiterDeps): Promise<void> {
  if (!executionId) return;
  for (const w of await deps.waiters.list(kind, subjectId)) {
    if (w.executionId === executionId) await deps.waiters.take(w);
  }
}

/** Resumes every execution waiting on (kind, subject) with `output`. Returns how many it resumed. */
export async function resumeWaiters(kind: string, subjectId: string, output: ResumeOutput, deps: WaiterDeps): Promise<number> {
  let resumed = 0;
  for (const waiter of await deps.waiters.list(kind, subjectId)) {
    if (!(await deps.waiters.take(waiter))) continue;
    const result = await resumeOrRestore(waiter, outputFor(output, waiter), deps);
    if (result === 'resumed') resumed++;
    else logger.info('waiter already gone', { kind, subjectId, executionId: waiter.executionId });
  }
  return resumed;
}

/**
 * Resumes a taken waiter; if the resume call fails (throttled, AccessDenied, network), the row is
 * put back before the error propagates, so the caller's retry (or the next resumer) still finds it.
 */
async function resumeOrRestore(waiter: Waiter, output: unknown, deps: WaiterDeps): Promise<'resumed' | 'gone'> {
  try {
    return await deps.tokens.succeed(waiter.taskToken, output);
  } catch (err) {
    await deps.waiters.restore(waiter);
    throw err;
  }
}
