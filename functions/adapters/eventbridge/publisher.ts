import type { EventBridgeClient, PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type DomainEvent } from '../../../events/index.js';
import type { EventPublisher, PublishResult } from '../../ports/index.js';
import { loadOnce } from '../load-once.js';
import { traced } from '../../observability/tracer.js';

const sdk = loadOnce(() => import('./eventbridge-commands.js'));

const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

/** PutEvents entry size as EventBridge counts it (UTF-8 bytes of the fields, plus 14 for Time). */
export function entrySize(e: PutEventsRequestEntry): number {
  const b = (s?: string) => (s ? Buffer.byteLength(s) : 0);
  return 14 + b(e.Source) + b(e.DetailType) + b(e.Detail) + (e.Resources ?? []).reduce((n, r) => n + b(r), 0);
}

/** Splits entries into batches of ≤ 10 entries and ≤ 256 KB. */
export function toBatches(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length && (current.length === MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

export interface PublisherOptions {
  busName: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Entry error codes EventBridge documents as retryable (PutEventsResultEntry.ErrorCode); any other code fails again. */
const TRANSIENT_ENTRY_CODES = new Set(['InternalFailure', 'ThrottlingException']);

/**
 * A whole call that threw (after the SDK's own retries) is worth another attempt unless the service
 * blamed the request itself: a client fault that is not throttling (access denied, validation, too large).
 */
function transientCallError(err: unknown): boolean {
  const e = err as { name?: string; $fault?: string; $retryable?: unknown };
  return e.$fault !== 'client' || Boolean(e.$retryable) || TRANSIENT_ENTRY_CODES.has(e.name ?? '');
}

/**
 * Publishes domain events, retrying only the entries that failed (FailedEntryCount > 0) with a
 * transient error; an entry refused for good is reported at once with its error code.
 */
export class EventBridgePublisher implements EventPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** `client` is created on first publish when not given (handlers that never publish never load the SDK). */
  constructor(
    private client: EventBridgeClient | undefined,
    private readonly options: PublisherOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async publish(events: DomainEvent[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    const entries = events.map((e) => this.toEntry(e));
    for (const batch of toBatches(entries)) {
      await this.sendWithRetry(batch, result);
    }
    return result;
  }

  private async sendWithRetry(batch: PutEventsRequestEntry[], result: PublishResult): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length; attempt++) {
      let out: PutEventsResultEntry[] | undefined;
      let callRetryable: boolean | undefined;
      try {
        const { EventBridgeClient, PutEventsCommand } = await sdk();
        this.client ??= traced(new EventBridgeClient({}));
        out = (await this.client.send(new PutEventsCommand({ Entries: pending }))).Entries;
      } catch (err) {
        // The whole call failed (after the SDK's own retries): every pending entry failed this attempt,
        // and is reported, not thrown, so the caller can release exactly these claims.
        const { name, message } = err as Error;
        out = pending.map(() => ({ ErrorCode: name || 'PutEventsError', ErrorMessage: message }));
        callRetryable = transientCallError(err);
      }
      const retry: PutEventsRequestEntry[] = [];
      pending.forEach((entry, i) => {
        const r = out?.[i];
        const eventId = idOf(entry);
        if (r?.EventId && !r.ErrorCode) result.published.push(eventId);
        else if (attempt < this.maxAttempts && (callRetryable ?? (!r?.ErrorCode || TRANSIENT_ENTRY_CODES.has(r.ErrorCode)))) retry.push(entry);
        else result.failed.push({ eventId, errorCode: r?.ErrorCode, errorMessage: r?.ErrorMessage });
      });
      pending = retry;
      if (pending.length) await this.sleep(jitter(this.baseDelayMs * 2 ** (attempt - 1)));
    }
  }

  private toEntry(e: DomainEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.options.busName,
      Source: EVENT_SOURCE,
      DetailType: e.detailType,
      Detail: JSON.stringify(e.detail),
      Time: new Date(e.detail.occurredAt),
    };
  }
}

const idOf = (entry: PutEventsRequestEntry): string => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId;
/** Full jitter: a random delay in [0, cap). */
const jitter = (capMs: number): number => Math.floor(Math.random() * capMs);
