import { DEFAULT_GRACE_SECONDS } from '../domain/payments/timers.js';
import { templatesFromEnv } from '../domain/payments/messages.js';
import { resumeOutput, WAITER_KIND, type PaymentDeps } from '../domain/payments/service.js';
import { DynamoPaymentListing } from '../adapters/dynamodb/payment-listing.js';
import { DynamoPaymentListingBackfill } from '../adapters/dynamodb/payment-listing-backfill.js';
import { DynamoPaymentStore } from '../adapters/dynamodb/payment-store.js';
import { EumWhatsAppSender } from '../adapters/eum/messages.js';
import { SfnExecutionStarter } from '../adapters/stepfunctions/execution-starter.js';
import { notifyCustomer } from '../messaging/notify-payment.js';
import type { PaymentGateway, PaymentListing, PaymentListingBackfill } from '../ports/payments.js';
import type { Waiter } from '../ports/waiters.js';
import { resumeWaiters } from '../waits/waiters.js';
import { getDeps, type Deps } from './shared.js';

/** Builds the Razorpay gateway from the shared adapters (wiring/razorpay.ts). */
export type GatewayFactory = (base: Deps) => PaymentGateway;

/**
 * What a function gets when its wiring passes no gateway: every call fails, naming the fix. The
 * same in a test, in the local runtime and on Lambda, because each function's wiring is in its
 * own handler file and nothing registers a gateway for the whole process.
 */
export const noGateway: GatewayFactory = () =>
  new Proxy({} as PaymentGateway, {
    get: (_t, method) => () => {
      throw new Error(`Razorpay is not wired into this function (gateway.${String(method)}): pass razorpayGateway (wiring/razorpay.js) to paymentDeps in its handler file`);
    },
  });

const built = new WeakMap<Deps, Map<GatewayFactory, PaymentDeps>>();

/**
 * The payments composition root: the adapters of the payment lifecycle, built from the
 * environment (same code on Lambda and locally) once per set of shared adapters and gateway.
 */
export function paymentDeps(base: Deps = getDeps(), gateway: GatewayFactory = noGateway): PaymentDeps {
  let byGateway = built.get(base);
  if (!byGateway) built.set(base, (byGateway = new Map()));
  const cached = byGateway.get(gateway);
  if (cached) return cached;
  const sender = new EumWhatsAppSender();
  const defaultTemplates = templatesFromEnv();
  const grace = Number(process.env.PAYMENT_RECONCILE_GRACE_SECONDS);
  const now = () => new Date();
  const deps: PaymentDeps = {
    store: new DynamoPaymentStore(base.db, base.tableName),
    gateway: gateway(base),
    starter: new SfnExecutionStarter('payment-lifecycle'),
    notify: (kind, p, extra) => notifyCustomer(kind, p, { sender, messages: base.messages, publisher: base.publisher, identities: base.identities, defaultTemplates }, extra),
    // Each waiting execution learns what is left of its own clock (see register-payment-waiter).
    resume: (linkId, snapshot) => resumeWaiters(WAITER_KIND, linkId, (w: Waiter) => resumeOutput(snapshot, w.waitUntil, now()), base),
    now,
    graceSeconds: Number.isFinite(grace) && grace >= 0 ? grace : DEFAULT_GRACE_SECONDS,
  };
  byGateway.set(gateway, deps);
  return deps;
}

/** list_payments' read of payment requests (the operator views), on the shared table. */
export const paymentListing = (base: Deps = getDeps()): PaymentListing => new DynamoPaymentListing(base.db, base.tableName);

/** backfill_payment_listing's upgrade step (the month key of older payment records), on the shared table. */
export const paymentListingBackfill = (base: Deps = getDeps()): PaymentListingBackfill => new DynamoPaymentListingBackfill(base.db, base.tableName);
