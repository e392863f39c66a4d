import { createHmac } from 'node:crypto';
import type { IdFactory, SandboxScheduler } from '../shared/scheduler.js';

export interface RazorpayDelivery {
  eventId: string;
  event: string;
  /** The exact bytes sent (and re-sent by redeliver). */
  rawBody: string;
  headers: Record<string, string>;
  at: Date;
  /** delivered: 2xx; lost: dropped by setWebhookLoss; failed: every attempt failed. */
  status: 'scheduled' | 'delivered' | 'lost' | 'failed';
  attempts: number;
  error?: string;
}

/** Razorpay's webhook envelope, signed (hex HMAC-SHA256 of the raw body) and delivered at least once. */
export class RazorpayWebhooks {
  readonly log: RazorpayDelivery[] = [];
  loss = false;

  constructor(
    private readonly deliver: (rawBody: string, headers: Record<string, string>) => Promise<void>,
    private readonly secret: string,
    private readonly accountId: string,
    private readonly ids: IdFactory,
    private readonly scheduler: SandboxScheduler,
    private readonly now: () => Date,
  ) {}

  /** Queues `event` (payload entities built now) after `delayMs`; events of one key go out in order. */
  emit(event: string, payload: Record<string, unknown>, delayMs = 50, key = 'default'): RazorpayDelivery {
    const createdAt = Math.floor(this.now().getTime() / 1000);
    const body = JSON.stringify({
      entity: 'event',
      account_id: this.accountId,
      event,
      contains: Object.keys(payload),
      payload: Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, { entity: structuredClone(v) }])),
      created_at: createdAt,
    });
    const eventId = this.ids.base62('event');
    const d: RazorpayDelivery = {
      eventId,
      event,
      rawBody: body,
      headers: { 'X-Razorpay-Signature': createHmac('sha256', this.secret).update(body).digest('hex'), 'X-Razorpay-Event-Id': eventId, 'User-Agent': 'Razorpay-Webhook/v1' },
      at: this.now(),
      status: 'scheduled',
      attempts: 0,
    };
    this.log.push(d);
    this.scheduler.after(delayMs, () => this.send(d, this.loss), key);
    return d;
  }

  /** Re-sends deliveries byte-identical (same body, signature and event id). */
  async redeliver(eventId?: string): Promise<RazorpayDelivery[]> {
    const targets = eventId ? this.log.filter((d) => d.eventId === eventId) : this.log.filter((d) => d.status === 'lost' || d.status === 'failed');
    if (eventId && targets.length === 0) throw new Error(`no delivery with event id ${eventId}`);
    for (const d of targets) await this.send(d, false);
    return targets.map((d) => ({ ...d }));
  }

  private async send(d: RazorpayDelivery, drop: boolean): Promise<void> {
    if (drop) {
      d.status = 'lost';
      return;
    }
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.scheduler.scaled(1000 * 2 ** (attempt - 1))));
      d.attempts++;
      try {
        await this.deliver(d.rawBody, { ...d.headers });
        d.status = 'delivered';
        d.error = undefined;
        return;
      } catch (err) {
        d.error = String(err);
      }
    }
    d.status = 'failed';
  }
}
