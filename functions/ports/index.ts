import type { DomainEvent } from '../../events/index.js';

/*
 * Every port (the interfaces the domain and the services depend on) lives in this folder:
 * index.ts (bus, dedupe, secrets), message-store, payments (store, lifecycle starter, Razorpay gateway),
 * templates, quality, analytics, waiters, task-tokens, eum (EUM Social) and media-bucket.
 */

/**
 * Small interfaces the application code depends on. Adapters implement them over AWS SDK
 * clients; tests implement them in memory. Domain code never sees an SDK client.
 */
export interface PublishResult {
  published: string[];
  failed: { eventId: string; errorCode?: string; errorMessage?: string }[];
}

export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<PublishResult>;
}

/**
 * What a claim found: `claimed` — this caller owns the id now; `done` — already handled, a true
 * duplicate; `in-flight` — another attempt holds it and has not finished (it may have crashed: its
 * claim expires after the in-flight window), so the caller must answer "retry later", never "done".
 */
export type ClaimResult = 'claimed' | 'done' | 'in-flight';

/** At-least-once dedupe of deliveries: claim → do the work → complete (or release on failure). */
export interface DedupeStore {
  claim(id: string, inFlightSeconds?: number): Promise<ClaimResult>;
  complete(id: string): Promise<void>;
  release(id: string): Promise<void>;
}

export interface RejectedPayloadStore {
  /** Keeps an unusable payload with the reason, for investigation; never throws on duplicates. */
  keepRejected(input: { source: string; reason: string; raw: string; receivedAt: string }): Promise<void>;
}

export interface SecretProvider {
  /** The secret's string value, cached for a few minutes. */
  get(name: string): Promise<string>;
}
