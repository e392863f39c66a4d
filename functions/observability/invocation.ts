import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The Lambda invocation in progress: which function, which request, whether it is the first of its
 * execution environment. Kept per async context (not on the shared Logger/Metrics), so the local
 * runtime, which runs every function in one process and many invocations at once, never mixes them.
 */
export interface Invocation {
  /** The handler's name in infra/function-catalog.ts (`ingest-eum`). */
  functionName: string;
  /** Powertools' service: one per function, as the stack sets POWERTOOLS_SERVICE_NAME. */
  service: string;
  requestId?: string;
  coldStart: boolean;
}

const current = new AsyncLocalStorage<Invocation>();

export const currentInvocation = (): Invocation | undefined => current.getStore();

export const runInvocation = <T>(invocation: Invocation, fn: () => T): T => current.run(invocation, fn);

/** The service name of a function: the one definition for the stack's POWERTOOLS_SERVICE_NAME and the wrapper. */
export const serviceNameOf = (functionName: string): string => `eum-social-${functionName}`;

/** Used when POWERTOOLS_METRICS_NAMESPACE is not set (the local runtime, tests); the stack sets its stack's name. */
export const DEFAULT_METRICS_NAMESPACE = 'eum-social';
