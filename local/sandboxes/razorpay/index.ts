import { listen, type SandboxRequest, type SandboxResponse } from '../shared/http.js';
import { IdFactory, SandboxScheduler } from '../shared/scheduler.js';
import { errorBody, noSuchId, RazorpayApiError, unauthorized } from './errors.js';
import { RazorpayStore, type Entity } from './store.js';
import { RazorpayWebhooks, type RazorpayDelivery } from './webhooks.js';
import { withRazorpayFaults } from '../../faults/providers.js';

export type { Entity as RazorpayEntity, RazorpayDelivery };

/** Razorpay entities as the controls return them (typed where callers read; every other field kept). */
export interface PaymentLinkEntity extends Record<string, unknown> {
  id: string;
  status: string;
  amount: number;
  amount_paid: number;
  currency: string;
  reference_id: string;
  short_url: string;
  accept_partial: boolean;
  expire_by: number;
  order_id?: string;
}
export interface PaymentEntity extends Record<string, unknown> {
  id: string;
  status: string;
  amount: number;
  currency: string;
  method: string;
  order_id: string;
  amount_refunded: number;
}
export interface RefundEntity extends Record<string, unknown> {
  id: string;
  payment_id: string;
  amount: number;
  status: string;
  receipt: string | null;
}

/**
 * Razorpay sandbox: the REST API the official `razorpay` SDK (2.9.8) calls — payment links,
 * payments, orders, refunds under /v1 with Basic auth (key id / key secret) — plus the
 * customer's side (pay, fail, expire) as controls, and webhooks in Razorpay's envelope signed
 * with the webhook secret, delivered at least once with a unique X-Razorpay-Event-Id.
 */
export interface RazorpaySandboxOptions {
  deliverWebhook: (rawBody: string, headers: Record<string, string>) => Promise<void>;
  webhookSecret: string;
  keyId: string;
  keySecret: string;
  /** Multiplies every simulated delay. Default 1. */
  timeScale?: number;
  /** Expire links by themselves at expire_by (scaled by timeScale). Default false: call expire(id). */
  autoExpire?: boolean;
  seed?: string;
  now?: () => Date;
  log?: (msg: string) => void;
}

export interface RazorpaySandbox {
  baseUrl: string;
  links(): PaymentLinkEntity[];
  /** The customer pays (partial when amount < due and the link accepts partial payments). Resolves with the payment entity. */
  pay(paymentLinkId: string, opts?: { amount?: number; method?: string }): Promise<PaymentEntity>;
  /** A failed attempt: payment.failed; the link stays payable. */
  failPayment(paymentLinkId: string, opts?: { amount?: number; method?: string; errorCode?: string; description?: string }): Promise<PaymentEntity>;
  /** Razorpay's expiry: payment_link.expired (idempotent for an already expired link). */
  expire(paymentLinkId: string): Promise<PaymentLinkEntity>;
  /** Same as POST /v1/payment_links/:id/cancel. */
  cancel(paymentLinkId: string): Promise<PaymentLinkEntity>;
  /** While on, webhooks are recorded as `lost` and not sent (redeliver sends them later). */
  setWebhookLoss(on: boolean): void;
  /** Re-sends byte-identical: one delivery by event id, or every lost/failed one. */
  redeliver(eventId?: string): Promise<RazorpayDelivery[]>;
  deliveries(): RazorpayDelivery[];
  payments(): PaymentEntity[];
  refunds(): RefundEntity[];
  orders(): Entity[];
  pending(): number;
  close(): Promise<void>;
}

const clone = <T>(v: T): T => structuredClone(v);

