import type { DomainEvent } from '../../events/index.js';

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

/** At-least-once dedupe of deliveries: claim → do the work → complete (or release on failure). */
export interface DedupeStore {
  /** True when this caller now owns the id; false when it was already completed or is in flight. */
  claim(id: string, inFlightSeconds?: number): Promise<boolean>;
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
