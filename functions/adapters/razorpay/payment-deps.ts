import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DEFAULT_GRACE_SECONDS } from '../../domain/payments/timers.js';
import { notifyCustomer, templatesFromEnv } from '../../domain/payments/notify.js';
import type { LifecycleStarter } from '../../domain/payments/ports.js';
import { WAITER_KIND, type PaymentDeps } from '../../domain/payments/service.js';
import { resumeWaiters } from '../../workflows/waiters.js';
import { EnvNames, getDeps, requireEnv, type Deps } from '../../wiring.js';
import { DynamoPaymentStore } from '../dynamodb/payment-store.js';
import { EumWhatsAppSender } from '../eum/messages.js';
import { RazorpayGateway } from './client.js';

export const LIFECYCLE_ARN_ENV = 'STATE_MACHINE_ARN_PAYMENT_LIFECYCLE';

/** StartExecution with a name derived from the payment: a second start is "already exists", i.e. done. */
export class SfnLifecycleStarter implements LifecycleStarter {
  constructor(
    private readonly stateMachineArn: string,
    private readonly client = new SFNClient({}),
  ) {}

  async start(name: string, input: unknown) {
    try {
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
      return { started: true, executionArn: out.executionArn };
    } catch (err) {
      if ((err as { name?: string }).name === 'ExecutionAlreadyExists') return { started: false };
      throw err;
    }
  }
}

let cached: PaymentDeps | undefined;
let cachedFor: Deps | undefined;

/** The payments adapters, built from the environment only (same code on Lambda and locally). */
export function getPaymentDeps(base: Deps = getDeps()): PaymentDeps {
  // Rebuilt when the shared adapters are (a new runtime, a test's setDeps).
  if (cached && cachedFor === base) return cached;
  const sender = new EumWhatsAppSender();
  const defaultTemplates = templatesFromEnv();
  const grace = Number(process.env.PAYMENT_RECONCILE_GRACE_SECONDS);
  cached = {
    store: new DynamoPaymentStore(base.db, base.tableName),
    gateway: new RazorpayGateway(base.secrets, requireEnv(EnvNames.razorpayApiSecretId)),
    starter: new SfnLifecycleStarter(process.env[LIFECYCLE_ARN_ENV] ?? ''),
    notify: (kind, p, extra) => notifyCustomer(kind, p, { sender, messages: base.messages, publisher: base.publisher, defaultTemplates }, extra),
    resume: (linkId, snapshot) => resumeWaiters(WAITER_KIND, linkId, snapshot, base),
    now: () => new Date(),
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