export async function startRazorpaySandbox(opts: RazorpaySandboxOptions): Promise<RazorpaySandbox> {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  const ids = new IdFactory(opts.seed ?? 'razorpay-sandbox');
  const scheduler = new SandboxScheduler(opts.timeScale ?? 1, (err) => log(`razorpay sandbox: ${String(err)}`));
  const accountId = `acc_${ids.base62('account')}`;
  const webhooks = new RazorpayWebhooks(opts.deliverWebhook, opts.webhookSecret, accountId, ids, scheduler, now);
  const store = new RazorpayStore(ids, webhooks, now, {
    autoExpire: opts.autoExpire ?? false,
    schedule: (delayMs, job, background) => scheduler.after(delayMs, job, undefined, background),
    stepDelayMs: 50,
    accountId,
  });

  const authorize = (header: string | undefined) => {
    const m = /^Basic (.+)$/i.exec(header ?? '');
    if (!m) throw unauthorized('Please provide your api key for authentication purposes.');
    const [keyId, ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    if (keyId !== opts.keyId) throw unauthorized('The api key provided is invalid');
    if (rest.join(':') !== opts.keySecret) throw unauthorized('Authentication failed');
  };
  const collection = (items: Entity[], q: URLSearchParams) => {
    const count = Math.min(Number(q.get('count') ?? 10) || 10, 100);
    const skip = Number(q.get('skip') ?? 0) || 0;
    const page = items.slice(skip, skip + count);
    return { entity: 'collection', count: page.length, items: page };
  };

  const routes: [string, RegExp, (m: RegExpExecArray, q: URLSearchParams, b: Record<string, unknown>) => unknown][] = [
    ['POST', /^\/v1\/payment_links$/, (_m, _q, b) => store.createLink(b)],
    ['GET', /^\/v1\/payment_links$/, (_m, q) => store.listLinks(q)],
    ['GET', /^\/v1\/payment_links\/([^/]+)$/, (m) => store.link(m[1]!)],
    ['POST', /^\/v1\/payment_links\/([^/]+)\/cancel$/, (m) => store.cancel(m[1]!)],
    ['GET', /^\/v1\/payments\/([^/]+)$/, (m) => store.payment(m[1]!)],
    ['POST', /^\/v1\/payments\/([^/]+)\/refund$/, (m, _q, b) => store.refund(m[1]!, b)],
    ['GET', /^\/v1\/payments\/([^/]+)\/refunds$/, (m, q) => collection(store.refundsOf(m[1]!), q)],
    [
      'GET',
      /^\/v1\/payments\/([^/]+)\/refunds\/([^/]+)$/,
      (m) => {
        const r = store.refund_(m[2]!);
        if (r.payment_id !== m[1]) throw noSuchId();
        return r;
      },
    ],
    ['GET', /^\/v1\/refunds$/, (_m, q) => collection([...store.refunds.values()].reverse(), q)],
    ['GET', /^\/v1\/refunds\/([^/]+)$/, (m) => store.refund_(m[1]!)],
    [
      'GET',
      /^\/v1\/orders\/([^/]+)$/,
      (m) => {
        const o = store.orders.get(m[1]!);
        if (!o) throw noSuchId();
        return o;
      },
    ],
    [
      'GET',
      /^\/v1\/orders\/([^/]+)\/payments$/,
      (m, q) => {
        if (!store.orders.has(m[1]!)) throw noSuchId();
        return collection(
          [...store.payments.values()].filter((p) => p.order_id === m[1]),
          q,
        );
      },
    ],
  ];

  const handle = (req: SandboxRequest): SandboxResponse => {
    try {
      authorize(req.headers.authorization);
      const path = req.path.replace(/\/+$/, '');
      for (const [method, pattern, fn] of routes) {
        const m = pattern.exec(path);
        if (m && method === req.method) {
          let body: Record<string, unknown> = {};
          if (req.rawBody) {
            try {
              body = JSON.parse(req.rawBody) as Record<string, unknown>;
            } catch {
              throw new RazorpayApiError(400, 'The request body is not valid JSON', null);
            }
          }
          return { status: 200, body: fn(m, req.query, body) };
        }
      }
      return errorBody(new RazorpayApiError(400, 'The requested URL was not found on the server.', null, 'BAD_REQUEST_ERROR', 'NA', 'NA', 'NA'));
    } catch (err) {
      if (err instanceof RazorpayApiError) return errorBody(err);
      throw err;
    }
  };

  const server = await listen(withRazorpayFaults(handle), (err) => {
    // local/faults/providers: off unless a test switches it on
    log(`razorpay sandbox crashed on a request: ${String(err)}`);
    return errorBody(
      new RazorpayApiError(500, 'We are facing some trouble completing your request at the moment. Please try again shortly.', null, 'SERVER_ERROR', 'NA', 'NA', 'NA'),
    );
  });

  let closed = false;
  return {
    baseUrl: server.url,
    links: () => [...store.links.values()].map(clone) as PaymentLinkEntity[],
    pay: async (id, o) => clone(store.pay(id, o)) as PaymentEntity,
    failPayment: async (id, o) => clone(store.failPayment(id, o)) as PaymentEntity,
    expire: async (id) => clone(store.expire(id)) as PaymentLinkEntity,
    cancel: async (id) => clone(store.cancel(id)) as PaymentLinkEntity,
    setWebhookLoss: (on) => void (webhooks.loss = on),
    redeliver: (eventId) => webhooks.redeliver(eventId),
    deliveries: () => webhooks.log.map((d) => ({ ...d, headers: { ...d.headers } })),
    payments: () => [...store.payments.values()].map(clone) as PaymentEntity[],
    refunds: () => [...store.refunds.values()].map(clone) as RefundEntity[],
    orders: () => [...store.orders.values()].map(clone),
    pending: () => scheduler.pending(),
    close: async () => {
      if (closed) return;
      closed = true;
      store.close();
      scheduler.close();
      await server.close();
    },
  };
}
