import { DEFAULT_GRACE_SECONDS } from '../../domain/payments/timers.js';
import { templatesFromEnv } from '../../domain/payments/messages.js';
import { notifyCustomer } from '../../messaging/notify-payment.js';
import { resumeOutput, WAITER_KIND, type PaymentDeps } from '../../domain/payments/service.js';
import { resumeWaiters } from '../../waits/waiters.js';
import { getDeps, type Deps } from '../../wiring/shared.js';
import { DynamoPaymentStore } from '../dynamodb/payment-store.js';
import type { Waiter } from '../../ports/waiters.js';
import { EumWhatsAppSender } from '../eum/messages.js';
import { SfnExecutionStarter } from '../stepfunctions/execution-starter.js';
import type { PaymentGateway } from '../../ports/payments.js';

let cached: PaymentDeps | undefined;
let cachedFor: Deps | undefined;
let makeGateway: ((base: Deps) => PaymentGateway) | undefined;

/**
 * Wires the Razorpay SDK in. Only the functions that call Razorpay import it (through
 * `live-payment-deps.ts`): the SDK with axios is most of a bundle, and the lifecycle's other
 * tasks (waiter, outcome, messages, webhook recording) never call Razorpay.
 */
export function setGatewayFactory(factory: (base: Deps) => PaymentGateway): void {
  makeGateway = factory;
  cached = undefined;
}

/** Fails loudly if a function without Razorpay wiring reaches for the gateway. */
const unwiredGateway = new Proxy({} as PaymentGateway, {
  get: (_t, method) => () => {
    throw new Error(`Razorpay is not wired into this function (gateway.${String(method)}): import getPaymentDeps from adapters/razorpay/live-payment-deps.js`);
  },
});

/** The payments adapters, built from the environment only (same code on Lambda and locally). */
export function getPaymentDeps(base: Deps = getDeps()): PaymentDeps {
  // Rebuilt when the shared adapters are (a new runtime, a test's setDeps).
  if (cached && cachedFor === base) return cached;
  const sender = new EumWhatsAppSender();
  const defaultTemplates = templatesFromEnv();
  const grace = Number(process.env.PAYMENT_RECONCILE_GRACE_SECONDS);
  const now = () => new Date();
  cached = {
    store: new DynamoPaymentStore(base.db, base.tableName),
    gateway: makeGateway ? makeGateway(base) : unwiredGateway,
    starter: new SfnExecutionStarter('payment-lifecycle'),
    notify: (kind, p, extra) => notifyCustomer(kind, p, { sender, messages: base.messages, publisher: base.publisher, identities: base.identities, defaultTemplates }, extra),
    // Each waiting execution learns what is left of its own clock (see register-payment-waiter).
    resume: (linkId, snapshot) => resumeWaiters(WAITER_KIND, linkId, (w: Waiter) => resumeOutput(snapshot, w.waitUntil, now()), base),
    now,
    graceSeconds: Number.isFinite(grace) && grace >= 0 ? grace : DEFAULT_GRACE_SECONDS,
  };
  cachedFor = base;
  return cached;
}

/** For tests: replace (or reset with undefined) the payment adapters. */
export function setPaymentDeps(deps: PaymentDeps | undefined, base?: Deps): void {
  cached = deps;
  cachedFor = deps ? (base ?? getDeps()) : undefined;
}
