export interface Waiter {
  kind: string;
  subjectId: string;
  taskToken: string;
  executionId?: string;
  createdAt: string;
  /** When the execution stops waiting by itself (epoch seconds): resumers tell it how long is left. */
  waitUntil?: number;
}

/**
 * Task tokens of executions waiting for something about a subject (a template, a payment link…).
 * `take` removes a waiter for exactly one caller, so only that caller resumes its token.
 */
export interface WaiterStore {
  register(w: Waiter, ttlSeconds: number): Promise<void>;
  /** Puts back a waiter that was taken but could not be resumed, with its original expiry. */
  restore(w: Waiter): Promise<void>;
  list(kind: string, subjectId: string): Promise<Waiter[]>;
  /** Removes the waiter; true only for the one caller that removed it. */
  take(w: Waiter): Promise<boolean>;
}
