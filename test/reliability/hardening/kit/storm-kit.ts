import { createHmac } from 'node:crypto';
import { seeded } from '../../../../local/sandboxes/shared/random.js';
import { snsNotification } from '../../../../local/sandboxes/shared/sns.js';

/**
 * Building blocks of the hardening storms: a seeded random source, EUM/Razorpay webhook bodies
 * (documented shapes: EUM's SNS event-destination body around a Meta `entry`; Razorpay's
 * `payment_link.*` event), duplication + shuffling within windows, and a bounded-concurrency sender.
 */

export interface PhoneIds {
  metaWabaId: string;
  metaPhoneNumberId: string;
}

export interface Delivery {
  path: '/webhooks/eum' | '/webhooks/razorpay';
  body: string;
  headers: Record<string, string>;
  /** What the delivery is about, for the figures. */
  kind: 'inbound' | 'status' | 'template' | 'razorpay';
  duplicate?: boolean;
}

/** EUM's SNS `Message` body around one Meta entry, wrapped as SNS posts it to an HTTPS subscriber. */
export function eumDelivery(ids: PhoneIds, entry: object, kind: Delivery['kind'], snsMessageId: string): Delivery {
  const message = JSON.stringify({
    context: { MetaWabaIds: [{ wabaId: ids.metaWabaId }], MetaPhoneNumberIds: [{ metaPhoneNumberId: ids.metaPhoneNumberId }] },
    aws_account_id: '000000000000',
    message_timestamp: new Date().toISOString(),
    whatsAppWebhookEntry: JSON.stringify(entry),
  });
  return { path: '/webhooks/eum', body: snsNotification(message, snsMessageId), headers: { 'content-type': 'application/json' }, kind };
}

export function messagesEntry(ids: PhoneIds, value: Record<string, unknown>): object {
  return {
    id: ids.metaWabaId,
    changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550009999', phone_number_id: ids.metaPhoneNumberId }, ...value } }],
  };
}

export function inboundEntry(ids: PhoneIds, waId: string, wamid: string, text: string, unixSeconds: number): object {
  return messagesEntry(ids, {
    contacts: [{ profile: { name: 'Storm Customer' }, wa_id: waId }],
    messages: [{ from: waId, id: wamid, timestamp: String(unixSeconds), type: 'text', text: { body: text } }],
  });
}

export type StormStatus = 'sent' | 'delivered' | 'read' | 'failed';

export function statusEntry(ids: PhoneIds, waId: string, wamid: string, status: StormStatus, unixSeconds: number): object {
  return messagesEntry(ids, {
    statuses: [
      {
        id: wamid,
        status,
        timestamp: String(unixSeconds),
        recipient_id: waId,
        ...(status === 'failed'
          ? {
              errors: [
                { code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } },
              ],
            }
          : { pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' } }),
      },
    ],
  });
}

export function templateStatusEntry(ids: PhoneIds, metaTemplateId: string, name: string, event: string, unixSeconds: number, reason = 'NONE'): object {
  return {
    id: ids.metaWabaId,
    time: unixSeconds,
    changes: [
      {
        field: 'message_template_status_update',
        value: { event, message_template_id: Number(metaTemplateId), message_template_name: name, message_template_language: 'en_US', reason },
      },
    ],
  };
}

/** A Razorpay `payment_link.<status>` body (Razorpay webhook docs, payment_link events). */
export function razorpayLinkBody(link: { id: string; amount: number }, status: 'paid' | 'partially_paid', amountPaid: number, paymentId: string, createdAt: number): string {
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_storm',
    event: `payment_link.${status}`,
    contains: ['payment_link', 'payment'],
    created_at: createdAt,
    payload: {
      payment_link: { entity: { id: link.id, amount: link.amount, amount_paid: amountPaid, currency: 'INR', status, notes: [], upi_link: 'false' } },
      payment: { entity: { id: paymentId, amount: amountPaid, currency: 'INR', status: 'captured', method: 'upi', notes: null, order_id: null } },
    },
  });
}

export const signRazorpay = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

/**
 * Adds duplicates until they are `share` of the total (a redelivery is byte-identical, as SNS and
 * Razorpay redeliver), then shuffles within windows of `window` deliveries: a duplicate lands in
 * its original's window or up to two windows later, as late redeliveries do.
 */
