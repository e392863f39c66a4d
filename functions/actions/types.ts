import type { z } from 'zod';
import type { PaymentDeps } from '../domain/payments/service.js';
import type { InsightsAdapters } from '../wiring/insights.js';
import type { Deps } from '../wiring/shared.js';

export type CapabilityStatus = 'supported' | 'partial' | 'stub';

export interface ActionContext {
  deps: Deps;
  now: () => Date;
  /** The payment adapters, when the running function's wiring provides them (the payments concern, with Razorpay). */
  payments?: () => PaymentDeps;
  /** The quality and analytics adapters, when the running function's wiring provides them (the insights concern). */
  insights?: () => InsightsAdapters;
}

/** The insights adapters of the running function; fails naming the fix when its wiring gives none. */
export function insightsOf(ctx: ActionContext): InsightsAdapters {
  if (!ctx.insights) throw new Error('insights are not wired into this function: its handler passes them to concernHandler (see handlers/actions-insights.ts)');
  return ctx.insights();
}

/**
 * One action of the registry. `input` validates the whole request body (including `action`);
 * `run` returns a JSON-serializable result. Throw `ActionError` for expected failures.
 */
export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  status: CapabilityStatus;
  summary: string;
  /** What it needs to work: AWS permissions, provider setup, Meta-side configuration. */
  needs: string[];
  /** Present for partial/stub actions: how to do (the rest of) it in Meta's tools. */
  runbook?: string[];
  input: S;
  run(input: z.output<S>, ctx: ActionContext): Promise<unknown>;
}

export function defineAction<S extends z.ZodType>(def: ActionDefinition<S>): ActionDefinition<S> {
  return def;
}

export class ActionError extends Error {
  override readonly name = 'ActionError';
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
