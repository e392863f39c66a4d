import type { SandboxAccount } from './account.js';
import type { IdFactory, SandboxScheduler } from '../shared/scheduler.js';

export interface DeliveredEnvelope {
  snsMessageBody: string;
  entry: MetaEntry;
  at: Date;
  ok: boolean;
  error?: string;
}

export interface MetaEntry {
  id: string;
  time?: number;
  changes: { value: unknown; field: string }[];
}

/** Seconds since the epoch, as Meta's `timestamp` strings. */
export const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Wraps Meta entries in EUM's SNS message body and delivers them, retrying like SNS does. */
export class EumWebhooks {
  readonly log: DeliveredEnvelope[] = [];

  constructor(
    private readonly account: SandboxAccount,
    private readonly deliver: (snsMessageBody: string) => Promise<void>,
    private readonly ids: IdFactory,
    readonly scheduler: SandboxScheduler,
    private readonly now: () => Date,
  ) {}

  /** EUM's SNS `Message` body (AWS EUM Social user guide, "managing-event-destination-dlrs"). */
  envelope(entry: MetaEntry): string {
    const a = this.account;
    const at = this.now();
    return JSON.stringify({
      context: {
        MetaWabaIds: [{ wabaId: a.metaWabaId, arn: a.wabaArn }],
        MetaPhoneNumberIds: [{ metaPhoneNumberId: a.phone.metaPhoneNumberId, arn: a.phone.arn }],
      },
      whatsAppWebhookEntry: JSON.stringify(entry),
      aws_account_id: a.accountId,
      // EUM writes nanosecond precision.
      message_timestamp: at.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z'),
      messageId: this.ids.uuid('sns-message'),
    });
  }

  /** Delivers now; a failure is thrown to the caller (used by the simulated customer). */
  async deliverNow(entry: MetaEntry): Promise<void> {
    const body = this.envelope(entry);
    try {
      await this.deliver(body);
      this.log.push({ snsMessageBody: body, entry, at: this.now(), ok: true });
    } catch (err) {
      this.log.push({ snsMessageBody: body, entry, at: this.now(), ok: false, error: String(err) });
      throw err;
    }
  }

  /**
   * Delivers after `delayMs` (scaled). Entries with the same key go out in order. A failed
   * delivery is retried 3 times with backoff (SNS retries HTTPS endpoints), then logged as lost.
   * `build` runs at delivery time, so it sees the state of that moment (or returns undefined to skip).
   */
  schedule(delayMs: number, build: () => MetaEntry | undefined, key?: string): () => void {
    return this.scheduler.after(
      delayMs,
      async () => {
        const entry = build();
        if (!entry) return;
        const body = this.envelope(entry);
        let lastError: unknown;
        for (let attempt = 0; attempt < 4; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, this.scheduler.scaled(1000 * 2 ** (attempt - 1))));
          try {
            await this.deliver(body);
            this.log.push({ snsMessageBody: body, entry, at: this.now(), ok: true });
            return;
          } catch (err) {
            lastError = err;
          }
        }
        this.log.push({ snsMessageBody: body, entry, at: this.now(), ok: false, error: String(lastError) });
      },
      key,
    );
  }

  /** One Meta `entry` for the `messages` field of this phone number. */
  messagesEntry(value: Record<string, unknown>): MetaEntry {
    const p = this.account.phone;
    return {
      id: this.account.metaWabaId,
      changes: [
        {
          value: { messaging_product: 'whatsapp', metadata: { display_phone_number: p.webhookDisplayPhoneNumber, phone_number_id: p.metaPhoneNumberId }, ...value },
          field: 'messages',
        },
      ],
    };
  }

  /** One Meta `entry` for a WABA-level field (template status/quality, phone quality). */
  wabaEntry(field: string, value: Record<string, unknown>): MetaEntry {
    return { id: this.account.metaWabaId, time: unixSeconds(this.now()), changes: [{ value, field }] };
  }
}
