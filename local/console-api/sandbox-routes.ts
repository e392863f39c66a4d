import { z } from 'zod';
import { faults, type FaultPlan } from '../faults/switch.js';
import { providerFaults } from '../faults/providers.js';
import type { CustomerSimulator } from '../sandboxes/customer.js';
import type { Sandboxes } from '../server/sandboxes-wiring.js';
import { conversation, conversations } from './conversations.js';
import { ApiError, decodeSegment, parseBody } from './http.js';

/**
 * `/console/api/sandbox/*`: the sandboxes' controls over HTTP (the console's simulated customer and
 * provider panels). Each answers what the control returns; bodies are checked with zod and a bad one
 * gets `{ error: 'ValidationError', message: '<field>: <rule>', field }`.
 */
export interface SandboxRouteDeps {
  sandboxes: Sandboxes;
  /** The runtime's Razorpay API key, for refunds (made through the sandbox's API as the SDK would). */
  razorpayKey: { keyId: string; keySecret: string };
}

type Handler = (params: string[], raw: Buffer) => Promise<unknown> | unknown;
interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

const text = (max = 4096) => z.string().min(1).max(max);
const rating = z.enum(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']);
const minorUnits = z.number().int().positive();
const replyTo = z.object({ replyTo: z.string().optional() });

export function sandboxRoutes(deps: SandboxRouteDeps): Route[] {
  const { sandboxes } = deps;
  const eum = () => sandboxes.eum;
  const rzp = () => sandboxes.razorpay;
  // One simulator per customer: each numbers its own wamids, so a new one per call would repeat them.
  const others = new Map<string, CustomerSimulator>();
  const customer = (waId: string, name?: string) => {
    if (!/^\d{6,15}$/.test(waId)) throw new ApiError(400, 'ValidationError', 'customer: a WhatsApp id (6 to 15 digits, no +)', 'customer');
    if (waId === sandboxes.customer.waId) return sandboxes.customer;
    let c = others.get(waId);
    if (!c) others.set(waId, (c = sandboxes.customer.other({ waId, name })));
    return c;
  };
  const pendingTemplate = (name: string, language?: string) => {
    const t = eum()
      .templates()
      .find((x) => x.name === name && (!language || x.language === language));
    if (!t) throw new ApiError(404, 'NotFound', `no template named ${name}${language ? ` (${language})` : ''} in the EUM sandbox`, 'name');
    if (t.status !== 'PENDING') throw new ApiError(409, 'NotPending', `template ${name} is ${t.status}, not PENDING`, 'name');
    return t;
  };

  return [
    {
      method: 'GET',
      pattern: /^\/state$/,
      handler: () => ({
        phoneNumber: eum().phoneNumber,
        templates: eum().templates(),
        flows: eum().flows(),
        links: rzp().links(),
        payments: rzp().payments(),
        refunds: rzp().refunds(),
        orders: rzp().orders(),
        faults: { aws: faults.enabled, counters: faults.counters() },
      }),
    },
    { method: 'GET', pattern: /^\/conversations$/, handler: () => ({ conversations: conversations(sandboxes) }) },
    { method: 'GET', pattern: /^\/conversations\/([^/]+)$/, handler: ([c]) => conversation(sandboxes, c!) },

    {
      method: 'GET',
      pattern: /^\/deliveries$/,
      handler: () => ({
        eum: eum()
          .deliveries()
          .map(({ entry, at, ok, error }) => ({ entry, at, ok, error })),
        razorpay: rzp().deliveries(),
      }),
    },
    {
      method: 'POST',
      pattern: /^\/eum\/entries$/,
      handler: async (_p, raw) => {
        // Any Meta webhook entry, posted now through SNS → /webhooks/eum (what deliverEntry does).
        const b = parseBody(
          raw,
          z.object({ entry: z.object({ id: z.string().min(1), changes: z.array(z.object({ field: z.string().min(1), value: z.unknown() })).min(1) }).loose() }),
        );
        await eum().deliverEntry(b.entry);
        return { delivered: true };
      },
    },

    // Templates
    {
      method: 'POST',
      pattern: /^\/templates$/,
      handler: (_p, raw) => {
        // A template "made in Business Manager": in the store without review or webhook (PENDING for approve/reject).
        const b = parseBody(
          raw,
          z.object({
            template: z
              .object({
                name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits and _'),
                language: z.string().min(2),
                category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
                components: z.array(z.record(z.string(), z.unknown())).min(1),
              })
              .loose(),
            status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED']).default('APPROVED'),
          }),
        );
        return { template: eum().createExternalTemplate(b.template, b.status) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/templates\/([^/]+)\/approve$/,
      handler: ([name], raw) => {
        const b = parseBody(raw, z.object({ language: z.string().optional() }));
        pendingTemplate(name!, b.language);
        return { template: eum().setTemplateStatus(name!, 'APPROVED', { language: b.language }) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/templates\/([^/]+)\/reject$/,
      handler: ([name], raw) => {
        const b = parseBody(raw, z.object({ reason: z.string().min(1).max(200).default('INVALID_FORMAT'), language: z.string().optional() }));
        pendingTemplate(name!, b.language);
        return { template: eum().setTemplateStatus(name!, 'REJECTED', { reason: b.reason, language: b.language }) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/templates\/([^/]+)\/status$/,
      handler: ([name], raw) => {
        const b = parseBody(
          raw,
          z.object({ status: z.enum(['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED']), reason: z.string().max(200).optional(), language: z.string().optional() }),
        );
        return { template: eum().setTemplateStatus(name!, b.status, { reason: b.reason, language: b.language }) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/templates\/([^/]+)\/quality$/,
      handler: ([name], raw) => {
        const b = parseBody(raw, z.object({ rating }));
        eum().triggerTemplateQuality({ templateName: name!, rating: b.rating });
        return { ok: true };
      },
    },
    {
      method: 'POST',
      pattern: /^\/review-plan$/,
      handler: (_p, raw) => {
        const b = parseBody(
          raw,
          z.object({
            outcome: z.enum(['APPROVED', 'REJECTED', 'SILENT', 'NO_WEBHOOK']),
            delayMs: z.number().int().min(0).max(86_400_000).optional(),
            reason: z.string().max(200).optional(),
            status: z.enum(['APPROVED', 'REJECTED']).optional(),
            category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']).optional(),
            templateName: z.string().min(1).optional(),
          }),
        );
        const { templateName, ...plan } = b;
        eum().setReviewPlan(plan, templateName);
        return { ok: true };
      },
    },

    // Phone and delivery
    {
      method: 'POST',
      pattern: /^\/phone\/quality$/,
      handler: (_p, raw) => {
        const b = parseBody(
          raw,
          z.object({ event: z.enum(['FLAGGED', 'UNFLAGGED', 'DOWNGRADE', 'UPGRADE', 'ONBOARDING']), currentLimit: z.string().optional(), rating: rating.optional() }),
        );
        eum().triggerPhoneQuality(b);
        return { phoneNumber: eum().phoneNumber };
      },
    },
    {
      method: 'POST',
      pattern: /^\/delivery-plan$/,
      handler: (_p, raw) => {
        const b = parseBody(
          raw,
          z.object({
            outcome: z.enum(['read', 'delivered', 'failed']),
            errorCode: z.number().int().positive().optional(),
            pricingCategory: z.string().optional(),
            stepDelayMs: z.number().int().min(0).max(3_600_000).optional(),
            to: z
              .string()
              .regex(/^\+?\d{6,15}$/, 'a phone number (digits, optional +)')
              .optional(),
          }),
        );
        const { to, ...plan } = b;
        eum().setDeliveryPlan(plan, to);
        return { ok: true };
      },
    },

    // Razorpay
    {
      method: 'POST',
      pattern: /^\/payment-links\/([^/]+)\/pay$/,
      handler: async ([id], raw) => {
        const b = parseBody(raw, z.object({ amount: minorUnits.optional(), method: z.string().optional() }));
        return { payment: await rzp().pay(id!, b) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/payment-links\/([^/]+)\/fail$/,
      handler: async ([id], raw) => {
        const b = parseBody(
          raw,
          z.object({ amount: minorUnits.optional(), method: z.string().optional(), errorCode: z.string().optional(), description: z.string().max(500).optional() }),
        );
        return { payment: await rzp().failPayment(id!, b) };
      },
    },
    { method: 'POST', pattern: /^\/payment-links\/([^/]+)\/expire$/, handler: async ([id]) => ({ link: await rzp().expire(id!) }) },
    { method: 'POST', pattern: /^\/payment-links\/([^/]+)\/cancel$/, handler: async ([id]) => ({ link: await rzp().cancel(id!) }) },
    {
      method: 'POST',
      pattern: /^\/payments\/([^/]+)\/refund$/,
      handler: async ([id], raw) => {
        const b = parseBody(raw, z.object({ amount: minorUnits.optional() }));
        return { refund: await refund(deps, id!, b.amount) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/razorpay\/webhook-loss$/,
      handler: (_p, raw) => {
        const b = parseBody(raw, z.object({ on: z.boolean() }));
        rzp().setWebhookLoss(b.on);
        return { webhookLoss: b.on };
      },
    },
    {
      method: 'POST',
      pattern: /^\/razorpay\/redeliver$/,
      handler: async (_p, raw) => {
        const b = parseBody(raw, z.object({ eventId: z.string().optional() }));
        return { redelivered: await rzp().redeliver(b.eventId) };
      },
    },

    // The simulated customer
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/text$/,
      handler: async ([waId], raw) => {
        const b = parseBody(raw, z.object({ text: text(), name: z.string().max(100).optional() }));
        return { wamid: await customer(waId!, b.name).sendText(b.text) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/button$/,
      handler: async ([waId], raw) => {
        const b = parseBody(raw, replyTo.extend({ id: text(256), title: text(20) }));
        return { wamid: await customer(waId!).tapButton(b.id, b.title, { replyTo: b.replyTo }) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/quick-reply$/,
      handler: async ([waId], raw) => {
        const b = parseBody(raw, replyTo.extend({ payload: text(256), text: text(256) }));
        return { wamid: await customer(waId!).tapTemplateQuickReply(b.payload, b.text, { replyTo: b.replyTo }) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/list$/,
      handler: async ([waId], raw) => {
        const b = parseBody(raw, replyTo.extend({ id: text(200), title: text(24), description: z.string().max(72).optional() }));
        return { wamid: await customer(waId!).pickListItem(b.id, b.title, b.description, { replyTo: b.replyTo }) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/flow$/,
      handler: async ([waId], raw) => {
        const b = parseBody(raw, replyTo.extend({ flowToken: text(512), response: z.record(z.string(), z.unknown()) }));
        return { wamid: await customer(waId!).completeFlow(b.flowToken, b.response, { replyTo: b.replyTo }) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/order$/,
      handler: async ([waId], raw) => {
        const b = parseBody(
          raw,
          z.object({
            catalogId: text(100),
            text: z.string().max(1000).optional(),
            items: z
              .array(z.object({ productRetailerId: text(100), quantity: z.number().int().positive(), itemPrice: z.number().nonnegative(), currency: z.string().length(3) }))
              .min(1)
              .max(100),
          }),
        );
        return { wamid: await customer(waId!).sendOrder(b) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/media$/,
      handler: async ([waId], raw) => {
        // The file travels base64 in the JSON body (the console reads it from a file input); the body limit (1 MB) bounds it.
        const b = parseBody(
          raw,
          z.object({
            kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
            dataBase64: z
              .string()
              .min(1)
              .max(1_000_000)
              .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
            mimeType: text(100),
            caption: z.string().max(1024).optional(),
            filename: z.string().max(240).optional(),
            voice: z.boolean().optional(),
          }),
        );
        const { dataBase64, ...media } = b;
        return { wamid: await customer(waId!).sendMedia({ ...media, bytes: Buffer.from(dataBase64, 'base64') }) };
      },
    },

    // Fault injection
    { method: 'GET', pattern: /^\/faults$/, handler: () => ({ aws: faults.enabled, counters: faults.counters(), providerCounters: providerFaults.counters() }) },
    {
      method: 'POST',
      pattern: /^\/faults$/,
      handler: (_p, raw) => {
        const rate = z.number().min(0).max(1);
        const b = parseBody(
          raw,
          z.object({
            /** The AWS stand-ins (local/faults/switch.ts): a plan, or null for off. */
            aws: z
              .object({
                dynamoWrites: z.object({ rate, kind: z.enum(['throttle', '5xx']).optional(), afterWriteShare: rate.optional() }).optional(),
                putEvents: z.object({ rate }).optional(),
                targets: z.object({ rate, only: z.array(z.string()).optional(), times: z.number().int().positive().optional() }).optional(),
                seed: z.number().int().optional(),
              })
              .nullable()
              .optional(),
            /** The EUM sandbox's own fault (setFault), or null for off. */
            eum: z
              .object({
                operation: z.string().optional(),
                error: z.enum([
                  'ValidationException',
                  'InvalidParametersException',
                  'LimitExceededException',
                  'AccessDeniedException',
                  'AccessDeniedByMetaException',
                  'ResourceNotFoundException',
                  'ThrottledRequestException',
                  'InternalServiceException',
                  'DependencyException',
                ]),
                rate: rate.optional(),
                times: z.number().int().positive().optional(),
                message: z.string().optional(),
              })
              .nullable()
              .optional(),
            /** Razorpay API faults (local/faults/providers.ts), or null for off. */
            razorpay: z
              .object({
                kind: z.enum(['5xx', 'timeout']),
                match: z.string().max(200).optional(),
                times: z.number().int().positive(),
                hangMs: z.number().int().min(0).max(60_000).optional(),
              })
              .nullable()
              .optional(),
          }),
        );
        if (b.aws === null) faults.disable();
        else if (b.aws) faults.enable(b.aws as FaultPlan);
        if (b.eum !== undefined) eum().setFault(b.eum ?? undefined);
        if (b.razorpay !== undefined) providerFaults.razorpay(b.razorpay ? { ...b.razorpay, match: b.razorpay.match ? safeRegExp(b.razorpay.match) : undefined } : undefined);
        return { aws: faults.enabled };
      },
    },
  ];
}

function safeRegExp(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new ApiError(400, 'ValidationError', `razorpay.match: not a regular expression (${(err as Error).message})`, 'razorpay.match');
  }
}

/** A refund through the sandbox's own API (Basic auth with the runtime's key), as the Razorpay SDK makes it. */
async function refund(deps: SandboxRouteDeps, paymentId: string, amount: number | undefined): Promise<unknown> {
  const base = deps.sandboxes.razorpay.baseUrl;
  const auth = Buffer.from(`${deps.razorpayKey.keyId}:${deps.razorpayKey.keySecret}`).toString('base64');
  const res = await fetch(`${base}/v1/payments/${encodeURIComponent(paymentId)}/refund`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify(amount === undefined ? {} : { amount }),
  });
  const body = (await res.json()) as { error?: { description?: string; field?: string } };
  if (!res.ok) throw new ApiError(res.status >= 500 ? 502 : 400, 'RazorpayError', body.error?.description ?? `Razorpay answered ${res.status}`, body.error?.field ?? undefined);
  return body;
}

/** Matches `path` (after /console/api/sandbox) and runs the control; undefined when no route matches. */
export async function runSandboxRoute(routes: Route[], method: string, path: string, raw: Buffer): Promise<{ found: boolean; body?: unknown }> {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params = m.slice(1).map((p) => decodeSegment(p, 'path'));
    try {
      return { found: true, body: await r.handler(params, raw) };
    } catch (err) {
      if (err instanceof ApiError) throw err;
      const message = (err as Error)?.message ?? String(err);
      // The sandbox module is missing or switched off (runtime started with sandboxes: false).
      if (/is not available/.test(message)) throw new ApiError(503, 'SandboxUnavailable', message);
      if (/^no |not found|does not exist/i.test(message)) throw new ApiError(404, 'NotFound', message);
      throw new ApiError(400, 'SandboxRefused', message);
    }
  }
  return { found: false };
}