export function duplicateAndShuffle(unique: Delivery[], share: number, window: number, rnd: () => number): Delivery[] {
  const duplicates = Math.round((unique.length * share) / (1 - share));
  const windows: Delivery[][] = [];
  for (let i = 0; i < unique.length; i += window) windows.push(unique.slice(i, i + window));
  for (let d = 0; d < duplicates; d++) {
    const i = Math.floor(rnd() * unique.length);
    const w = Math.min(windows.length - 1, Math.floor(i / window) + Math.floor(rnd() * 3));
    windows[w]!.push({ ...unique[i]!, duplicate: true });
  }
  return windows.flatMap((w) => shuffle(w, rnd));
}

export function shuffle<T>(items: T[], rnd: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export interface SendResult {
  delivery: Delivery;
  status: number;
}

/** Posts every delivery over real HTTP with at most `concurrency` in flight, in list order. */
export async function sendAll(baseUrl: string, deliveries: Delivery[], concurrency: number, onResult?: (r: SendResult) => void): Promise<SendResult[]> {
  const results: SendResult[] = new Array(deliveries.length);
  let next = 0;
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= deliveries.length) return;
      const d = deliveries[i]!;
      let status = 0;
      try {
        const res = await fetch(`${baseUrl}${d.path}`, { method: 'POST', body: d.body, headers: d.headers });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0; // connection refused / reset: not acknowledged
      }
      results[i] = { delivery: d, status };
      onResult?.(results[i]!);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Posts again (as a provider retrying) every delivery that did not get a 2xx, up to `rounds` times. */
export async function retryUnacknowledged(baseUrl: string, results: SendResult[], concurrency: number, rounds = 5): Promise<{ retried: number; stillFailing: number }> {
  let pending = results.filter((r) => r.status < 200 || r.status >= 300);
  let retried = 0;
  for (let round = 0; round < rounds && pending.length; round++) {
    retried += pending.length;
    const again = await sendAll(
      baseUrl,
      pending.map((r) => r.delivery),
      concurrency,
    );
    pending = again.filter((r) => r.status < 200 || r.status >= 300);
    await new Promise((r) => setTimeout(r, 50 * 2 ** round));
  }
  return { retried, stillFailing: pending.length };
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
    }),
  );
  return out;
}

export interface MessageStorm {
  deliveries: Delivery[];
  inbound: string[];
  expectedStatus: Map<string, StormStatus>;
}

/** A seeded storm of inbound messages and status sequences (sent → delivered → read, or → failed). */
export function messageStorm(ids: PhoneIds, opts: { seed: number; unique: number; duplicateShare: number; window: number; tag: string }): MessageStorm {
  const rnd = seeded(opts.seed);
  const now = Math.floor(Date.now() / 1000);
  const customers = Array.from({ length: 30 }, (_, i) => `9197${String(10_000_000 + i)}`);
  const unique: Delivery[] = [];
  const inbound: string[] = [];
  const expectedStatus = new Map<string, StormStatus>();
  let m = 0;
  while (unique.length < opts.unique) {
    const waId = customers[Math.floor(rnd() * customers.length)]!;
    const at = now - 3600 + Math.floor(rnd() * 3000);
    if (rnd() < 0.43) {
      const wamid = `wamid.${opts.tag}IN${++m}`;
      inbound.push(wamid);
      unique.push(eumDelivery(ids, inboundEntry(ids, waId, wamid, `message ${m}`, at), 'inbound', `${opts.tag}-${m}`));
      continue;
    }
    const wamid = `wamid.${opts.tag}OUT${++m}`;
    const r = rnd();
    const path: StormStatus[] = r < 0.05 ? ['sent', 'failed'] : r < 0.55 ? ['sent', 'delivered', 'read'] : r < 0.85 ? ['sent', 'delivered'] : ['sent'];
    expectedStatus.set(wamid, path.at(-1)!);
    path.forEach((s, k) => unique.push(eumDelivery(ids, statusEntry(ids, waId, wamid, s, at + k * 5), 'status', `${opts.tag}-${m}-${s}`)));
  }
  return { deliveries: duplicateAndShuffle(unique, opts.duplicateShare, opts.window, rnd), inbound, expectedStatus };
}
