import { EumSnsMessageSchema } from '../../../events/inbound/eum-sns.js';
import { MetaEntrySchema, type MetaEntry } from '../../../events/inbound/meta-webhook.js';

/** Collects what a sandbox delivers to its webhook, and waits for it. */
export class WebhookInbox<T> {
  readonly items: T[] = [];
  private waiters: (() => void)[] = [];

  push = (item: T): void => {
    this.items.push(item);
    for (const w of this.waiters.splice(0)) w();
  };

  async until<R>(probe: (items: T[]) => R | undefined | false, timeoutMs = 5_000): Promise<R> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe(this.items);
      if (v !== undefined && v !== false) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`webhook condition not met in ${timeoutMs} ms; got ${this.items.length} deliveries`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

/** Parses EUM's SNS message body with the project's own inbound schemas (as the ingest does). */
export function parseEumBody(body: string): { envelope: ReturnType<typeof EumSnsMessageSchema.parse>; entry: MetaEntry } {
  const envelope = EumSnsMessageSchema.parse(JSON.parse(body));
  const entry = MetaEntrySchema.parse(JSON.parse(envelope.whatsAppWebhookEntry));
  return { envelope, entry };
}

export const sdkConfig = (endpoint: string) => ({
  endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});
