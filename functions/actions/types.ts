import type { z } from 'zod';
import type { PaymentDeps } from '../domain/payments/service.js';
import type { SendDeps } from '../messaging/send-message.js';
import type { PaymentListing, PaymentListingBackfill } from '../ports/payments.js';
import type { InsightsAdapters } from '../wiring/insights.js';
import type { MediaAdapters } from '../wiring/media.js';
import type { MessagingAdapters } from '../wiring/messaging.js';
import type { Deps } from '../wiring/shared.js';
import type { TemplateActionAdapters } from '../wiring/templates.js';

export type CapabilityStatus = 'supported' | 'partial' | 'stub';

/**
 * What an action runs with. Beyond the shared adapters, each concern's adapters come from the
 * running function's wiring (its handler file, functions/handlers/actions-*.ts), as getters so a
 * request refused by validation builds none; an action reads them through `xOf(ctx)` below.
 */
export interface ActionContext {
  deps: Deps;
  now: () => Date;
  /** EUM sending, Flows, phone numbers and the template catalogue lookup (the messaging and flows concerns). */
  messaging?: () => MessagingAdapters;
  /** The media bucket and EUM's media API (sends with media, template header handles). */
  media?: () => MediaAdapters;
  /** The template catalogue, EUM's template API, the approval machine and the sync (the templates concern). */
  templates?: () => TemplateActionAdapters;
  /** The payment adapters (the payments concern, with Razorpay). */
  payments?: () => PaymentDeps;
  /** list_payments' read of payment requests (the payments concern). */
  paymentListing?: () => PaymentListing;
  /** backfill_payment_listing's upgrade step (the payments concern). */
  paymentListingBackfill?: () => PaymentListingBackfill;
  /** The quality and analytics stores, EUM's phone numbers, the message listing (the insights concern). */
  insights?: () => InsightsAdapters;
}

type Concern = Exclude<keyof ActionContext, 'deps' | 'now'>;

/** Which handler file wires each concern: the fix when a function lacks one. */
const WIRED_IN: Record<Concern, string> = {
  messaging: 'handlers/actions-messaging.ts, actions-flows.ts',
  media: 'handlers/actions-messaging.ts, actions-templates.ts',
  templates: 'handlers/actions-templates.ts',
  payments: 'handlers/actions-payments.ts',
  paymentListing: 'handlers/actions-payments.ts',
  paymentListingBackfill: 'handlers/actions-payments.ts',
  insights: 'handlers/actions-insights.ts',
};

/** The running function's adapters of one concern; fails naming the fix when its wiring gives none. */
function wired<C extends Concern>(ctx: ActionContext, concern: C): ReturnType<NonNullable<ActionContext[C]>> {
  const get = ctx[concern] as (() => ReturnType<NonNullable<ActionContext[C]>>) | undefined;
  if (!get) throw new Error(`${concern} is not wired into this function: its handler passes it to concernHandler (see ${WIRED_IN[concern]})`);
  return get();
}

export const messagingOf = (ctx: ActionContext) => wired(ctx, 'messaging');
export const mediaOf = (ctx: ActionContext) => wired(ctx, 'media');
export const templatesOf = (ctx: ActionContext) => wired(ctx, 'templates');
export const paymentsOf = (ctx: ActionContext) => wired(ctx, 'payments');
export const paymentListingOf = (ctx: ActionContext) => wired(ctx, 'paymentListing');
export const paymentListingBackfillOf = (ctx: ActionContext) => wired(ctx, 'paymentListingBackfill');
export const insightsOf = (ctx: ActionContext) => wired(ctx, 'insights');

/** What a send needs: EUM's sender from the function's wiring, the shared message store, bus and identities. */
export const sendDeps = (ctx: ActionContext): SendDeps => ({
  sender: messagingOf(ctx).sender,
  messages: ctx.deps.messages,
  publisher: ctx.deps.publisher,
  identities: ctx.deps.identities,
  now: ctx.now,
});

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
